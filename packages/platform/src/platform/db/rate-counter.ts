/**
 * Rate-limit counters on PostgreSQL, shared by every process of a deployment: one row per bucket
 * (route and key) holding its window's end and its count, counted in one statement (an upsert), so
 * concurrent requests in any process each get their own count. Time is the database's, so the
 * processes' clocks need not agree. A bucket's row is reused window after window: the table holds
 * one row per heavy route and key that called it.
 */
import { sql, type Kysely } from 'kysely';
import type { RateCounter } from '../http/rate-limit-store.js';
import type { Database } from './schema.js';

export class PostgresRateCounter implements RateCounter {
  constructor(private readonly db: Kysely<Database>) {}

  async hit(bucket: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    const r = await sql<{ n: number; ttl: string }>`
      with now as (select (extract(epoch from clock_timestamp()) * 1000)::bigint as ms)
      insert into rate_limits as r (bucket, window_ends, n)
      select ${bucket}, now.ms + ${windowMs}, 1 from now
      on conflict (bucket) do update set
        n = case when r.window_ends <= (select ms from now) then 1 else r.n + 1 end,
        window_ends = case when r.window_ends <= (select ms from now)
          then (select ms from now) + ${windowMs} else r.window_ends end
      returning n, (window_ends - (select ms from now))::text as ttl`.execute(this.db);
    const row = r.rows[0]!;
    return { count: Number(row.n), ttlMs: Math.max(0, Number(row.ttl)) };
  }
}
