/**
 * The counters of filings per day, lane and port (filing_counts, ADR 0024) on SQLite and
 * PostgreSQL: kept by each write (batches, idempotent replays not counted), and migration 0017
 * counting the filings stored before it the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { filingCounts } from '../../platform/db/migrations-counts.js';
import { testStores } from '../../testing/stores.js';
import { decisionRecord, rowOf, shipmentRow } from '../../testing/store-rows.js';

for (const [name, open] of testStores()) {
  describe(`filing counters: ${name}`, () => {
    it('keeps a counter of filings per day, lane and port with each write (not a count of filings)', async () => {
      const store = await open();
      try {
        const filing = (day: string, lane: 'green' | 'red' | null, port: string | null, key?: string) =>
          shipmentRow({
            tenant: 'countco',
            createdAt: `${day}T23:59:59.999Z`,
            status: lane === null ? 'rejected' : 'accepted',
            shipment: { reference: 'X', transport: port ? { port_of_entry: port } : {}, lines: [] },
            ...(lane ? { decision: decisionRecord(lane) } : {}),
            ...(key ? { idempotencyKey: key, requestHash: 'h' } : {}),
          });
        const key = `idem-${name}-${process.pid}`;
        // Batches of 1, 4 and 3 over two days; a replay of an idempotency key is refused, so not counted.
        const batches = [
          [filing('2032-03-01', 'red', '2704', key)],
          [
            filing('2032-03-01', 'red', '2704'),
            filing('2032-03-01', 'green', '2704'),
            filing('2032-03-01', null, null),
            filing('2032-03-02', 'green', '1001'),
          ],
          [
            filing('2032-03-01', 'green', '2704', key),
            filing('2032-03-01', 'red', '2704'),
            filing('2032-03-02', null, '1001'),
          ],
        ];
        for (const b of batches) await store.shipments.insertMany(b.map(rowOf));
        const key2 = (x: { lane: string | null; port: string | null; n: number }) =>
          `${x.lane}/${x.port}=${x.n}`;
        const counted = async (from: string, to: string) =>
          (await store.shipments.countByLaneAndPort(from, to)).map(key2).sort();
        assert.deepEqual(await counted('2032-03-01', '2032-03-02'), [
          'green/2704=1',
          'null/null=1',
          'red/2704=3',
        ]);
        assert.deepEqual(await counted('2032-03-02', '2032-03-03'), ['green/1001=1', 'null/1001=1']);
        assert.deepEqual(await counted('2032-03-01', '2032-03-03'), [
          'green/1001=1',
          'green/2704=1',
          'null/1001=1',
          'null/null=1',
          'red/2704=3',
        ]);
        assert.deepEqual(await counted('2032-02-28', '2032-03-01'), []);
      } finally {
        await store.close();
      }
    });

    it('counts the filings stored before it, per day, lane and port, as the writes do', async () => {
      const store = await open();
      try {
        const ports = ['2704', '1001', null];
        const lanes = ['green', 'red', null] as const;
        const rows = Array.from({ length: 40 }, (_, i) => {
          const lane = lanes[i % 3]!;
          const port = ports[(i >> 1) % 3]!;
          return rowOf(
            shipmentRow({
              createdAt: `2033-01-0${1 + (i % 4)}T0${i % 10}:00:00.000Z`,
              status: lane ? 'accepted' : 'rejected',
              shipment: { reference: 'X', transport: port ? { port_of_entry: port } : {}, lines: [] },
              ...(lane ? { decision: decisionRecord(lane) } : {}),
            }),
          );
        });
        for (let i = 0; i < rows.length; i += 7) await store.shipments.insertMany(rows.slice(i, i + 7));
        const read = () =>
          store.db.selectFrom('filing_counts').selectAll().orderBy(['day', 'lane', 'port']).execute();
        const written = (await read()).map((r) => ({ ...r, n: Number(r.n) }));
        assert.equal(
          written.reduce((t, r) => t + r.n, 0),
          40,
        );
        await sql`drop table filing_counts`.execute(store.db);
        await filingCounts(store.dialect).up(store.db as unknown as Kysely<unknown>);
        assert.deepEqual(
          (await read()).map((r) => ({ ...r, n: Number(r.n) })),
          written,
        );
      } finally {
        await store.close();
      }
    });
  });
}
