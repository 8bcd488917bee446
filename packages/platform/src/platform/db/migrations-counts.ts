import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

/*
 * Counters kept beside the rows they count (issue 20). The list that orders them with the other
 * migrations is migrationProvider in migrations.ts.
 */

/**
 * Filings per UTC day, lane and port (ADR 0024): the dashboard reads a day's few dozen rows
 * instead of counting a day's filings. A filing's counter is added to in the transaction that
 * writes the filing and its decision; an absent lane (rejected, or no risk stage) or port is ''.
 * Existing filings are counted once here, through the covering index (created_at, lane, port, id).
 */
export function filingCounts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('filing_counts')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('lane', 'text', (c) => c.notNull())
        .addColumn('port', 'text', (c) => c.notNull())
        .addColumn('n', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('filing_counts_pk', ['day', 'lane', 'port'])
        .execute();
      await sql`insert into filing_counts (day, lane, port, n)
        select substr(created_at, 1, 10), coalesce(lane, ''), coalesce(port, ''), count(*)
        from shipments group by substr(created_at, 1, 10), coalesce(lane, ''), coalesce(port, '')`.execute(
        db,
      );
    },
  };
}

/**
 * The counters the reports read instead of scanning the filings and the decision log (issue 22,
 * ADR 0029), and the backlog of what was stored before them.
 *
 * - `stage_counts`: what each filing added to a pipeline stage's counters (the PGA stage's
 *   obligations per agency and mode), per stage, tenant, UTC day and key; tenant '' holds every
 *   tenant's sum, so that an officer's report reads as few rows as a filer's. The documents
 *   uploaded for filings count there too (stage 'documents', key: the agency), on the filing's
 *   day; those already uploaded are counted here.
 * - `rule_counts`: per UTC day and rule (and RANDOM), the decisions it selected, the exam results
 *   that answered them and those that found something.
 * - `count_backlog`: the filings stored before this migration, whose stage counts the background
 *   recount adds (the PGA catalogue they need is not loaded while migrating); `rule_backlog` the
 *   part of the decision log (seq ≤ upto_seq) not yet counted, counted after `after_seq`.
 * Everything filed or decided after this migration is counted in the transaction that writes it.
 */
export function reportCounts(dialect: Dialect): Migration {
  const count = dialect === 'postgres' ? 'bigint' : 'integer';
  // SQLite: the counters are their primary key's B-tree (no rowid table beside it), so an upsert
  // writes one B-tree, not two.
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stage_counts')
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('n', count, (c) => c.notNull())
        .addPrimaryKeyConstraint('stage_counts_pk', ['stage', 'tenant', 'day', 'key'])
        .modifyEnd(clustered)
        .execute();
      // Documents already uploaded for filings: counted here, as each upload is from now on.
      for (const [tenant, also] of [
        [sql`s.tenant`, sql`s.tenant, `],
        [sql`''`, sql``],
      ] as const)
        await sql`insert into stage_counts (stage, tenant, day, key, n)
          select 'documents', ${tenant}, substr(s.created_at, 1, 10), coalesce(d.agency, ''), count(*)
          from documents d join shipments s on s.id = d.shipment_id
          group by ${also}substr(s.created_at, 1, 10), coalesce(d.agency, '')`.execute(db);
      await db.schema
        .createTable('rule_counts')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('selected', count, (c) => c.notNull())
        .addColumn('exams', count, (c) => c.notNull())
        .addColumn('found', count, (c) => c.notNull())
        .addPrimaryKeyConstraint('rule_counts_pk', ['day', 'rule'])
        .modifyEnd(clustered)
        .execute();
      await db.schema
        .createTable('count_backlog')
        .addColumn('shipment_id', 'text', (c) => c.primaryKey())
        .execute();
      await sql`insert into count_backlog (shipment_id) select id from shipments`.execute(db);
      await db.schema
        .createTable('rule_backlog')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('after_seq', count, (c) => c.notNull())
        .addColumn('upto_seq', count, (c) => c.notNull())
        .execute();
      await sql`insert into rule_backlog (id, after_seq, upto_seq)
        select 1, 0, coalesce(max(seq), 0) from decisions`.execute(db);
    },
  };
}
