/** The shared risk counters on Kysely (SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { RiskCounterRepository } from './risk-state.js';

export class KyselyRiskCounters implements RiskCounterRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async reserve(
    scope: string,
    key: string,
    day: string,
    mandatory: number,
    want: number,
    cap: number,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('risk_counters')
        .values({ scope, key, day, n: 0 })
        .onConflict((oc) => oc.columns(['scope', 'key', 'day']).doNothing())
        .execute();
      let q = trx
        .selectFrom('risk_counters')
        .select('n')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('day', '=', day);
      // PostgreSQL: the row is locked until commit, so that reservations from processes queue.
      if (this.dialect === 'postgres') q = q.forUpdate();
      const n = Number((await q.executeTakeFirstOrThrow()).n) + mandatory;
      const granted = Math.max(0, Math.min(want, cap - n));
      await trx
        .updateTable('risk_counters')
        .set({ n: n + granted })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('day', '=', day)
        .execute();
      return granted;
    });
  }

  async value(scope: string, key: string, day: string): Promise<number> {
    const r = await this.db
      .selectFrom('risk_counters')
      .select('n')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('day', '=', day)
      .executeTakeFirst();
    return r ? Number(r.n) : 0;
  }
}
