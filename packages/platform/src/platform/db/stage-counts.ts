/**
 * The stages' counters (stage_counts, ADR 0029): what filings add to a stage's counters, per
 * stage, tenant, UTC day and key, written in the transaction that writes what they count. Reports
 * sum a few rows per day instead of reading every filing.
 */
import { sql, type Transaction } from 'kysely';
import type { StageCountOf } from '../../kernel/stage.js';
import { chunks } from './chunks.js';
import type { Database } from './schema.js';

/** A stage_counts row: what is added to one counter of a stage, for a tenant ('' = all) and day. */
export interface StageCountRow {
  readonly stage: string;
  readonly tenant: string;
  readonly day: string;
  readonly key: string;
  n: number;
}

/**
 * What counted things add to the counters: one row per (stage, tenant, UTC day of `createdAt`,
 * key), and the same summed over every tenant (tenant ''), sorted by key so that concurrent
 * writers lock the rows in one order.
 */
export function stageCountRows(
  rows: readonly {
    readonly tenant: string;
    readonly createdAt: string;
    readonly counts: readonly StageCountOf[];
  }[],
): StageCountRow[] {
  const out = new Map<string, StageCountRow>();
  const add = (stage: string, tenant: string, day: string, key: string, n: number) => {
    const k = `${stage}\u0000${tenant}\u0000${day}\u0000${key}`;
    const had = out.get(k);
    if (had) had.n += n;
    else out.set(k, { stage, tenant, day, key, n });
  };
  for (const r of rows) {
    const day = r.createdAt.slice(0, 10);
    for (const c of r.counts) {
      add(c.stage, r.tenant, day, c.key, c.n);
      add(c.stage, '', day, c.key, c.n);
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** What an insert into stage_counts does when the counter is there: adds to it (every writer). */
export const STAGE_COUNT_CONFLICT =
  'on conflict (stage, tenant, day, key) do update set n = stage_counts.n + excluded.n';

/** Adds to the counters, in the order given (stageCountRows sorts them). */
export async function addStageCounts(
  trx: Transaction<Database>,
  counts: readonly StageCountRow[],
): Promise<void> {
  for (const part of chunks(counts, 200))
    await trx
      .insertInto('stage_counts')
      .values(part.map((c) => ({ ...c })))
      .modifyEnd(sql.raw(STAGE_COUNT_CONFLICT))
      .execute();
}
