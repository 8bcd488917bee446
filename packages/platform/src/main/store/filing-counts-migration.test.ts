/**
 * Migration 0017 counts the filings already stored (a store migrated before the counters existed):
 * the counters it writes equal what the writes since keep, on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { newShipmentRow } from '../../modules/filing/index.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import { filingCounts } from '../../platform/db/migrations-counts.js';
import { PG_URL, pgEnabled, tempSqliteUrl, uniqueSchema } from '../../testing/support.js';
import type { KyselyStore } from './kysely-store.js';
import { openStore } from './open-store.js';
import { shipmentRow } from './store.contract.js';

const decided = (lane: 'green' | 'red'): DecisionRecord => ({
  lane,
  score: 0,
  signals: [],
  rules: [],
  holds: [],
  random: { selected: false, draw: 0.5, rate: 0.01 },
  capped: null,
  trusted: false,
  rule_set: 'rs-1',
  inputs: { valueStats: [null], recentParcels: 0, trusted: null },
  rule_set_sha256: 'f'.repeat(64),
  risk_data: 'rd-1',
});

const stores: [string, () => Promise<{ store: KyselyStore; drop: () => Promise<void> }>][] = [
  [
    'SQLite',
    async () => ({ store: (await openStore({ url: tempSqliteUrl() })) as KyselyStore, drop: async () => {} }),
  ],
];
if (pgEnabled)
  stores.push([
    'PostgreSQL',
    async () => {
      const schema = uniqueSchema();
      const store = (await openStore({ url: PG_URL, schema })) as KyselyStore;
      return {
        store,
        drop: async () => {
          const c = new pg.Client({ connectionString: PG_URL });
          await c.connect();
          await c.query(`drop schema if exists "${schema}" cascade`);
          await c.end();
        },
      };
    },
  ]);

for (const [name, open] of stores) {
  describe(`migration 0017_filing_counts: ${name}`, () => {
    it('counts the filings stored before it, per day, lane and port, as the writes do', async () => {
      const { store, drop } = await open();
      try {
        const ports = ['2704', '1001', null];
        const lanes = ['green', 'red', null] as const;
        const rows = Array.from({ length: 40 }, (_, i) => {
          const lane = lanes[i % 3]!;
          const port = ports[(i >> 1) % 3]!;
          const s = shipmentRow({
            createdAt: `2033-01-0${1 + (i % 4)}T0${i % 10}:00:00.000Z`,
            status: lane ? 'accepted' : 'rejected',
            shipment: { reference: 'X', transport: port ? { port_of_entry: port } : {}, lines: [] },
          });
          return newShipmentRow(lane ? { ...s, decision: decided(lane) } : s, { json: '[]', key: 'vs_0' });
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
        await drop();
      }
    });
  });
}
