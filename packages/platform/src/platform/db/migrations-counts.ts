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
