/**
 * PostgreSQL's bulk write (PostgresShipments: five round trips a write) against the general one
 * (KyselyShipments: a statement per table): the same batches into two schemas leave the same rows
 * in every table they touch, and answer the same.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { KyselyShipments, newShipmentRow, type StoredShipment } from '../../modules/filing/index.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import { PG_URL, pgEnabled, uniqueSchema } from '../../testing/support.js';
import type { KyselyStore } from './kysely-store.js';
import { openStore } from './open-store.js';
import { decisionRecord, shipmentRow } from '../../testing/store-rows.js';

const decided = (lane: 'green' | 'yellow' | 'red', score: number): DecisionRecord =>
  decisionRecord(lane, {
    score,
    holds: lane === 'red' ? ['CBP-UFLPA'] : [],
    rules: lane === 'green' ? [] : [{ id: `R-${lane}`, lane, description: 'd' }],
    random: { selected: score === 0, draw: 0.25, rate: 0.01 },
  });

/** Rows with stage counts that vary with the filing (ADR 0029). */
const rowOf = (s: StoredShipment) =>
  newShipmentRow(s, { json: JSON.stringify(s.versions), key: `vs_${s.versions.length}` }, undefined, [
    { stage: 'pga', key: 'filings', n: 1 },
    { stage: 'pga', key: `FDA:${s.status === 'accepted' ? 'electronic' : 'missing'}`, n: s.id.length % 3 },
  ]);

/** The same filings for both schemas (fixed ids), with what a write can meet. */
function batches(): StoredShipment[][] {
  const at = (i: number, day = '2026-12-03') => `${day}T10:00:0${i}.000Z`;
  const port = (p: string | number) => ({ reference: 'R', transport: { port_of_entry: p } });
  const s = (i: number, over: Partial<StoredShipment>) =>
    shipmentRow({ id: `shp_eq${i}`, createdAt: at(i % 10), ...over });
  return [
    [
      s(1, { decision: decided('green', 1.5), shipment: port('2704') }),
      s(2, {
        decision: decided('red', 100),
        shipment: port('2704'),
        idempotencyKey: 'k1',
        requestHash: 'h1',
      }),
      s(3, { status: 'rejected', shipment: port('4701') }),
      s(4, { decision: decided('yellow', 42.25), shipment: port(7), reference: 'lone \ud800 surrogate' }),
      s(5, { decision: decided('green', 0), createdAt: at(5, '2026-12-04'), tenant: 'globex' }),
      s(6, {
        decision: decided('green', 0),
        versions: [],
        shipment: { reference: 'Ünïcode ✓ 新疆 "quoted" \\ back', transport: { port_of_entry: '2704' } },
      }),
    ],
    // A key filed before (refused), a key new in this write, a filing without a decision.
    [
      s(7, { decision: decided('green', 0), idempotencyKey: 'k1', requestHash: 'h1' }),
      s(8, { decision: decided('red', 80), idempotencyKey: 'k2', requestHash: 'h2', shipment: port('2704') }),
      s(9, { status: 'rejected' }),
    ],
    // Every filing refused: nothing written, no event.
    [s(10, { decision: decided('green', 0), idempotencyKey: 'k2', requestHash: 'h2' })],
    // Decisions only for filings no tenant has filed before.
    [s(11, { decision: decided('green', 3), idempotencyKey: 'k1', requestHash: 'h1', tenant: 'globex' })],
  ];
}

const TABLES: Record<string, string> = {
  shipments: 'select * from shipments order by id',
  version_sets: 'select * from version_sets order by key',
  outbox: 'select topic, msg_key, payload, created_at, published_at, claimed_until from outbox order by id',
  filing_counts: 'select * from filing_counts order by day, lane, port',
  decisions: 'select * from decisions order by seq',
  decision_head: 'select * from decision_head',
  rule_counts: 'select * from rule_counts order by day, rule',
  stage_counts: 'select * from stage_counts order by stage, tenant, day, key',
  benefit_ledger: 'select * from benefit_ledger order by seq',
};

describe(
  'PostgreSQL bulk write: the same rows as the statement-per-table write',
  { skip: !pgEnabled },
  () => {
    const schemas = [uniqueSchema(), uniqueSchema()];
    const stores: KyselyStore[] = [];
    before(async () => {
      for (const schema of schemas) stores.push((await openStore({ url: PG_URL, schema })) as KyselyStore);
    });
    after(async () => {
      for (const s of stores) await s.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      for (const schema of schemas) await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    });

    it('writes every table alike and answers alike, batch after batch', async () => {
      const [bulk, general] = stores as [KyselyStore, KyselyStore];
      assert.equal(bulk.shipments.constructor.name, 'PostgresShipments');
      const reference = new KyselyShipments(general.db, 'postgres');
      for (const batch of batches()) {
        const rows = batch.map(rowOf);
        assert.deepEqual(await bulk.shipments.insertMany(rows), await reference.insertMany(rows));
      }
      for (const [table, q] of Object.entries(TABLES)) {
        const [a, b] = await Promise.all(stores.map(async (s) => (await sql.raw(q).execute(s.db)).rows));
        assert.ok(a!.length > 0, `${table} has rows`);
        assert.deepEqual(a, b, table);
      }
      const got = await bulk.shipments.get('shp_eq4', null);
      assert.equal(got!.reference, 'lone \ufffd surrogate', 'as any single text parameter is stored');
      assert.equal(got!.decision!.score, 42.25);
    });
  },
);
