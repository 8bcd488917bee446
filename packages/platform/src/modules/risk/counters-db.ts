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

  async addAndSum(
    scope: string,
    adds: readonly { key: string; day: string; n: number }[],
    sums: readonly { key: string; from: string }[],
  ): Promise<Map<string, number>> {
    await this.db.transaction().execute(async (trx) => {
      // 4 columns a row: 500 rows stay under every dialect's bound-parameter limit.
      for (let i = 0; i < adds.length; i += 500) {
        await trx
          .insertInto('risk_counters')
          .values(adds.slice(i, i + 500).map((a) => ({ scope, key: a.key, day: a.day, n: a.n })))
          .onConflict((oc) =>
            oc
              .columns(['scope', 'key', 'day'])
              .doUpdateSet((eb) => ({ n: eb('risk_counters.n', '+', eb.ref('excluded.n')) })),
          )
          .execute();
      }
    });
    const out = new Map<string, number>();
    for (let i = 0; i < sums.length; i += 500) {
      const part = sums.slice(i, i + 500);
      const from = part.reduce((m, s) => (s.from < m ? s.from : m), part[0]!.from);
      const rows = await this.db
        .selectFrom('risk_counters')
        .select(['key', 'day', 'n'])
        .where('scope', '=', scope)
        .where(
          'key',
          'in',
          part.map((s) => s.key),
        )
        .where('day', '>=', from)
        .execute();
      const since = new Map(part.map((s) => [s.key, s.from]));
      for (const s of part) out.set(s.key, 0);
      for (const r of rows) if (r.day >= since.get(r.key)!) out.set(r.key, out.get(r.key)! + Number(r.n));
    }
    return out;
  }

  async prune(scope: string, before: string): Promise<void> {
    await this.db.deleteFrom('risk_counters').where('scope', '=', scope).where('day', '<', before).execute();
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
