/**
 * The findings of issue 17 over HTTP, one by one: each was a 500 or lost data; each is now a 4xx
 * with a stable code, and nothing already accepted is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleShipment } from '../testing/support.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';

/** A valid filing with `{"a":{"a":…}}` n deep under `extensions`, as text (JSON.stringify would overflow). */
const deepFiling = (n: number): string =>
  JSON.stringify(sampleShipment()).slice(0, -1) +
  `,"extensions":{"x":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}`;

describe('robustness: hostile inputs get a 4xx with a code, never a 500', () => {
  let t: SharedApp;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const json = (key: string) => ({ ...auth(key), 'content-type': 'application/json' });

  before(async () => {
    t = await sharedApp();
  });
  after(() => t.close());

  const file = (body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      headers: json(t.filer),
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses a field the contract does not know, naming it', async () => {
    const res = await file(sampleShipment({ marketplace: 'x' }));
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'FIELD_UNKNOWN');
    assert.match(res.json().message, /marketplace/);
    const inLine = sampleShipment();
    (inLine.lines as Record<string, unknown>[])[0]!.colour = 'red';
    const r2 = await file(inLine);
    assert.equal(r2.json().code, 'FIELD_UNKNOWN');
    assert.equal(r2.json().path, 'lines[0]');
    assert.match(r2.json().message, /colour/);
  });

  it('keeps what a filer adds under one bounded `extensions` object', async () => {
    const res = await file(
      sampleShipment({ extensions: { marketplace: { name: 'Example', order: 'O-1' } } }),
    );
    assert.equal(res.statusCode, 201, res.body);
    const got = await t.app.inject({ url: `/v1/shipments/${res.json().id}`, headers: auth(t.filer) });
    assert.deepEqual(got.json().shipment.extensions, { marketplace: { name: 'Example', order: 'O-1' } });
    const big = await file(sampleShipment({ extensions: { blob: 'x'.repeat(20_000) } }));
    assert.equal(big.statusCode, 400);
    assert.equal(big.json().code, 'EXTENSIONS_TOO_LARGE');
  });

  it('refuses a 10,000-deep body with 400 and stores nothing', async () => {
    const before = await t.c.store.shipments.count();
    const res = await file(deepFiling(10_000));
    assert.equal(res.statusCode, 400, res.body.slice(0, 300));
    assert.equal(res.json().code, 'JSON_TOO_DEEP');
    const raw = await file(`{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    assert.equal(raw.statusCode, 400);
    assert.equal(raw.json().code, 'JSON_TOO_DEEP');
    assert.equal(await t.c.store.shipments.count(), before);
  });

  it('refuses a NUL character in any text with 400 (both stores answer the same)', async () => {
    for (const over of [
      { reference: 'R\u0000' },
      { transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2026-12-0\u00001' } },
    ]) {
      const res = await file(sampleShipment(over));
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'TEXT_NUL');
    }
  });

  it('answers null bodies with 400 on every route that takes a body', async () => {
    for (const url of ['/v1/screen', '/v1/screening/decisions', '/v1/entities/ent_x/merge', '/v1/resolve']) {
      const res = await t.app.inject({ method: 'POST', url, headers: json(t.officer), payload: 'null' });
      assert.ok([400, 403].includes(res.statusCode), `${url}: ${res.statusCode} ${res.body}`);
    }
  });

  it('refuses a document upload without filename or type, and line=abc', async () => {
    const filed = await file(sampleShipment({ reference: 'DOC-1' }));
    const id = filed.json().id as string;
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    for (const q of [
      'media_type=application/pdf&type=invoice',
      'media_type=application/pdf&filename=a.pdf',
      'media_type=application/pdf&filename=a.pdf&type=invoice&line=abc',
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/shipments/${id}/documents?${q}`,
        headers: { ...auth(t.filer), 'content-type': 'application/octet-stream' },
        payload: pdf,
      });
      assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
    }
  });
});
