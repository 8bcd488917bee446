import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';

/** Keys that expire and are revoked at once; console sessions with a CSRF token. */
describe('access: keys and console sessions', () => {
  let t: SharedApp;
  let admin: string;
  before(async () => {
    t = await sharedApp({ skipClassifier: true });
    admin = (await t.c.apiKeys.create({ tenant: 'ops', role: 'admin' })).key;
  });
  after(() => t.close());
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('refuses a revoked key at once, and an expired one', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: bearer(admin),
      payload: { tenant: 'acme', role: 'filer', label: 'erp' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { key, record } = created.json();
    assert.equal((await t.app.inject({ url: '/v1/alerts', headers: bearer(key) })).statusCode, 200);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/v1/keys/${record.id}/revoke`,
      headers: bearer(admin),
    });
    assert.equal(revoked.json().status, 'revoked');
    const after = await t.app.inject({ url: '/v1/alerts', headers: bearer(key) });
    assert.equal(after.statusCode, 401);
    const again = await t.app.inject({
      method: 'POST',
      url: `/v1/keys/${record.id}/revoke`,
      headers: bearer(admin),
    });
    assert.equal(again.json().code, 'KEY_REVOKED');

    const past = await t.c.apiKeys.create({ tenant: 'acme', role: 'filer', expires: '1m' });
    assert.equal((await t.app.inject({ url: '/v1/alerts', headers: bearer(past.key) })).statusCode, 200);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: bearer(admin),
      payload: { tenant: 'acme', role: 'filer', expires: '2001-01-01' },
    });
    assert.equal(bad.json().code, 'KEY_EXPIRY_INVALID');
  });

  it('rotates a key: the new one works, the old one stops', async () => {
    const old = await t.c.apiKeys.create({ tenant: 'acme', role: 'officer' });
    const r = await t.app.inject({
      method: 'POST',
      url: `/v1/keys/${old.record.id}/rotate`,
      headers: bearer(admin),
    });
    assert.equal(r.statusCode, 201);
    assert.equal(r.json().record.role, 'officer');
    assert.equal(
      (await t.app.inject({ url: '/v1/rules/stats', headers: bearer(r.json().key) })).statusCode,
      200,
    );
    assert.equal((await t.app.inject({ url: '/v1/rules/stats', headers: bearer(old.key) })).statusCode, 401);
  });

  it('lets only admins manage keys, and gives an agency only to a PGA officer', async () => {
    assert.equal((await t.app.inject({ url: '/v1/keys', headers: bearer(t.officer) })).statusCode, 403);
    await assert.rejects(t.c.apiKeys.create({ tenant: 'fda', role: 'pga_officer' }), /names its agency/);
    await assert.rejects(
      t.c.apiKeys.create({ tenant: 'acme', role: 'filer', agency: 'FDA' }),
      /only a pga_officer/,
    );
  });

  it('signs in to the console with a session cookie: HttpOnly, SameSite=Strict, CSRF-checked, revocable', async () => {
    const key = (await t.c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key;
    const signIn = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { key } });
    assert.equal(signIn.statusCode, 201);
    const setCookie = String(signIn.headers['set-cookie']);
    assert.match(setCookie, /^tl_session=tls_[\w-]+;/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const { csrf_token: csrf, principal } = signIn.json();
    assert.deepEqual([principal.tenant, principal.role], ['cbp', 'officer']);

    const who = await t.app.inject({ url: '/v1/session', headers: { cookie } });
    assert.equal(who.json().csrf_token, csrf);
    // A change without the CSRF token is refused; with it, it goes through.
    const body = { shipment_id: 'shp_none', party_index: 0, entity_id: 'ofac-sdn:1', reason: 'test' };
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/v1/screening/decisions',
      headers: { cookie },
      payload: body,
    });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'CSRF_INVALID');
    const withCsrf = await t.app.inject({
      method: 'POST',
      url: '/v1/screening/decisions',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: body,
    });
    assert.notEqual(withCsrf.json().code, 'CSRF_INVALID');

    const out = await t.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
    assert.equal((await t.app.inject({ url: '/v1/session', headers: { cookie } })).statusCode, 401);

    const bad = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { key: 'tlk_nope' } });
    assert.equal(bad.statusCode, 401);
  });
});
