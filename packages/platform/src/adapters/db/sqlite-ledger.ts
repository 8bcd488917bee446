import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { LedgerFacts } from '../../domain/trusted-trader/benefit-report.js';
import type { Lane } from '../../domain/risk/policy.js';
import { KyselyBenefitLedger } from './kysely-trusted.js';
import type { Database } from './schema.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
        `select member_id, tier, period, chapter, origin, port, band, lane, counterfactual, exam, held, release_hours
         from benefit_ledger ${where.length ? `where ${where.join(' and ')}` : ''} order by seq`,
      )
      .raw(true);
    const params = { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
    return this.db.connection().execute(async () => {
      const f: Mutable<LedgerFacts> = {
        member: null,
        tier: null,
        period: '',
        chapter: '',
        origin: '',
        port: '',
        band: 0,
        lane: 'green',
        counterfactual: null,
        exam: false,
        held: false,
        releaseHours: null,
      };
      let n = 0;
      for (const row of stmt.iterate(params) as IterableIterator<unknown[]>) {
        f.member = row[0] as string | null;
        f.tier = row[1] as string | null;
        f.period = row[2] as string;
        f.chapter = row[3] as string;
        f.origin = row[4] as string;
        f.port = row[5] as string;
        f.band = row[6] as number;
        f.lane = row[7] as Lane;
        f.counterfactual = row[8] as Lane | null;
        f.exam = row[9] === 1;
        f.held = row[10] === 1;
        f.releaseHours = row[11] as number | null;
        visit(f);
        n++;
      }
      return n;
    });
  }
}
