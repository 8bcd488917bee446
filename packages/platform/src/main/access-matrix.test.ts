/**
 * The access matrix, driven by the OpenAPI document: every operation × every role, the expected
 * answer written once below as data. An operation missing from the table fails the test (a new
 * route declares who may call it here too); so does any difference: a role let in where the table
 * says no is a leak, a role kept out where it says yes is a regression. Keys that are absent,
 * unknown, revoked or expired are refused on every operation that is not public.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../kernel/principal.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import type { KyselyStore } from './store/kysely-store.js';

/** Who may call each operation: `public`, or the roles (F filer, O officer, P pga_officer, A analyst, D admin). */
const MATRIX: Readonly<Record<string, string>> = {
  'POST /v1/session': 'public',
  'GET /v1/session': 'FOPAD',
  'DELETE /v1/session': 'FOPAD',
  'GET /v1/keys': 'D',
  'POST /v1/keys': 'D',
  'POST /v1/keys/{id}/revoke': 'D',
  'POST /v1/keys/{id}/rotate': 'D',
  'POST /v1/shipments': 'FD',
  'GET /v1/shipments': 'FOD',
  'GET /v1/dashboard': 'OAD',
  'GET /v1/shipments/{id}': 'FOPD',
  'POST /v1/shipments:batch': 'FD',
  'GET /v1/tariff/{hts}': 'public',
  'GET /v1/tariff': 'public',
  'GET /v1/refdata/status': 'FOPAD',
  'POST /v1/screen': 'FOD',
  'POST /v1/screening/decisions': 'OD',
  'GET /v1/alerts': 'FOD',
  'POST /v1/alerts/{id}/acknowledge': 'OD',
  'GET /v1/entities/{id}': 'FOD',
  'POST /v1/resolve': 'FOD',
  'POST /v1/entities/{id}/merge': 'OD',
  'POST /v1/entities/{id}/split': 'OD',
  'POST /v1/pga/determine': 'FOPD',
  'GET /v1/pga/agencies': 'public',
  'GET /v1/pga/paperless': 'FOPAD',
  'POST /v1/classify': 'FOPAD',
  'GET /v1/classify/model': 'FOPAD',
  'POST /v1/classify/check': 'FOPAD',
  'POST /v1/classify/corrections': 'OD',
  'GET /v1/classify/corrections': 'OAD',
  'POST /v1/classify/model/rebuild': 'OD',
  'GET /v1/queue': 'OPD',
  'POST /v1/shipments/{id}/actions': 'OPD',
  'GET /v1/rules/stats': 'OAD',
  'POST /v1/webhooks': 'FD',
  'GET /v1/webhooks': 'FD',
  'GET /v1/webhooks/{id}/deliveries': 'FD',
  'DELETE /v1/webhooks/{id}': 'FD',
  'GET /v1/events': 'FOD',
  'POST /v1/shipments/{id}/documents': 'FD',
  'GET /v1/shipments/{id}/documents': 'FOPD',
  'POST /v1/trusted-traders/{id}/documents': 'FD',
  'GET /v1/trusted-traders/{id}/documents': 'FOPD',
  'GET /v1/shipments/{id}/documents/{sha256}': 'FOPD',
  'GET /v1/trusted-traders/program': 'public',
  'POST /v1/trusted-traders/applications': 'F',
  'GET /v1/trusted-traders': 'FOAD',
  'GET /v1/trusted-traders/reminders': 'FOD',
  'GET /v1/trusted-traders/{id}': 'FOAD',
  'POST /v1/trusted-traders/{id}/actions': 'FOD',
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/evidence': 'FD',
  'POST /v1/trusted-traders/{id}/requirements/{requirement}/verdict': 'OD',
  'PUT /v1/trusted-traders/{id}/supply-chains/{product}': 'FD',
  'GET /v1/trusted-traders/{id}/supply-chains/{product}': 'FOD',
  'GET /v1/trusted-traders/{id}/supply-chains/{product}/evidence-pack': 'FOD',
  'GET /v1/benefits/report': 'OAD',
};

const LETTER: Readonly<Record<Role, string>> = {
  filer: 'F',
  officer: 'O',
  pga_officer: 'P',
  analyst: 'A',
  admin: 'D',
};

/** Streams that never end are asked with a key refused or let in before the stream opens. */
const STREAMS = new Set(['GET /v1/events']);

describe('access matrix: every operation × every role, from the OpenAPI document', () => {
  let t: SharedApp;
  const keys = new Map<Role, string>();
  let revoked = '';
  let expired = '';
  let ops: { method: string; path: string }[] = [];

  before(async () => {
    t = await sharedApp({ skipClassifier: true }, { TRADELANE_RATE_LIMIT_HEAVY: '0' });
    for (const role of Object.keys(LETTER) as Role[]) {
      const k = await t.c.apiKeys.create({
        tenant: 'acme',
        role,
        ...(role === 'pga_officer' ? { agency: 'FDA' } : {}),
      });
      keys.set(role, k.key);
    }
    const r = await t.c.apiKeys.create({ tenant: 'acme', role: 'admin' });
    await t.c.apiKeys.revoke(r.record.id);
    revoked = r.key;
    // A key whose expiry has passed (written to the store as time would have made it).
    const e = await t.c.apiKeys.create({ tenant: 'acme', role: 'admin', expires: '1m' });
    await (t.c.store as KyselyStore).db
      .updateTable('api_keys')
      .set({ expires_at: '2001-01-01T00:00:00.000Z' })
      .where('id', '=', e.record.id)
      .execute();
    expired = e.key;
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.keys(byMethod).map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  after(() => t.close());

  const call = (op: { method: string; path: string }, key: string | null) =>
    t.app.inject({
      method: op.method as 'GET',
      url: op.path.replace(/\{[^}]+\}/g, 'x'),
      headers: {
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
      },
      ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: '{}' }),
    });

  it('has every operation of the OpenAPI document in the table, and nothing else', () => {
    const documented = ops.map((o) => `${o.method} ${o.path}`).sort();
    assert.deepEqual(documented, Object.keys(MATRIX).sort());
  });

  it('lets in exactly the roles the table names, and no one without a valid key', async () => {
    const leaks: string[] = [];
    for (const op of ops) {
      const name = `${op.method} ${op.path}`;
      const allowed = MATRIX[name]!;
      for (const [role, key] of keys) {
        if (STREAMS.has(name) && allowed.includes(LETTER[role])) continue;
        const res = await call(op, key);
        const refused = res.statusCode === 401 || (res.statusCode === 403 && res.json().code === 'FORBIDDEN');
        const want = allowed === 'public' || allowed.includes(LETTER[role]);
        if (want === refused)
          leaks.push(`${name} as ${role}: ${res.statusCode} (table: ${want ? 'allow' : 'deny'})`);
      }
      if (allowed === 'public') continue;
      for (const [what, key] of [
        ['no key', null],
        ['an unknown key', 'tlk_not-a-key'],
        ['a revoked key', revoked],
        ['an expired key', expired],
      ] as const) {
        const res = await call(op, key);
        if (res.statusCode !== 401) leaks.push(`${name} with ${what}: ${res.statusCode}`);
      }
    }
    assert.deepEqual(leaks, []);
  });
});
