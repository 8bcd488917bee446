import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { statSync } from 'node:fs';
import { createContainer, type Container } from './container.js';
import { refdataDir, sampleFormal, sampleShipment, testConfig } from '../testing/support.js';
import { buildApp } from './http.js';
import { TEST_HTTP } from '../testing/shared-app.js';

/** The app under test, wired to a container the way the server wires it. */
const appFor = (c: Container) => buildApp(c, TEST_HTTP);

describe('HTTP API', () => {
  let c: Container;
  let app: FastifyInstance;
  let filer: string;
  let otherFiler: string;
  let officer: string;

  before(async () => {
    c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: refdataDir() }));
    app = await appFor(c);
    filer = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
    otherFiler = (await c.apiKeys.create({ tenant: 'globex', role: 'filer' })).key;
    officer = (await c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key;
  });
  after(async () => {
    await app.close();
    await c.close();
  });

  const post = (body: unknown, key = filer, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/shipments',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  it('accepts a valid filing with 201 and its warnings, and reads it back', async () => {
    const res = await post(sampleShipment());
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.id, /^shp_/);
    assert.equal(body.status, 'accepted');
    assert.deepEqual(
      body.findings.map((f: { code: string }) => f.code),
      ['DE_MINIMIS_SUSPENDED'],
    );
    const got = await app.inject({
      url: `/v1/shipments/${body.id}`,
      headers: { authorization: `Bearer ${filer}` },
    });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().shipment.reference, 'AWB-0001');
    assert.ok(got.json().data_versions.some((v: { dataset: string }) => v.dataset === 'hts'));
    assert.ok(got.headers['x-request-id']);
  });

  it('stores a filing exactly as filed, its extensions included', async () => {
    const body = sampleShipment({ extensions: { marketplace: { name: 'Example', order: 'O-1' } } }) as Record<
      string,
      unknown
    >;
    const lines = body.lines as Record<string, unknown>[];
    body.lines = [{ ...lines[0], extensions: { incoterm: 'DDP' } }];
    const res = await post(body);
    assert.equal(res.statusCode, 201, res.body);
    const got = await app.inject({
      url: `/v1/shipments/${res.json().id}`,
      headers: { authorization: `Bearer ${filer}` },
    });
    assert.deepEqual(got.json().shipment, body);
  });

  it('rejects a filing with error findings as 422, keeps it, and gives it no lane', async () => {
    const res = await post(
      sampleFormal({ lines: [{ ...(sampleFormal().lines as object[])[0], hts: '6109.10' }] }),
    );
    assert.equal(res.statusCode, 422);
    const body = res.json();
    assert.equal(body.status, 'rejected');
    const hts = body.findings.find((f: { code: string }) => f.code === 'HTS_NOT_STATISTICAL');
    assert.ok(hts.details.valid_children.includes('6109100012'));
    // A rejected filing is not a declaration customs acts on: no lane, no decision, no queue.
    assert.equal(body.lane, undefined);
    const got = await app.inject({
      url: `/v1/shipments/${body.id}`,
      headers: { authorization: `Bearer ${filer}` },
    });
    assert.equal(got.json().status, 'rejected');
    assert.equal(got.json().lane, null);
    assert.equal(got.json().decision, null);
    for (const lane of ['green', 'blue', 'yellow', 'red']) {
      const q = await app.inject({
        url: `/v1/queue?lane=${lane}`,
        headers: { authorization: `Bearer ${officer}` },
      });
      assert.ok(!q.json().items.some((i: { shipment_id: string }) => i.shipment_id === body.id));
    }
  });

  it('answers malformed requests with 400, a stable code and where', async () => {
    const cases: [unknown, string, string][] = [
      ['{"type": "formal",', 'MALFORMED_JSON', 'body, column 19'],
      [{ ...sampleShipment(), type: 'express' }, 'ENUM_INVALID', 'type'],
      [{ ...sampleShipment(), lines: 'many' }, 'TYPE_INVALID', 'lines'],
      [{ ...sampleShipment(), reference: undefined }, 'FIELD_REQUIRED', 'reference'],
      [
        Buffer.concat([Buffer.from('{"reference": "'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),
        'INVALID_UTF8',
        'body, byte 15',
      ],
      ['', 'MALFORMED_JSON', 'body'],
      ['[1, 2]', 'TYPE_INVALID', ''],
    ];
    for (const [body, code, path] of cases) {
      const res = await post(body);
      assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
      assert.equal(res.json().code, code, res.body);
      assert.equal(res.json().path, path, res.body);
    }
  });

  it('refuses a 50 MB body with 413 and an unknown media type with 415', async () => {
    const big = await post(Buffer.alloc(50 * 1024 * 1024, 0x20));
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, 'BODY_TOO_LARGE');
    const xml = await post('<shipment/>', filer, { 'content-type': 'application/xml' });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json().code, 'MEDIA_TYPE_UNSUPPORTED');
  });

  it('is idempotent by key: same body → same result, other body → 409', async () => {
    const key = `idem-${Date.now()}`;
    const a = await post(sampleShipment({ reference: 'IDEM-1' }), filer, { 'idempotency-key': key });
    const b = await post(sampleShipment({ reference: 'IDEM-1' }), filer, { 'idempotency-key': key });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal(b.json().id, a.json().id);
    assert.equal(b.headers['idempotent-replayed'], 'true');
    const other = await post(sampleShipment({ reference: 'IDEM-2' }), filer, { 'idempotency-key': key });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'IDEMPOTENCY_CONFLICT');
    // another tenant may use the same key
    const g = await post(sampleShipment({ reference: 'IDEM-2' }), otherFiler, { 'idempotency-key': key });
    assert.equal(g.statusCode, 201);
  });

  it('handles concurrent requests with one idempotency key as one filing', async () => {
    const key = `race-${Date.now()}`;
    const res = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(sampleShipment({ reference: 'RACE' }), filer, { 'idempotency-key': key }),
      ),
    );
    assert.deepEqual(new Set(res.map((r) => r.statusCode)), new Set([201]));
    assert.equal(new Set(res.map((r) => r.json().id)).size, 1);
  });

  it('needs a key, and a filer sees only its own tenant', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/shipments', payload: sampleShipment() });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'UNAUTHENTICATED');
    const wrong = await post(sampleShipment(), 'tlk_not-a-key');
    assert.equal(wrong.statusCode, 401);
    const mine = (await post(sampleShipment())).json().id;
    const theirs = await app.inject({
      url: `/v1/shipments/${mine}`,
      headers: { authorization: `Bearer ${otherFiler}` },
    });
    assert.equal(theirs.statusCode, 404);
    assert.equal(theirs.json().code, 'SHIPMENT_NOT_FOUND');
    const asOfficer = await app.inject({
      url: `/v1/shipments/${mine}`,
      headers: { authorization: `Bearer ${officer}` },
    });
    assert.equal(asOfficer.statusCode, 200);
    const officerFiles = await post(sampleShipment(), officer);
    assert.equal(officerFiles.statusCode, 403);
  });

  it('files a batch: NDJSON in, one NDJSON result per line out, bad lines do not stop the others', async () => {
    const lines = [
      JSON.stringify(sampleShipment({ reference: 'B-1' })),
      '{"broken": ',
      JSON.stringify({ ...sampleShipment({ reference: 'B-3' }), type: 'nope' }),
      '',
      JSON.stringify(
        sampleFormal({
          reference: 'B-5',
          transport: { mode: 'air', port_of_entry: 'XX', arrival_date: '2026-12-01' },
        }),
      ),
    ];
    const res = await app.inject({
      method: 'POST',
      url: '/v1/shipments:batch',
      headers: { authorization: `Bearer ${filer}`, 'content-type': 'application/x-ndjson' },
      payload: lines.join('\n'),
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /ndjson/);
    const out = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      out.map((r) => [r.line, r.status ?? r.error.code]),
      [
        [1, 'accepted'],
        [2, 'MALFORMED_JSON'],
        [3, 'ENUM_INVALID'],
        [5, 'rejected'],
      ],
    );
    assert.equal(out[2].reference, 'B-3');
    const stored = await c.store.shipments.get(out[0].id, 'acme');
    assert.equal(stored!.reference, 'B-1');
  });

  it('files each line of a batch retried with the same Idempotency-Key once (issue 17)', async () => {
    const batch = (lines: string[], key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/shipments:batch',
        headers: {
          authorization: `Bearer ${filer}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': key,
        },
        payload: lines.join('\n'),
      });
    const results = (body: string) =>
      body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
    const one = JSON.stringify(sampleShipment({ reference: 'IK-1' }));
    const three = JSON.stringify(
      sampleFormal({
        reference: 'IK-3',
        transport: { mode: 'air', port_of_entry: 'XX', arrival_date: '2026-12-01' },
      }),
    );
    // The connection dropped after the first line: the client saw nothing and sends it all again.
    const first = results((await batch([one], 'retry-1')).body);
    assert.equal(first[0].status, 'accepted');
    assert.equal(first[0].replayed, undefined);
    const again = results((await batch([one, '{"broken": ', three], 'retry-1')).body);
    assert.deepEqual(
      again.map((r) => [r.line, r.status ?? r.error.code, r.replayed ?? false]),
      [
        [1, 'accepted', true],
        [2, 'MALFORMED_JSON', false],
        [3, 'rejected', false],
      ],
    );
    assert.equal(again[0].id, first[0].id, 'the line filed the first time is answered, not filed again');
    const third = results((await batch([one, '{"broken": ', three], 'retry-1')).body);
    assert.deepEqual(
      third.map((r) => [r.id, r.replayed ?? false]),
      [
        [first[0].id, true],
        [undefined, false],
        [again[2].id, true],
      ],
    );
    // The same key with another body on a line: that line is refused, the others answered.
    const changed = JSON.stringify(sampleShipment({ reference: 'IK-1-CHANGED' }));
    const conflict = results((await batch([changed, '', three], 'retry-1')).body);
    assert.equal(conflict[0].error.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(conflict[1].replayed, true);
    // Without a key, a batch files its lines anew (as before).
    const unkeyed = results(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/shipments:batch',
          headers: { authorization: `Bearer ${filer}`, 'content-type': 'application/x-ndjson' },
          payload: one,
        })
      ).body,
    );
    assert.notEqual(unkeyed[0].id, first[0].id);
  });

  it('property: no body, however broken, gets a 500', async () => {
    const base = sampleShipment() as Record<string, unknown>;
    // Mutations of a valid filing: any field replaced by any JSON value, or dropped.
    const paths = ['type', 'reference', 'transport', 'parties', 'lines'];
    const mutated = fc
      .tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }))
      .map(([k, v]) => JSON.stringify({ ...base, [k]: v }));
    const lineMutated = fc
      .jsonValue({ maxDepth: 2 })
      .map((v) =>
        JSON.stringify({ ...base, lines: [{ ...(base.lines as object[])[0], quantity: v, value: v }] }),
      );
    const bodies = fc.oneof(
      mutated,
      lineMutated,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await post(body);
        assert.ok([201, 400, 422].includes(res.statusCode), `${res.statusCode} ${res.body}`);
        if (res.statusCode === 400) assert.match(res.json().code, /^[A-Z0-9_]+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('searches and shows the tariff', async () => {
    const show = await app.inject({ url: '/v1/tariff/6109.10.00.12' });
    assert.equal(show.statusCode, 200);
    assert.equal(show.json().rates.general.from, '61091000');
    const missing = await app.inject({ url: '/v1/tariff/6109100099' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'HTS_NOT_FOUND');
    const search = await app.inject({ url: '/v1/tariff?q=cotton%20t-shirts%20men&limit=3' });
    assert.equal(search.statusCode, 200);
    assert.equal(search.json().hits[0].hts, '6109100012');
    const bad = await app.inject({ url: '/v1/tariff?q=x&limit=9999' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'QUERY_INVALID');
  });

  it('serves health, readiness, metrics, OpenAPI and docs', async () => {
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().checks.refdata, 'loaded');
    // A filing of this test's own: group-committed, its commit's time and size are counted.
    assert.equal((await post(sampleShipment())).statusCode, 201);
    const metrics = await app.inject({ url: '/metrics' });
    assert.match(metrics.body, /tradelane_shipments_filed_total\{status="accepted",channel="api"\} [1-9]\d*/);
    assert.match(metrics.body, /tradelane_http_request_duration_seconds_bucket/);
    assert.match(metrics.body, /tradelane_filing_commit_seconds_count\{outcome="written"\} [1-9]\d*/);
    assert.match(
      metrics.body,
      /tradelane_filing_commit_filings_bucket\{le="256",outcome="written"\} [1-9]\d*/,
    );
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/v1/shipments'].post);
    assert.ok(spec.paths['/v1/shipments:batch'].post);
    assert.equal(
      spec.paths['/v1/shipments'].post.requestBody.content['application/json'].schema.properties.type.enum[0],
      'low_value',
    );
    const docs = await app.inject({ url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
    const nf = await app.inject({ url: '/nope' });
    assert.equal(nf.statusCode, 404);
    assert.equal(nf.json().code, 'ROUTE_NOT_FOUND');
  });

  it('documents every operation: each request part and each answer has a schema', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>
      >;
    };
    const undocumented: string[] = [];
    let operations = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
        const described = ok.some(
          ([status, r]) =>
            status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
        );
        if (!described) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    assert.ok(operations >= 44, `${operations} operations`);
    assert.deepEqual(undocumented, []);
  });

  it('checks query strings like bodies: enums, booleans and bounds', async () => {
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const purple = await app.inject({ url: '/v1/queue?lane=purple', headers: as(officer) });
    assert.equal(purple.statusCode, 400);
    assert.equal(purple.json().code, 'QUERY_INVALID');
    assert.equal(purple.json().path, 'query.lane');
    const big = await app.inject({ url: '/v1/alerts?limit=100000', headers: as(officer) });
    assert.equal(big.statusCode, 400);
    assert.equal(big.json().path, 'query.limit');
    const notBool = await app.inject({ url: '/v1/alerts?open=maybe', headers: as(officer) });
    assert.equal(notBool.statusCode, 400);
    // open=false means acknowledged alerts, not "open" (the string "false" is not truthy here).
    const closed = await app.inject({ url: '/v1/alerts?open=false', headers: as(officer) });
    assert.equal(closed.statusCode, 200);
    assert.ok(
      closed.json().alerts.every((a: { acknowledgedAt: string | null }) => a.acknowledgedAt !== null),
    );
  });

  it('is default-deny: only the listed routes answer without a key', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const publicOps: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const url = path.replace(/\{[^}]+\}/g, 'x');
        if (Array.isArray(op.security) && op.security.length === 0) {
          publicOps.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        const res = await app.inject({ method: method.toUpperCase() as 'GET', url });
        assert.equal(
          res.statusCode,
          401,
          `${method.toUpperCase()} ${path} answered ${res.statusCode} without a key`,
        );
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
    }
    assert.deepEqual(publicOps.sort(), [
      'GET /v1/pga/agencies',
      'GET /v1/tariff',
      'GET /v1/tariff/{hts}',
      'GET /v1/trusted-traders/program',
      'POST /v1/session',
    ]);
  });
});

describe('HTTP API without reference data', () => {
  it('is not ready and refuses filings with 503', async () => {
    const c = await createContainer(testConfig(), { skipAutoImport: true });
    const app = await appFor(c);
    try {
      assert.equal((await app.inject({ url: '/readyz' })).statusCode, 503);
      const key = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
      const res = await app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: { authorization: `Bearer ${key}` },
        payload: sampleShipment(),
      });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'REFDATA_NOT_READY');
    } finally {
      await app.close();
      await c.close();
    }
  });
});

describe('HTTP API of a server warming up in the background', () => {
  it('answers at once, says 503 until the lists and the classifier are loaded, then files', async () => {
    const c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: refdataDir() }), {
      background: true,
    });
    const app = await appFor(c);
    try {
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
      const starting = await app.inject({ url: '/readyz' });
      assert.equal(starting.statusCode, 503);
      assert.equal(starting.json().checks.warm_up, 'in_progress');
      const key = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
      const file = () =>
        app.inject({
          method: 'POST',
          url: '/v1/shipments',
          headers: { authorization: `Bearer ${key}` },
          payload: sampleShipment(),
        });
      const early = await file();
      assert.equal(early.statusCode, 503);
      assert.equal(early.json().code, 'REFDATA_NOT_READY');
      const imported = await c.warmUp();
      assert.ok(imported.some((o) => o.dataset === 'hts'));
      assert.equal(c.isWarm(), true);
      const ready = await app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 200, ready.body);
      assert.equal(ready.json().checks.screening, 'loaded');
      assert.equal(ready.json().checks.warm_up, undefined);
      assert.ok(c.classification.current(), 'the classifier is built');
      assert.equal((await file()).statusCode, 201);
    } finally {
      await app.close();
      await c.close();
    }
  });
});

describe('SQLite checkpoints of a server', () => {
  // A server's thread should not copy the WAL into the database after a commit (20–60 ms each
  // time): its container has a background thread copy it as it comes, and restart it
  // (platform/db/checkpointer.test.ts). A bulk command's store leaves it to the writer, every
  // 2,048 pages.
  const fileOf = (c: Container) => c.config.TRADELANE_DATABASE_URL.replace(/^sqlite:(\/\/)?/, '');
  const write = async (c: Container) => {
    await sql`create table filler (x text)`.execute(c.store.db);
    for (let i = 0; i < 20; i++)
      await sql`insert into filler values (${'x'.repeat(50_000)})`.execute(c.store.db);
  };

  it('are copied by the background thread when the container is asked for that, left to the writer otherwise', async () => {
    const served = await createContainer(testConfig(), { skipAutoImport: true, checkpoints: 'background' });
    const bulk = await createContainer(testConfig(), { skipAutoImport: true });
    try {
      const sizes = [statSync(fileOf(served)).size, statSync(fileOf(bulk)).size];
      await write(served);
      await write(bulk);
      // The background thread checkpoints every 50 ms (ADR 0037): wait for the copy, at most 10 s.
      const deadline = Date.now() + 10_000;
      while (statSync(fileOf(served)).size <= sizes[0]! + 1_000_000 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.ok(
        statSync(fileOf(served)).size > sizes[0]! + 1_000_000,
        'the WAL was copied into the database',
      );
      assert.equal(statSync(fileOf(bulk)).size, sizes[1], 'fewer than 2,048 pages: still in the WAL');
      assert.ok(served.store.wal, "the served store reports its checkpointer's work");
      assert.equal(bulk.store.wal, null);
    } finally {
      await served.close();
      await bulk.close();
    }
  });
});
