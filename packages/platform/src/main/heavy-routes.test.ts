/**
 * Heavy endpoints cannot starve the others: they need a key, take bounded batches (BATCH_TOO_LARGE),
 * are limited per key (429 RATE_LIMITED with Retry-After), and a large batch lets filings through
 * while it runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './http.js';
import { TEST_HTTP, sharedApp, type SharedApp } from '../testing/shared-app.js';
import { sampleShipment } from '../testing/support.js';

const DESCRIPTIONS = [
  "Men's knitted cotton T-shirt",
  'Stainless steel kitchen knife with plastic handle',
  'Portable laptop computer, 14 inch screen',
  'Wooden pallets for shipping',
  'Frozen shrimp, peeled and deveined',
  'Ceramic coffee mug',
];

describe('heavy routes', () => {
  let t: SharedApp;
  let limited: FastifyInstance;
  const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

  before(async () => {
    t = await sharedApp();
    limited = await buildApp(t.c, { ...TEST_HTTP, heavyPerMinute: 3 });
  });
  after(async () => {
    await limited.close();
    await t.close();
  });

  it('need a key', async () => {
    for (const url of ['/v1/classify', '/v1/screen', '/v1/resolve', '/v1/pga/determine']) {
      const res = await t.app.inject({ method: 'POST', url, payload: { name: 'x' } });
      assert.equal(res.statusCode, 401, url);
    }
    for (const url of ['/v1/benefits/report', '/v1/pga/paperless', '/v1/rules/stats'])
      assert.equal((await t.app.inject({ url })).statusCode, 401, url);
  });

  it('refuse a batch over its bound with 413 BATCH_TOO_LARGE', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({ id: String(i), description: 'shirt' }));
    const c = await t.app.inject({
      method: 'POST',
      url: '/v1/classify',
      headers: json(t.filer),
      payload: { items },
    });
    assert.equal(c.statusCode, 413, c.body.slice(0, 600));
    assert.equal(c.json().code, 'BATCH_TOO_LARGE');
    const parties = Array.from({ length: 1001 }, () => ({ name: 'Acme' }));
    const s = await t.app.inject({
      method: 'POST',
      url: '/v1/screen',
      headers: json(t.filer),
      payload: { parties },
    });
    assert.equal(s.statusCode, 413, s.body.slice(0, 300));
    assert.equal(s.json().code, 'BATCH_TOO_LARGE');
  });

  it('limit each key: 429 RATE_LIMITED with Retry-After, other keys unaffected', async () => {
    const other = (await t.c.apiKeys.create({ tenant: 'globex', role: 'filer' })).key;
    const call = (key: string) =>
      limited.inject({
        method: 'POST',
        url: '/v1/classify',
        headers: json(key),
        payload: { description: 'shirt' },
      });
    for (let i = 0; i < 3; i++) assert.equal((await call(t.filer)).statusCode, 200);
    const over = await call(t.filer);
    assert.equal(over.statusCode, 429, over.body);
    assert.equal(over.json().code, 'RATE_LIMITED');
    assert.ok(Number(over.headers['retry-after']) > 0, JSON.stringify(over.headers));
    assert.equal((await call(other)).statusCode, 200);
    // Filing is not a heavy route.
    for (let i = 0; i < 5; i++) {
      const f = await limited.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: json(t.filer),
        payload: sampleShipment({ reference: `RL-${i}` }),
      });
      assert.equal(f.statusCode, 201);
    }
  });

  it('let filings through while a 1000-item classification runs', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      id: String(i),
      description: `${DESCRIPTIONS[i % DESCRIPTIONS.length]} model ${i}`,
    }));
    const file = async (i: number) => {
      const t0 = performance.now();
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: json(t.filer),
        payload: sampleShipment({ reference: `HV-${i}` }),
      });
      assert.equal(res.statusCode, 201);
      return performance.now() - t0;
    };
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push(await file(i));
    const t0 = performance.now();
    let batchDone = 0;
    const batch = t.app
      .inject({ method: 'POST', url: '/v1/classify', headers: json(t.filer), payload: { items } })
      .then((r) => {
        batchDone = performance.now();
        assert.equal(r.statusCode, 200);
      });
    const during: number[] = [];
    const filedAt: number[] = [];
    for (let i = 0; i < 5; i++) {
      during.push(await file(100 + i));
      filedAt.push(performance.now());
    }
    await batch;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const batchMs = batchDone - t0;
    console.log(
      `filing latency: idle median ${median(idle).toFixed(1)} ms; during a 1000-item classify batch (${batchMs.toFixed(0)} ms) median ${median(during).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms`,
    );
    // Every filing finished while the batch was still running: none waited for the whole batch.
    assert.ok(
      filedAt.every((at) => at < batchDone),
      `filings ended at ${filedAt.map((x) => (x - t0).toFixed(0)).join(', ')} ms; the batch at ${batchMs.toFixed(0)} ms`,
    );
  });
});
