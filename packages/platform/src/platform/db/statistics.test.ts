/**
 * Planner statistics kept when autovacuum is off (ADR 0027): autovacuum's rule, and on PostgreSQL
 * the plan it is for — a lookup of 200 filings by id reads the whole table before the ANALYZE and
 * the index after.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { PG_URL, pgEnabled, uniqueSchema } from '../../testing/support.js';
import type { KyselyStore } from '../../main/store/kysely-store.js';
import { openStore } from '../../main/store/open-store.js';
import { dropSchema } from '../../testing/stores.js';
import { analyzeIfStale, dueForAnalyze } from './statistics.js';

describe('tables due an ANALYZE (autovacuum: 50 + 10 % of the rows changed)', () => {
  it('takes the tables past the threshold, most changed first', () => {
    assert.deepEqual(
      dueForAnalyze([
        { table: 'shipments', rows: 10_000, changedSinceAnalyze: 1_050 },
        { table: 'outbox', rows: 10_000, changedSinceAnalyze: 1_051 },
        { table: 'party_links', rows: 0, changedSinceAnalyze: 20_000 },
        { table: 'api_keys', rows: 3, changedSinceAnalyze: 3 },
      ]),
      ['party_links', 'outbox'],
    );
  });

  it('a table due stays due with more changes, and is not due with more rows alone', () => {
    const t = fc.record({
      table: fc.constant('t'),
      rows: fc.integer({ min: -1, max: 10_000_000 }),
      changedSinceAnalyze: fc.nat({ max: 10_000_000 }),
    });
    fc.assert(
      fc.property(t, fc.nat({ max: 1_000_000 }), (a, more) => {
        const due = dueForAnalyze([a]).length === 1;
        if (due)
          assert.equal(
            dueForAnalyze([{ ...a, changedSinceAnalyze: a.changedSinceAnalyze + more }]).length,
            1,
          );
        else assert.equal(dueForAnalyze([{ ...a, rows: Math.max(0, a.rows) + more }]).length, 0);
      }),
    );
  });
});

describe('ANALYZE on PostgreSQL when autovacuum is off', { skip: !pgEnabled }, () => {
  const schema = uniqueSchema();
  let store: KyselyStore;
  let client: pg.Client;
  before(async () => {
    store = (await openStore({ url: PG_URL, schema })) as KyselyStore;
    client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await client.connect();
  });
  after(async () => {
    await client.end();
    await store.close();
    await dropSchema(schema);
  });

  const ids = Array.from({ length: 200 }, (_, i) => `shp_${i * 97}`);
  const plan = async () =>
    (await client.query(`explain select * from party_links where shipment_id = any($1)`, [ids])).rows
      .map((r: Record<string, string>) => r['QUERY PLAN']!.replace(/'\{[^}]*\}'/g, "'{…}'"))
      .join('\n');

  it('turns the whole-table read of 200 filings into an index read, once, under one lock', async () => {
    await client.query(`
      insert into party_links (shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at)
      select 'shp_' || i, j, 'acme', 'ent_' || (i % 500), 'seller', 0.9, 'exact', '[]', '2026-12-04T10:00:00.000Z'
      from generate_series(1, 20000) i, generate_series(0, 1) j`);
    // This session's counts reach pg_stat_user_tables when it next goes idle (after this statement).
    await client.query('select pg_stat_force_next_flush()');
    assert.match(await plan(), /Seq Scan on party_links/, 'no statistics: the planner reads it all');

    // Another process holding the turn: this one skips it.
    const other = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`select pg_advisory_xact_lock(hashtext('tradelane:analyze:' || current_schema()))`);
      assert.deepEqual(await analyzeIfStale(store.db, true), { skipped: 'another-process' });
      await other.query('rollback');
    } finally {
      await other.end();
    }

    const turn = await analyzeIfStale(store.db, true);
    assert.ok('analyzed' in turn && turn.analyzed.includes('party_links'), JSON.stringify(turn));
    assert.match(await plan(), /^(?![\s\S]*Seq Scan)[\s\S]*Index Scan on party_links_pk\b/);
    const again = await analyzeIfStale(store.db, true);
    assert.ok('analyzed' in again && !again.analyzed.includes('party_links'), 'nothing changed since');
  });

  it('the store leaves it to autovacuum when autovacuum is on', async () => {
    const on = (await sql<{ on: string }>`select current_setting('autovacuum') as on`.execute(store.db))
      .rows[0]!.on;
    const turn = await store.analyzeIfStale();
    if (on === 'on') assert.deepEqual(turn, { skipped: 'autovacuum' });
    else assert.ok('analyzed' in turn, JSON.stringify(turn));
  });
});
