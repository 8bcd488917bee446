import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { LedgerCell, LedgerFacts } from '../domain/benefit-report.js';
import type { Lane } from '../../risk/index.js';
import { KyselyBenefitLedger } from '../db.js';
import type { CellVisitor, LedgerMonths, LedgerRange } from '../repository.js';
import type { Database } from '../../../platform/db/schema.js';

const LANES: readonly Lane[] = ['green', 'blue', 'yellow', 'red'];
const laneCode = (col: string) =>
  `(case ${col} when 'green' then 0 when 'blue' then 1 when 'yellow' then 2 when 'red' then 3 end)`;

/**
 * One reused row. SQLite gives the stratum whole (one string instead of four columns and a
 * concatenation per row) and packs lane, counterfactual lane, exam and hold into one integer; the
 * parts are read from them only when asked for.
 */
class RowFacts implements LedgerFacts {
  member: string | null = null;
  tier: string | null = null;
  stratum = '';
  /** Bits 0–1 lane, 2–4 counterfactual (4: none), 5 exam, 6 held. */
  code = 0;
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
  get period(): string {
    return this.part(4);
  }
  get lane(): Lane {
    return LANES[this.code & 3]!;
  }
  get counterfactual(): Lane | null {
    const c = (this.code >> 2) & 7;
    return c === 4 ? null : LANES[c]!;
  }
  get exam(): boolean {
    return (this.code & 32) !== 0;
  }
  get held(): boolean {
    return (this.code & 64) !== 0;
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

  override async each(range: LedgerRange, visit: (r: LedgerFacts) => void): Promise<number> {
    return this.db.connection().execute(async () => this.visitEntries(range, visit));
  }

  /** Visits the entries of `range` in order; the caller holds the connection. */
  private visitEntries(range: LedgerRange, visit: (r: LedgerFacts) => void): number {
    const where = [
      range.from ? 'decided_at >= @from' : '',
      range.to ? 'decided_at < @to' : '',
      range.afterSeq !== undefined ? 'seq > @afterSeq' : '',
      range.throughSeq !== undefined ? 'seq <= @throughSeq' : '',
    ].filter(Boolean);
    const stmt = this.sqlite
      .prepare(
        `select member_id, tier, chapter || '|' || origin || '|' || port || '|' || band || '|' || period,
           ${laneCode('lane')} | (coalesce(${laneCode('counterfactual')}, 4) << 2) | (exam << 5) | (held << 6),
           release_hours
         from benefit_ledger ${where.length ? `where ${where.join(' and ')}` : ''} order by seq`,
      )
      .raw(true);
    const params = {
      ...(range.from ? { from: range.from } : {}),
      ...(range.to ? { to: range.to } : {}),
      ...(range.afterSeq !== undefined ? { afterSeq: range.afterSeq } : {}),
      ...(range.throughSeq !== undefined ? { throughSeq: range.throughSeq } : {}),
    };
    const f = new RowFacts();
    let n = 0;
    for (const row of stmt.iterate(params) as IterableIterator<unknown[]>) {
      f.member = row[0] as string | null;
      f.tier = row[1] as string | null;
      f.stratum = row[2] as string;
      f.code = row[3] as number;
      f.releaseHours = row[4] as number | null;
      visit(f);
      n++;
    }
    return n;
  }

  /**
   * The cells, their hours and the entries not yet folded, in one read transaction (a fold
   * committed meanwhile, by this process or another, is seen by none or all of the reads), each
   * read into a reused object.
   */
  override async cells(months: LedgerMonths, visit: CellVisitor): Promise<number> {
    const where = ['n > 0', months.from ? 'period >= @from' : '', months.to ? 'period < @to' : '']
      .filter(Boolean)
      .join(' and ');
    const params = {
      ...(months.from ? { from: months.from } : {}),
      ...(months.to ? { to: months.to } : {}),
    };
    const stratum = `chapter || '|' || origin || '|' || port || '|' || band || '|' || period`;
    const cells = this.sqlite
      .prepare(
        `select nullif(member, ''), nullif(tier, ''), ${stratum}, n, exams, holds, exams_avoided,
           holds_avoided, released, hours_sum, hours_sum2
         from benefit_cells where ${where}`,
      )
      .raw(true);
    const hours = this.sqlite
      .prepare(
        `select nullif(member, ''), nullif(tier, ''), case when member = '' then ${stratum} end, hours, n
         from benefit_hours where ${where}`,
      )
      .raw(true);
    const folded = this.sqlite.prepare('select upto from benefit_folded where id = 1').pluck();
    const read = (): number => {
      const upto = Number(folded.get() ?? 0);
      const c = new CellRow();
      let n = 0;
      for (const r of cells.iterate(params) as IterableIterator<unknown[]>) {
        c.read(r);
        visit.cell(c);
        n++;
      }
      const h = {
        member: null as string | null,
        tier: null as string | null,
        stratum: null as string | null,
        hours: 0,
        n: 0,
      };
      for (const r of hours.iterate(params) as IterableIterator<unknown[]>) {
        h.member = r[0] as string | null;
        h.tier = r[1] as string | null;
        h.stratum = r[2] as string | null;
        h.hours = r[3] as number;
        h.n = r[4] as number;
        visit.hours(h);
      }
      const range = {
        afterSeq: upto,
        ...(months.from ? { from: `${months.from}-01` } : {}),
        ...(months.to ? { to: `${months.to}-01` } : {}),
      };
      return n + this.visitEntries(range, (r) => visit.entry(r));
    };
    return this.db.connection().execute(async () => {
      this.sqlite.exec('begin');
      try {
        return read();
      } finally {
        this.sqlite.exec('commit');
      }
    });
  }
}

/** One reused cell, read from a raw row. */
class CellRow implements LedgerCell {
  member: string | null = null;
  tier: string | null = null;
  stratum = '';
  n = 0;
  exams = 0;
  holds = 0;
  examsAvoided = 0;
  holdsAvoided = 0;
  released = 0;
  hoursSum = 0;
  hoursSum2 = 0;
  read(r: unknown[]): void {
    this.member = r[0] as string | null;
    this.tier = r[1] as string | null;
    this.stratum = r[2] as string;
    this.n = r[3] as number;
    this.exams = r[4] as number;
    this.holds = r[5] as number;
    this.examsAvoided = r[6] as number;
    this.holdsAvoided = r[7] as number;
    this.released = r[8] as number;
    this.hoursSum = r[9] as number;
    this.hoursSum2 = r[10] as number;
  }
}
