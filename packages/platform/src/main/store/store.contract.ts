/**
 * The repository contract: every Store adapter (SQLite, PostgreSQL) must pass these same tests.
 * Run it from the adapter's own test file with a factory that opens a fresh, migrated store. This
 * part: filings, lane decisions, the outbox, webhooks, claims and lists; store-data.contract.ts
 * holds the rest.
 */
import { createHash } from 'node:crypto';
import { chainText } from '../../modules/risk/index.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from './store.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import type { StoredShipment } from '../../modules/filing/index.js';
import { decisionRecord, id, rowOf, shipmentRow } from '../../testing/store-rows.js';

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('migrates idempotently and answers a ping', async () => {
      await store.migrate();
      assert.equal(await store.ping(), true);
    });

    it('stores and reads back a filing exactly, scoped by tenant', async () => {
      const row = shipmentRow();
      assert.deepEqual(await store.shipments.insertMany([row].map(rowOf)), [true]);
      assert.deepEqual(await store.shipments.get(row.id, null), { ...row, decision: null });
      assert.deepEqual(await store.shipments.get(row.id, 'acme'), { ...row, decision: null });
      assert.equal(await store.shipments.get(row.id, 'other-tenant'), null);
      assert.equal(await store.shipments.get('shp_missing', null), null);
    });

    it('refuses a second filing with the same idempotency key, per tenant', async () => {
      const key = id('idem');
      const a = shipmentRow({ idempotencyKey: key, requestHash: 'h1' });
      const b = shipmentRow({ idempotencyKey: key, requestHash: 'h2' });
      const c = shipmentRow({ idempotencyKey: key, requestHash: 'h1', tenant: 'globex' });
      assert.deepEqual(await store.shipments.insertMany([a, b, c].map(rowOf)), [true, false, true]);
      assert.equal((await store.shipments.findByIdempotencyKey('acme', key))!.id, a.id);
      assert.equal((await store.shipments.findByIdempotencyKey('globex', key))!.id, c.id);
      // Many keys in one lookup: the used ones, by key, per tenant.
      const byKeys = await store.shipments.findByIdempotencyKeys('acme', [key, id('unused'), key]);
      assert.deepEqual(
        [...byKeys].map(([k, s]) => [k, s.id]),
        [[key, a.id]],
      );
      assert.equal((await store.shipments.findByIdempotencyKeys('globex', [key])).get(key)!.id, c.id);
      assert.equal((await store.shipments.findByIdempotencyKeys('acme', [])).size, 0);
      assert.equal(await store.shipments.get(b.id, null), null);
    });

    it('chains lane decisions with their filings, append-only, and keeps rule sets by checksum', async () => {
      const decision = (lane: 'green' | 'red', score: number): DecisionRecord =>
        decisionRecord(lane, {
          score,
          signals: [
            { code: 'denied_party', path: 'parties[0]', evidence: { entry: 'ofac-sdn:1' }, weight: 100 },
          ],
          rules: [{ id: 'R-DENIED', lane, description: 'd' }],
          inputs: { valueStats: [null], recentParcels: 0, trusted: false },
        });
      const before = await store.decisions.head();
      const key = id('idem');
      const a = shipmentRow({ decision: decision('red', 100), idempotencyKey: key, requestHash: 'h' });
      const dup = shipmentRow({ decision: decision('green', 0), idempotencyKey: key, requestHash: 'h' });
      const b = shipmentRow({ decision: decision('green', 0) });
      assert.deepEqual(await store.shipments.insertMany([a, dup, b].map(rowOf)), [true, false, true]);
      const got = await store.shipments.get(a.id, null);
      assert.deepEqual(got!.decision, a.decision);
      const head = await store.decisions.head();
      assert.ok(head.seq >= before.seq + 2, 'the refused duplicate adds no link');
      const links = await store.decisions.chain(before.seq, 100);
      const mine = links.filter((l) => l.shipmentId === a.id || l.shipmentId === b.id);
      assert.deepEqual(
        mine.map((l) => l.lane),
        ['red', 'green'],
      );
      let prev = before.hash;
      for (const l of links) {
        assert.equal(l.prevHash, prev);
        assert.equal(
          l.hash,
          createHash('sha256')
            .update(chainText(prev, l.seq, l))
            .digest('hex'),
        );
        prev = l.hash;
      }
      const headBefore = await store.decisions.head();
      const action = await store.decisions.append([
        {
          shipmentId: a.id,
          revision: 1,
          tenant: 'acme',
          lane: 'green',
          score: 100,
          record: '{"action":{"type":"release"}}',
          createdAt: new Date().toISOString(),
        },
      ]);
      assert.equal(action[0]!.prevHash, headBefore.hash);
      assert.equal(action[0]!.seq, headBefore.seq + 1);
      assert.deepEqual(
        (await store.decisions.forShipment(a.id)).map((l) => l.lane),
        ['red', 'green'],
      );
      assert.deepEqual(await store.decisions.head(), { seq: action[0]!.seq, hash: action[0]!.hash });
      // Looked up by key, alone or with others: the latest automated decision, not the officer's action.
      const byKeys = await store.shipments.findByIdempotencyKeys('acme', [key]);
      assert.deepEqual(byKeys.get(key), await store.shipments.findByIdempotencyKey('acme', key));
      assert.deepEqual(byKeys.get(key)!.decision, a.decision);
      const sha = id('rs').padEnd(64, '0');
      await store.decisions.saveRuleSet(sha, 'v1', '{"version":"v1"}', new Date().toISOString());
      await store.decisions.saveRuleSet(sha, 'v1', '{"version":"v1"}', new Date().toISOString());
      assert.equal(await store.decisions.ruleSet(sha), '{"version":"v1"}');
      assert.equal(await store.decisions.ruleSet('0'.repeat(64)), null);
    });

    it('writes large batches in one call and counts them', async () => {
      const before = await store.shipments.count();
      const many = Array.from({ length: 1234 }, (_, i) => shipmentRow({ reference: `BULK-${i}` }));
      const inserted = await store.shipments.insertMany(many.map(rowOf));
      assert.equal(inserted.filter(Boolean).length, 1234);
      assert.equal(await store.shipments.count(), before + 1234);
    });

    it('announces the filings of one write in one outbox event, refused duplicates left out', async () => {
      let pending = await store.outbox.pending(100_000);
      await store.outbox.markPublished(
        pending.map((e) => e.id),
        new Date().toISOString(),
      );
      const key = id('idem');
      const rows = [
        shipmentRow({ idempotencyKey: key, requestHash: 'x' }),
        shipmentRow({ idempotencyKey: key, requestHash: 'y' }),
        shipmentRow({ status: 'rejected' }),
      ];
      await store.shipments.insertMany(rows.map(rowOf));
      await store.shipments.insertMany([shipmentRow()].map(rowOf));
      pending = await store.outbox.pending(10);
      assert.equal(pending.length, 2, 'one event per write');
      assert.equal(pending[0]!.topic, 'shipment.filed');
      assert.deepEqual(pending[0]!.payload, {
        shipments: [
          {
            id: rows[0]!.id,
            tenant: 'acme',
            reference: 'REF-1',
            revision: 1,
            status: 'accepted',
            lane: null,
          },
          {
            id: rows[2]!.id,
            tenant: 'acme',
            reference: 'REF-1',
            revision: 1,
            status: 'rejected',
            lane: null,
          },
        ],
      });
      await store.outbox.markPublished(
        pending.map((e) => e.id),
        new Date().toISOString(),
      );
      assert.deepEqual(await store.outbox.pending(10), []);
    });

    it('keeps webhooks per tenant and their deliveries, once per event, due in order', async () => {
      const now = new Date().toISOString();
      const w = {
        id: id('whk'),
        tenant: id('t'),
        url: 'https://example.com/h',
        secret: 's',
        events: ['shipment.decided'],
        createdAt: now,
      };
      await store.webhooks.addWithin(w, 1);
      assert.deepEqual(await store.webhooks.list(w.tenant), [w]);
      assert.deepEqual(await store.webhooks.forTenants([w.tenant, 'nobody']), [w]);
      const ev = id('ev');
      await store.webhooks.enqueue([{ webhookId: w.id, eventId: ev, payload: '{"a":1}', at: now }]);
      await store.webhooks.enqueue([{ webhookId: w.id, eventId: ev, payload: '{"a":1}', at: now }]);
      const lease = new Date(Date.now() + 30_000).toISOString();
      const due = (await store.webhooks.due(now, 1000, lease)).filter((d) => d.webhookId === w.id);
      assert.equal(due.length, 1, 'one delivery per event');
      assert.deepEqual([due[0]!.status, due[0]!.attempts, due[0]!.webhook.url], ['pending', 0, w.url]);
      const later = new Date(Date.now() + 60_000).toISOString();
      await store.webhooks.settle(due[0]!.id, {
        status: 'pending',
        attempts: 1,
        nextAt: later,
        error: 'HTTP 500',
        at: now,
      });
      const dueAt = async (at: string) =>
        (await store.webhooks.due(at, 1000, at)).filter((d) => d.webhookId === w.id).length;
      assert.equal(await dueAt(now), 0);
      assert.equal(await dueAt(later), 1);
      assert.deepEqual(
        (await store.webhooks.deliveries(w.id, 10)).map((d) => [d.attempts, d.lastError]),
        [[1, 'HTTP 500']],
      );
      assert.equal(await store.webhooks.remove('other', w.id, new Date().toISOString()), false);
      assert.equal(await store.webhooks.remove(w.tenant, w.id, new Date().toISOString()), true);
      assert.deepEqual(await store.webhooks.list(w.tenant), []);
      assert.equal((await store.webhooks.deliveries(w.id, 10))[0]!.status, 'failed');
    });

    it('adds webhooks up to a per-tenant limit, counted with the insert; one per URL and events', async () => {
      const now = new Date().toISOString();
      const tenant = id('t');
      const hook = (url: string, events = ['shipment.decided']) => ({
        id: id('whk'),
        tenant,
        url,
        secret: 's',
        events,
        createdAt: now,
      });
      // Registrations side by side (PostgreSQL: on as many connections): never more than the limit.
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.webhooks.addWithin(hook(`https://e.test/${i}`), 3)),
      );
      assert.deepEqual(
        [outcomes.filter((o) => o === 'added').length, outcomes.filter((o) => o === 'limit').length],
        [3, 5],
      );
      assert.equal((await store.webhooks.list(tenant)).length, 3);
      const kept = (await store.webhooks.list(tenant))[0]!;
      assert.equal(await store.webhooks.addWithin(hook(kept.url), 10), 'duplicate');
      assert.equal(await store.webhooks.addWithin(hook(kept.url, ['shipment.status']), 10), 'added');
      assert.equal(await store.webhooks.addWithin(hook(kept.url), 2), 'duplicate', 'named before the limit');
      // A deleted webhook frees its place and its URL; another tenant counts on its own.
      await store.webhooks.remove(tenant, kept.id, now);
      assert.equal(await store.webhooks.addWithin(hook(kept.url), 4), 'added');
      assert.equal(await store.webhooks.addWithin({ ...hook(kept.url), tenant: id('t') }, 1), 'added');
      assert.equal(await store.webhooks.addWithin(hook('https://e.test/x'), 4), 'limit');
    });

    it('claims outbox events and deliveries once across concurrent callers; a lapsed claim returns', async () => {
      const now = new Date().toISOString();
      const soon = new Date(Date.now() + 30_000).toISOString();
      const past = new Date(Date.now() + 60_000).toISOString();
      await store.outbox.markPublished(
        (await store.outbox.pending(100_000)).map((e) => e.id),
        now,
      );
      for (let i = 0; i < 12; i++) await store.shipments.insertMany([rowOf(shipmentRow())]);
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.outbox.claim(5, now, soon)));
      const ids = claims.flat().map((e) => e.id);
      assert.equal(ids.length, 12, 'every event claimed');
      assert.equal(new Set(ids).size, 12, 'none claimed twice');
      assert.deepEqual(await store.outbox.claim(5, now, soon), [], 'all held');
      await store.outbox.markPublished(ids.slice(0, 10), now);
      const again = await store.outbox.claim(5, past, past);
      assert.deepEqual(
        again.map((e) => e.id),
        ids.slice(10).sort((a, b) => a - b),
        'the lapsed claims, unpublished, come back',
      );
      await store.outbox.markPublished(
        again.map((e) => e.id),
        now,
      );

      const w = {
        id: id('whk'),
        tenant: id('t'),
        url: 'https://e.test/h',
        secret: 's',
        events: [],
        createdAt: now,
      };
      await store.webhooks.addWithin(w, 1);
      await store.webhooks.enqueue(
        Array.from({ length: 9 }, (_, i) => ({ webhookId: w.id, eventId: `ev${i}`, payload: '{}', at: now })),
      );
      const got = await Promise.all([1, 2, 3].map(() => store.webhooks.due(now, 4, soon)));
      const mine = got.flat().filter((d) => d.webhookId === w.id);
      assert.equal(mine.length, 9);
      assert.equal(new Set(mine.map((d) => d.id)).size, 9, 'no delivery claimed twice');
      assert.equal((await store.webhooks.due(now, 100, soon)).filter((d) => d.webhookId === w.id).length, 0);
      const back = await store.webhooks.due(past, 100, past);
      assert.equal(back.filter((d) => d.webhookId === w.id).length, 9, 'a dead claimant lets them go');
      await store.webhooks.remove(w.tenant, w.id, now);
    });

    it('lists filings newest first by keyset, filtered, each tenant its own; counts a day by lane and port', async () => {
      const body = (port: string) => ({ reference: 'X', transport: { port_of_entry: port }, lines: [] });
      // Ten filings of two tenants on 2031-01-01/02, some at the same instant (ordered by id then).
      const plan: [string, string, 'green' | 'red' | null, string, string][] = [
        ['listco', '2031-01-01T08:00:00.000Z', 'red', '2704', 'A-1'],
        ['listco', '2031-01-01T09:00:00.000Z', 'green', '2704', 'A-2'],
        ['listco', '2031-01-01T09:00:00.000Z', 'red', '1001', 'A-3'],
        ['listco', '2031-01-01T09:00:00.000Z', null, '1001', 'A-4'],
        ['otherco', '2031-01-01T09:30:00.000Z', 'red', '2704', 'B-1'],
        ['listco', '2031-01-01T10:00:00.000Z', 'green', '2704', 'A-5'],
        ['otherco', '2031-01-01T11:00:00.000Z', 'green', '2704', 'B-2'],
        ['listco', '2031-01-02T01:00:00.000Z', 'red', '2704', 'A-6'],
        ['listco', '2031-01-02T02:00:00.000Z', 'green', '1001', 'A-7'],
        ['otherco', '2031-01-02T03:00:00.000Z', null, '2704', 'B-3'],
      ];
      const rows = plan.map(([tenant, createdAt, lane, port, reference]) =>
        shipmentRow({
          tenant,
          createdAt,
          reference,
          status: lane === null ? 'rejected' : 'accepted',
          shipment: body(port),
          ...(lane ? { decision: decisionRecord(lane) } : {}),
        }),
      );
      await store.shipments.insertMany(rows.map(rowOf));
      const newestFirst = (xs: StoredShipment[]) =>
        [...xs]
          .sort((a, b) =>
            a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
          )
          .map((x) => x.reference);
      const pageAll = async (
        q: Omit<Parameters<Store['shipments']['list']>[0], 'limit' | 'after'>,
        size: number,
      ) => {
        const seen: string[] = [];
        let after = null;
        for (let i = 0; i < 20; i++) {
          const page = await store.shipments.list({ ...q, after, limit: size });
          seen.push(...page.map((x) => x.reference));
          if (page.length < size) return seen;
          const last = page[page.length - 1]!;
          after = { createdAt: last.createdAt, id: last.id };
        }
        throw new Error('did not end');
      };
      const listco = rows.filter((r) => r.tenant === 'listco');
      for (const size of [1, 2, 3, 50])
        assert.deepEqual(await pageAll({ tenant: 'listco' }, size), newestFirst(listco), `pages of ${size}`);
      assert.deepEqual(
        await pageAll({ tenant: 'listco', lane: 'red' }, 2),
        newestFirst(listco.filter((r) => r.decision?.lane === 'red')),
      );
      assert.deepEqual(await pageAll({ tenant: 'listco', status: 'rejected' }, 2), ['A-4']);
      assert.deepEqual(await pageAll({ tenant: 'listco', reference: 'A-5' }, 2), ['A-5']);
      assert.deepEqual(await pageAll({ tenant: 'otherco', reference: 'A-5' }, 2), []);
      assert.deepEqual(
        await pageAll({ tenant: 'listco', from: '2031-01-01T09:00:00.000Z', to: '2031-01-02' }, 2),
        newestFirst(listco.filter((r) => r.createdAt >= '2031-01-01T09' && r.createdAt < '2031-01-02')),
      );
      assert.deepEqual(
        await pageAll({ tenant: null, from: '2031-01-01', to: '2031-01-03' }, 4),
        newestFirst(rows),
        'officers: every tenant',
      );
      const first = (await store.shipments.list({ tenant: 'listco', limit: 1 }))[0]!;
      assert.deepEqual(
        { lane: first.lane, port: first.port, status: first.status, tenant: first.tenant, type: first.type },
        { lane: 'green', port: '1001', status: 'accepted', tenant: 'listco', type: 'formal' },
      );
      const summaries = await store.shipments.summaries([rows[3]!.id, 'shp_missing', rows[0]!.id]);
      assert.deepEqual(summaries.map((x) => x.reference).sort(), ['A-1', 'A-4']);
      assert.equal(summaries.find((x) => x.reference === 'A-4')!.lane, null);
      const counts = await store.shipments.countByLaneAndPort('2031-01-01', '2031-01-02');
      const key = (x: { lane: string | null; port: string | null; n: number }) =>
        `${x.lane}/${x.port}=${x.n}`;
      assert.deepEqual(counts.map(key).sort(), ['green/2704=3', 'null/1001=1', 'red/1001=1', 'red/2704=2']);
      const links = await store.decisions.forShipments([rows[0]!.id, rows[1]!.id, rows[3]!.id]);
      assert.deepEqual(links.map((l) => l.shipmentId).sort(), [rows[0]!.id, rows[1]!.id].sort());
    });
  });
}
