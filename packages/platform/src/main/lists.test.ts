/**
 * Lists over HTTP (issue 20): a filer's own filings and the officers' queue, keyset-paginated.
 * A filer never sees another tenant's filing, neither through the list nor through a cursor; a
 * cursor garbled, edited, or given to other filters or another caller is a 400 CURSOR_INVALID.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sampleShipment, soon } from '../testing/support.js';
import { templateCsv } from '../modules/filing/adapters/templates.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';

describe('GET /v1/shipments and GET /v1/queue: keyset pages', () => {
  let t: SharedApp;
  let globex: string;
  let admin: string;
  const mine: string[] = [];
  const theirs: string[] = [];
  /** Each filing's lane (random selection may move one out of green). */
  const lanes = new Map<string, string>();
  const lane = 'green';
  const inLane = (ids: string[]) => ids.filter((id) => lanes.get(id) === lane);

  const get = (url: string, key: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });

  /** Every page of a list, following `next`; fails on a repeated item. */
  async function pages(url: string, key: string, idOf: (x: Record<string, unknown>) => string) {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const sep = url.includes('?') ? '&' : '?';
      const res = await get(cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url, key);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: Record<string, unknown>[]; next: string | null };
      for (const x of body.items) {
        assert.ok(!seen.includes(idOf(x)), `${idOf(x)} listed twice`);
        seen.push(idOf(x));
      }
      if (body.next === null) return seen;
      cursor = body.next;
    }
    throw new Error('the pages did not end');
  }

  before(async () => {
    t = await sharedApp();
    globex = (await t.c.apiKeys.create({ tenant: 'globex', role: 'filer' })).key;
    admin = (await t.c.apiKeys.create({ tenant: 'ops', role: 'admin' })).key;
    const file = async (key: string, reference: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: JSON.stringify(sampleShipment({ reference })),
      });
      assert.equal(res.statusCode, 201, res.body);
      lanes.set(res.json().id as string, res.json().lane as string);
      return res.json().id as string;
    };
    for (let i = 0; i < 7; i++) mine.push(await file(t.filer, `ACME-${i}`));
    for (let i = 0; i < 4; i++) theirs.push(await file(globex, `GLOBEX-${i}`));
  });
  after(() => t.close());

  it("lists a filer's own filings newest first, every one once, in pages of any size", async () => {
    for (const limit of [1, 2, 3, 50]) {
      const ids = await pages(`/v1/shipments?limit=${limit}`, t.filer, (x) => x.id as string);
      assert.deepEqual(ids, [...mine].reverse(), `limit ${limit}`);
    }
    const first = (await get('/v1/shipments?limit=1', t.filer)).json();
    assert.equal(first.items[0].reference, 'ACME-6');
    assert.equal(first.items[0].tenant, 'acme');
    assert.equal(first.items[0].status, 'accepted');
    assert.equal(first.items[0].lane, lanes.get(mine[6]!));
    assert.equal(first.items[0].customs_status, 'pending');
    assert.equal(typeof first.next, 'string');
    const byRef = (await get('/v1/shipments?reference=ACME-3', t.filer)).json();
    assert.deepEqual(
      byRef.items.map((x: { id: string }) => x.id),
      [mine[3]],
    );
    assert.equal(byRef.next, null);
    const today = new Date().toISOString().slice(0, 10);
    const filed = await pages(
      `/v1/shipments?from=${today}&to=${today}&lane=${lane}&limit=4`,
      t.filer,
      (x) => x.id as string,
    );
    assert.deepEqual(filed, inLane([...mine].reverse()));
    assert.deepEqual((await get('/v1/shipments?to=2020-01-01', t.filer)).json().items, []);
  });

  it("never shows a filer another tenant's filings: not by filter, not by cursor", async () => {
    assert.deepEqual(
      await pages('/v1/shipments?limit=2', globex, (x) => x.id as string),
      [...theirs].reverse(),
    );
    assert.deepEqual((await get('/v1/shipments?reference=ACME-3', globex)).json().items, []);
    const asked = await get('/v1/shipments?tenant=acme', globex);
    assert.equal(asked.statusCode, 403);
    assert.equal(asked.json().path, 'tenant');
    // Acme's cursor handed to Globex: refused, not a page of Acme's filings.
    const acmeNext = (await get('/v1/shipments?limit=2', t.filer)).json().next as string;
    const stolen = await get(`/v1/shipments?limit=2&cursor=${acmeNext}`, globex);
    assert.equal(stolen.statusCode, 400);
    assert.deepEqual([stolen.json().code, stolen.json().path], ['CURSOR_INVALID', 'cursor']);
    // A cursor is tied to its filters too.
    const other = await get(`/v1/shipments?limit=2&status=accepted&cursor=${acmeNext}`, t.filer);
    assert.equal(other.json().code, 'CURSOR_INVALID');
  });

  it('lets officers list every tenant or one', async () => {
    const all = await pages('/v1/shipments?limit=3', t.officer, (x) => x.id as string);
    for (const id of [...mine, ...theirs]) assert.ok(all.includes(id));
    assert.deepEqual(
      await pages('/v1/shipments?tenant=globex&limit=3', admin, (x) => x.id as string),
      [...theirs].reverse(),
    );
  });

  it('property: a garbled or forged cursor is a 400 CURSOR_INVALID at cursor, never a 500 nor a page', async () => {
    const real = (await get('/v1/shipments?limit=2', t.filer)).json().next as string;
    const forged = Buffer.from(JSON.stringify({ p: ['9999', 'shp_x'], s: 'AAAAAAAAAAAAAAAA' })).toString(
      'base64url',
    );
    const shapes = fc.oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      fc
        .nat({ max: real.length - 1 })
        .map((i) => real.slice(0, i) + (real[i] === 'A' ? 'B' : 'A') + real.slice(i + 1)),
      fc.constant(forged),
      fc.json().map((j) => Buffer.from(j).toString('base64url')),
    );
    await fc.assert(
      fc.asyncProperty(shapes, async (cursor) => {
        if (cursor === real) return;
        for (const url of ['/v1/shipments?limit=2', `/v1/queue?lane=${lane}&limit=2`]) {
          const key = url.startsWith('/v1/queue') ? t.officer : t.filer;
          const res = await get(`${url}&cursor=${encodeURIComponent(cursor)}`, key);
          if (res.statusCode === 200) {
            // An edit that decodes to the same cursor text (base64 padding bits) is the same cursor.
            assert.ok(url.startsWith('/v1/shipments'), res.body);
            continue;
          }
          assert.equal(res.statusCode, 400, res.body);
          // A cursor longer than any this API gives is refused by the query's schema, at cursor too.
          assert.match(res.json().path, /cursor$/, res.body);
          assert.ok(['CURSOR_INVALID', 'QUERY_INVALID'].includes(res.json().code), res.body);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('pages the queue: every waiting filing once, one acted on listed once at its newest link', async () => {
    const all = inLane([...mine, ...theirs]);
    assert.ok(all.length >= 3, 'most filings are green');
    const held = all[1]!;
    const act = await t.app.inject({
      method: 'POST',
      url: `/v1/shipments/${held}/actions`,
      headers: { authorization: `Bearer ${t.officer}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ type: 'hold', note: 'look closer' }),
    });
    assert.equal(act.statusCode, 200, act.body);
    for (const limit of [1, 4, 100]) {
      const ids = await pages(
        `/v1/queue?lane=${lane}&limit=${limit}`,
        t.officer,
        (x) => x.shipment_id as string,
      );
      assert.deepEqual(
        ids,
        [held, ...all.filter((x) => x !== held).reverse()],
        `limit ${limit}: newest link first`,
      );
    }
    const page = (await get(`/v1/queue?lane=${lane}&limit=1`, t.officer)).json();
    assert.equal(page.items[0].status, 'held');
    // The queue's cursor is tied to its lane and filters.
    const other = await get(`/v1/queue?lane=red&limit=1&cursor=${page.next}`, t.officer);
    assert.equal(other.json().code, 'CURSOR_INVALID');
  });

  it("counts today's filings by lane and port from the store, and shows the outbox's backlog", async () => {
    const res = await get('/v1/dashboard', t.officer);
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json();
    assert.equal(d.day, new Date().toISOString().slice(0, 10));
    assert.equal(d.total, mine.length + theirs.length);
    const byLane = new Map<string, number>();
    for (const x of d.by_lane_port as { lane: string; port: string; n: number }[]) {
      assert.equal(x.port, '2704');
      byLane.set(x.lane, (byLane.get(x.lane) ?? 0) + x.n);
    }
    const expected = new Map<string, number>();
    for (const l of lanes.values()) expected.set(l, (expected.get(l) ?? 0) + 1);
    assert.deepEqual(byLane, expected);
    assert.equal(typeof d.outbox.pending, 'number');
    if (d.outbox.pending > 0) assert.ok(d.outbox.oldest_age_s >= 0);
    else assert.equal(d.outbox.oldest_at, null);
    assert.equal((await get('/v1/dashboard', t.filer)).statusCode, 403);
  });

  it('files a CSV batch like an NDJSON one: one result per shipment, in order', async () => {
    const csv = templateCsv(soon(7));
    const [header, ...rows] = csv.trim().split('\n');
    // Two shipments: the template's two rows, then the same rows under another reference.
    const second = rows.map((r) => r.replace(/^[^,]+/, 'CSV-2'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/shipments:batch',
      headers: { authorization: `Bearer ${t.filer}`, 'content-type': 'text/csv' },
      payload: [header, ...rows, ...second].join('\n') + '\n',
    });
    assert.equal(res.statusCode, 200, res.body);
    const results = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reference: string; status: string; id: string });
    assert.deepEqual(
      results.map((r) => [r.reference, r.status]),
      [
        [rows[0]!.split(',')[0], 'accepted'],
        ['CSV-2', 'accepted'],
      ],
    );
    const listed = (await get('/v1/shipments?reference=CSV-2', t.filer)).json();
    assert.deepEqual(
      listed.items.map((x: { id: string }) => x.id),
      [results[1]!.id],
    );
  });
});
