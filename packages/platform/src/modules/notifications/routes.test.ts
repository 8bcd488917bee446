import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';

describe('HTTP: webhooks per tenant are bounded', () => {
  let t: SharedApp;
  let other: string;
  before(async () => {
    // The default limit (20): no TRADELANE_WEBHOOKS_PER_TENANT here.
    t = await sharedApp({ skipClassifier: true }, { TRADELANE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    other = (await t.c.apiKeys.create({ tenant: 'globex', role: 'filer' })).key;
  });
  after(() => t.close());

  const call = (method: 'POST' | 'DELETE' | 'GET', url: string, key: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  const register = (url: string, key = t.filer, events?: string[]) =>
    call('POST', '/v1/webhooks', key, { url, ...(events ? { events } : {}) });

  it('registers 20 webhooks, refuses the 21st with 409 WEBHOOK_LIMIT_REACHED, and one more after a delete', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await register(`http://127.0.0.1:9/hook-${i}`);
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id as string);
    }
    // The amplification the limit bounds: the same third-party URL, again and again.
    const refused = await register('http://127.0.0.1:9/hook-0?again');
    assert.equal(refused.statusCode, 409, refused.body);
    assert.deepEqual(
      [refused.json().code, refused.json().path, refused.json().details],
      ['WEBHOOK_LIMIT_REACHED', 'url', { limit: 20 }],
    );
    assert.equal((await call('GET', '/v1/webhooks', t.filer)).json().webhooks.length, 20);
    // Another tenant has its own 20.
    assert.equal((await register('http://127.0.0.1:9/hook-0', other)).statusCode, 201);
    // A deleted webhook frees its place.
    assert.equal((await call('DELETE', `/v1/webhooks/${ids[0]}`, t.filer)).statusCode, 204);
    assert.equal((await register('http://127.0.0.1:9/hook-20')).statusCode, 201);
    assert.equal((await register('http://127.0.0.1:9/hook-21')).json().code, 'WEBHOOK_LIMIT_REACHED');
    for (const id of ids.slice(1)) await call('DELETE', `/v1/webhooks/${id}`, t.filer);
  });

  it('refuses the same URL for the same events twice with 409 WEBHOOK_DUPLICATE, in any order', async () => {
    const url = 'http://127.0.0.1:9/dup';
    const first = await register(url, t.filer, ['shipment.status', 'shipment.decided']);
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json().events, ['shipment.decided', 'shipment.status']);
    const again = await register(url, t.filer, ['shipment.decided', 'shipment.status', 'shipment.decided']);
    assert.equal(again.statusCode, 409, again.body);
    assert.deepEqual([again.json().code, again.json().path], ['WEBHOOK_DUPLICATE', 'url']);
    // The URL as the server writes it: the same receiver however it was spelled.
    assert.equal(
      (await register('HTTP://127.0.0.1:9/dup', t.filer, ['shipment.decided', 'shipment.status'])).json()
        .code,
      'WEBHOOK_DUPLICATE',
    );
    // Other events to the same URL, or the same events after a delete, are a new webhook.
    assert.equal((await register(url, t.filer, ['trusted.status'])).statusCode, 201);
    assert.equal((await call('DELETE', `/v1/webhooks/${first.json().id}`, t.filer)).statusCode, 204);
    assert.equal((await register(url, t.filer, ['shipment.decided', 'shipment.status'])).statusCode, 201);
  });

  it('declares the 409 in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    assert.ok(doc.paths['/v1/webhooks'].post.responses['409']);
  });
});
