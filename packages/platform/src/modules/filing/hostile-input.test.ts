/**
 * Filing input a security probe sent (docs/security.md), over HTTP through the app factory: lone
 * UTF-16 surrogates (answered 201 and stored as something else than filed), a single filing's
 * Idempotency-Key taking a batch line's (`K#1` blocked line 1 of batch `K`), an HTS number with
 * malformed dots (`6109..10.00.12` was valid), a long id (Fastify's own 414 body).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createContainer, type Container } from '../../main/container.js';
import { buildApp } from '../../main/http.js';
import { TEST_HTTP } from '../../testing/shared-app.js';
import { fixtureDir, sampleShipment, testConfig } from '../../testing/support.js';

describe('hostile filing input over HTTP', () => {
  let c: Container;
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: fixtureDir() }), { skipClassifier: true });
    app = await buildApp(c, TEST_HTTP);
    key = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
  });
  after(async () => {
    await app.close();
    await c.close();
  });

  const post = (payload: string, idempotencyKey?: string, url = '/v1/shipments') =>
    app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      payload,
    });
  const batch = (lines: string[], idempotencyKey?: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/shipments:batch',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/x-ndjson',
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
      payload: lines.join('\n') + '\n',
    });
  const results = (body: string) =>
    body
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            line: number;
            id?: string;
            status?: string;
            replayed?: boolean;
            error?: { code: string; path: string };
          },
      );
  const line = sampleShipment().lines as Record<string, unknown>[];

  describe('lone surrogates', () => {
    // JSON.stringify writes a lone surrogate as its escape (`"SURR-\udfff"`), as the probe sent it.
    const lone = [
      [sampleShipment({ reference: 'SURR-\udfff' }), 'reference'],
      [sampleShipment({ reference: 'SURR-2', extensions: { note: 'x\ud800y' } }), 'extensions.note'],
      [
        sampleShipment({ reference: 'SURR-3', lines: [{ ...line[0], description: 'T-shirt \udc00' }] }),
        'lines[0].description',
      ],
    ] as const;

    it('answers a filing with one 400 TEXT_UNPAIRED_SURROGATE naming the string, and stores nothing', async () => {
      const before = await c.store.shipments.count();
      for (const [body, path] of lone) {
        const text = JSON.stringify(body);
        assert.match(text, /\\ud[89a-f][0-9a-f]{2}/, 'the body carries the escape');
        const res = await post(text);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'TEXT_UNPAIRED_SURROGATE');
        assert.equal(res.json().path, path);
      }
      // Upper-case hex too.
      const upper = await post(
        JSON.stringify(sampleShipment({ reference: 'SURR-X' })).replace('SURR-X', 'SURR-\\uDFFF'),
      );
      assert.equal(upper.json().code, 'TEXT_UNPAIRED_SURROGATE', upper.body);
      assert.equal(await c.store.shipments.count(), before);
    });

    it('files a pair, escaped or not, and reads it back as filed', async () => {
      for (const text of [
        JSON.stringify(sampleShipment({ reference: 'PAIR-\ud83d\ude00' })),
        JSON.stringify(sampleShipment({ reference: 'PAIR-X' })).replace('PAIR-X', 'PAIR-\\ud83d\\uDE00'),
      ]) {
        const res = await post(text);
        assert.ok(res.statusCode === 201 || res.statusCode === 422, res.body);
        const got = await app.inject({
          url: `/v1/shipments/${res.json().id}`,
          headers: { authorization: `Bearer ${key}` },
        });
        assert.equal(got.json().reference, 'PAIR-\u{1f600}');
        assert.equal(got.json().shipment.reference, 'PAIR-\u{1f600}');
      }
    });

    it('refuses only the line of a batch that holds one', async () => {
      const before = await c.store.shipments.count();
      const res = await batch([
        JSON.stringify(sampleShipment({ reference: 'SB-1' })),
        JSON.stringify(lone[0][0]),
        JSON.stringify(sampleShipment({ reference: 'SB-3' })),
        JSON.stringify(lone[2][0]),
      ]);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        results(res.body).map((r) => `${r.line}:${r.error ? `${r.error.code}@${r.error.path}` : r.status}`),
        [
          '1:accepted',
          '2:TEXT_UNPAIRED_SURROGATE@reference',
          '3:accepted',
          '4:TEXT_UNPAIRED_SURROGATE@lines[0].description',
        ],
      );
      assert.equal(await c.store.shipments.count(), before + 2);
    });

    it('refuses one in any JSON body, before the route reads it', async () => {
      const res = await post('{"descriptions": ["cotton \\udfff shirt"]}', undefined, '/v1/classify');
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, 'TEXT_UNPAIRED_SURROGATE');
      assert.equal(res.json().path, 'descriptions[0]');
    });
  });

  describe('idempotency keys of single filings and of batch lines', () => {
    it("refuses a single filing key of a batch line's form, so that it cannot block that line", async () => {
      const k = `idem-${Date.now()}`;
      const before = await c.store.shipments.count();
      const single = await post(JSON.stringify(sampleShipment({ reference: 'IK-SINGLE' })), `${k}#1`);
      assert.equal(single.statusCode, 400, single.body);
      assert.equal(single.json().code, 'IDEMPOTENCY_KEY_INVALID');
      assert.equal(single.json().path, 'headers.idempotency-key');
      assert.equal(await c.store.shipments.count(), before);
      // The probe's order: the batch's line 1 is filed, not IDEMPOTENCY_CONFLICT.
      const first = results((await batch([JSON.stringify(sampleShipment({ reference: 'IK-B1' }))], k)).body);
      assert.equal(first[0]!.status, 'accepted', JSON.stringify(first));
      // The other order: the batch line is not replayed to (nor blocks) a single filing.
      assert.equal(
        (await post(JSON.stringify(sampleShipment({ reference: 'IK-B1' })), `${k}#1`)).statusCode,
        400,
      );
      // The batch's own key, and keys with a `#` elsewhere, are a single filing's to take.
      for (const own of [k, `${k}#`, `${k}#a1`, `order#12-b`, `#`]) {
        const res = await post(JSON.stringify(sampleShipment({ reference: `IK-${own}` })), own);
        assert.equal(res.statusCode, 201, `${own}: ${res.body}`);
        assert.equal(res.headers['idempotent-replayed'], undefined, own);
      }
      // A retry of the batch still answers its line from before (keys stored as `<key>#<line>`).
      const again = results((await batch([JSON.stringify(sampleShipment({ reference: 'IK-B1' }))], k)).body);
      assert.deepEqual([again[0]!.id, again[0]!.replayed], [first[0]!.id, true]);
    });

    it('keeps batch keys holding `#` apart: a line of batch K#1 is not line 1 of batch K', async () => {
      const k = `idem-hash-${Date.now()}`;
      const a = results((await batch([JSON.stringify(sampleShipment({ reference: 'H-A' }))], `${k}#1`)).body);
      const b = results((await batch([JSON.stringify(sampleShipment({ reference: 'H-B' }))], k)).body);
      assert.equal(a[0]!.status, 'accepted');
      assert.equal(b[0]!.status, 'accepted');
      assert.notEqual(a[0]!.id, b[0]!.id);
    });
  });

  it('answers an id longer than the router takes 414 URL_TOO_LONG, in the API error shape', async () => {
    const res = await app.inject({
      url: `/v1/shipments/${'x'.repeat(10_000)}`,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(res.statusCode, 414);
    assert.deepEqual([res.json().code, res.json().path], ['URL_TOO_LONG', 'url']);
  });

  describe('HTS numbers with malformed dots', () => {
    it('rejects each with HTS_INVALID_FORMAT at its line, and files the well-written ones', async () => {
      const hts = (h: string) => sampleShipment({ reference: `HTS-${h}`, lines: [{ ...line[0], hts: h }] });
      for (const bad of ['6109..10.00.12', '.6109.10.00.12', '6109.10.00.12.', '61.09.10.00.12']) {
        const res = await post(JSON.stringify(hts(bad)));
        assert.equal(res.statusCode, 422, res.body);
        const f = (res.json().findings as { code: string; path: string; severity: string }[]).filter((x) =>
          x.code.startsWith('HTS'),
        );
        assert.deepEqual(
          f.map((x) => `${x.severity}:${x.code}@${x.path}`),
          ['error:HTS_INVALID_FORMAT@lines[0].hts'],
          bad,
        );
      }
      for (const good of ['6109.10.00.12', '6109 10 0012', '6109100012']) {
        const res = await post(JSON.stringify(hts(good)));
        const codes = (res.json().findings as { code: string }[]).map((x) => x.code);
        assert.ok(!codes.some((x) => x.startsWith('HTS')), `${good}: ${codes.join()}`);
      }
    });
  });
});
