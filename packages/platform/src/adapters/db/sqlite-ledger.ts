import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { LedgerFacts } from '../../domain/trusted-trader/benefit-report.js';
import type { Lane } from '../../domain/risk/policy.js';
import { KyselyBenefitLedger } from './kysely-trusted.js';
import type { Database } from './schema.js';

/**
 * One reused row: the stratum comes whole from SQLite (one string instead of four columns and a
 * concatenation per row); its parts are read from it only when asked for.
 */
class RowFacts implements LedgerFacts {
  member: string | null = null;
  tier: string | null = null;
  period = '';
  stratum = '';
  lane: Lane = 'green';
  counterfactual: Lane | null = null;
  exam = false;
  held = false;
  releaseHours: number | null = null;
  private part(i: number): string {
    return this.stratum.split('|')[i] ?? '';
  }
  get chapter(): string {
    return this.part(0);
  }
  get origin(): string {
    return this.part(1);
  }
  get port(): string {
    return this.part(2);
  }
  get band(): number {
    return Number(this.part(3));
  }
}

/**
 * SQLite's path for the benefit report: the ledger read in one statement as raw rows, into one
 * reused object — ten million decisions without ten million objects. Holds Kysely's connection
 * while it reads.
 */
export class SqliteBenefitLedger extends KyselyBenefitLedger {
  constructor(
    kdb: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
  ) {
    super(kdb);
  }

  override async each(
    range: { from?: string | undefined; to?: string | undefined },
    visit: (r: LedgerFacts) => void,
  ): Promise<number> {
    const where = [range.from ? 'decided_at >= @from' : '', range.to ? 'decided_at < @to' : ''].filter(
      Boolean,
    );
    const stmt = this.sqlite
      .prepare(
        `select member_id, tier, period, chapter || '|' || origin || '|' || port || '|' || band || '|' || period,
           lane, counterfactual, exam, held, release_hours
         from benefit_ledger ${where.length ? `where ${where.join(' and ')}` : ''} order by seq`,
      )
      .raw(true);
    const params = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
    return this.db.connection().execute(async () => {
      const f = new RowFacts();
      let n = 0;
      for (const row of stmt.iterate(params) as IterableIterator<unknown[]>) {
        f.member = row[0] as string | null;
        f.tier = row[1] as string | null;
        f.period = row[2] as string;
        f.stratum = row[3] as string;
        f.lane = row[4] as Lane;
        f.counterfactual = row[5] as Lane | null;
        f.exam = row[6] === 1;
        f.held = row[7] === 1;
        f.releaseHours = row[8] as number | null;
        visit(f);
        n++;
      }
      return n;
    });
  }
}
