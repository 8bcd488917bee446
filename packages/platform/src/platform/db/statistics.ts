import { sql, type Kysely } from 'kysely';

/*
 * Planner statistics on PostgreSQL when nothing else keeps them.
 *
 * PostgreSQL plans a query from statistics that autovacuum's ANALYZE gathers. Without them a
 * table that grew from empty has none: the planner takes each `=` to match 0.5 % of the rows, so a
 * lookup of 200 keys (`shipment_id in (…)`, the workers' check of a message's filings, the
 * idempotency keys of a batch chunk) is reckoned to return 63 % of the table and read as a whole
 * table scan — one second per message at 1,700,000 party links (docs/benchmarks.md, issue 19).
 * Installations sometimes run with `autovacuum = off` (this project's CI machine does). Then
 * Tradelane analyzes its own tables by autovacuum's own default rule (ADR 0027): a table whose rows
 * changed since its last ANALYZE number more than 50 + 10 % of its rows. With autovacuum on,
 * nothing is done here.
 */

/** Autovacuum's default analyze rule: `autovacuum_analyze_threshold` + `…_scale_factor` × rows. */
export const ANALYZE_THRESHOLD = 50;
export const ANALYZE_SCALE = 0.1;

/** A table of the schema and what PostgreSQL counted of it since its last ANALYZE. */
export interface TableActivity {
  table: string;
  rows: number;
  changedSinceAnalyze: number;
}

/** The tables due an ANALYZE by autovacuum's rule, most changed first (pure). */
export function dueForAnalyze(tables: readonly TableActivity[]): string[] {
  return tables
    .filter((t) => t.changedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE * Math.max(0, t.rows))
    .sort((a, b) => b.changedSinceAnalyze - a.changedSinceAnalyze || (a.table < b.table ? -1 : 1))
    .map((t) => t.table);
}

/** What a turn did: skipped (and why), or the tables it analyzed (maybe none). */
export type StatisticsTurn =
  { skipped: 'autovacuum' | 'another-process' } | { analyzed: string[]; ms: number };

/**
 * One turn on PostgreSQL: nothing when the server's autovacuum is on (unless `force`: a test, or
 * an operator's one-off); else the tables of the connection's schema that are due, analyzed in one
 * transaction under an advisory lock of the schema (two processes do not analyze the same tables
 * at once; the other skips its turn).
 */
export async function analyzeIfStale<DB>(db: Kysely<DB>, force = false): Promise<StatisticsTurn> {
  if (!force) {
    const setting = await sql<{ on: string }>`select current_setting('autovacuum') as on`.execute(db);
    if (setting.rows[0]?.on === 'on') return { skipped: 'autovacuum' };
  }
  return db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`
      select pg_try_advisory_xact_lock(hashtext('tradelane:analyze:' || current_schema())) as got
    `.execute(tx);
    if (!lock.rows[0]?.got) return { skipped: 'another-process' } as const;
    const started = performance.now();
    const stats = await sql<{ table: string; rows: string; changed: string }>`
      select relname as table, n_live_tup as rows, n_mod_since_analyze as changed
      from pg_stat_user_tables where schemaname = current_schema()
    `.execute(tx);
    const due = dueForAnalyze(
      stats.rows.map((r) => ({
        table: r.table,
        rows: Number(r.rows),
        changedSinceAnalyze: Number(r.changed),
      })),
    );
    for (const table of due) await sql`analyze ${sql.id(table)}`.execute(tx);
    return { analyzed: due, ms: Math.round(performance.now() - started) };
  });
}
