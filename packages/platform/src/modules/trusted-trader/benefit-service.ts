import {
  BenefitReportBuilder,
  type BenefitPartial,
  type BenefitReport,
  type ReportRow,
} from './domain/benefit-report.js';
import type { LedgerMonths, LedgerRange } from './repository.js';
import type { Clock } from '../../kernel/ports.js';
import type { BenefitLedgerRepository } from './repository.js';
import type { LoadedProgram } from './trusted-trader-service.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface BenefitStore {
  readonly ledger: BenefitLedgerRepository;
}

/** Decisions from `from` (inclusive) to `to` (exclusive): days or ISO instants. */
export type ReportRange = Pick<LedgerRange, 'from' | 'to'>;

/** `YYYY-MM` of a bound at the start of a month (a day, or midnight UTC); null for any other. */
function monthOf(bound: string): string | null {
  const m = /^(\d{4}-\d{2})-01(?:T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?)?$/.exec(bound);
  return m ? m[1]! : null;
}

/** The range as whole months when both bounds (if given) fall on the start of a month. */
export function wholeMonths(range: ReportRange): LedgerMonths | null {
  const from = range.from === undefined ? undefined : monthOf(range.from);
  const to = range.to === undefined ? undefined : monthOf(range.to);
  if (from === null || to === null) return null;
  return { from, to };
}

/**
 * The benefit report. Over whole months (or the whole ledger) it reads the ledger's cells
 * (folded in the background on SQLite, kept by triggers on PostgreSQL; ADR 0033) and the entries
 * not yet folded; over any other range, one pass over the decisions in the range, in
 * the ledger's own order, the aggregation in memory (a few columns per stratum and one number per
 * decision released after more than 0 hours).
 */
export class BenefitService {
  constructor(
    private readonly store: BenefitStore,
    private readonly program: LoadedProgram,
    private readonly clock: Clock,
    /** Reads parts of the ledger elsewhere (worker threads) and gives back what each gathered. */
    private readonly inParts?: (ranges: readonly LedgerRange[]) => Promise<BenefitPartial[]>,
    private readonly parts = 2,
    /** Below this many entries one pass here is quicker than starting threads. */
    private readonly partFrom = 500_000,
  ) {}

  async report(range: ReportRange = {}): Promise<BenefitReport> {
    const costs = this.program.program.costs;
    const b = new BenefitReportBuilder({
      examUsdCents: costs.exam_usd_cents,
      holdHourUsdCents: costs.hold_hour_usd_cents,
    });
    const months = wholeMonths(range);
    if (months) {
      // Whole months: the ledger's cells (as many as strata × members), and the entries not yet
      // folded into them (ADR 0033).
      await this.store.ledger.cells(months, {
        cell: (c) => b.addCell(c),
        hours: (h) => b.addHours(h),
        entry: (r) => b.add(r),
      });
      return b.report(this.program.program.version, this.clock.now());
    }
    const last = this.inParts && this.parts > 1 ? await this.store.ledger.lastSeq() : 0;
    if (this.inParts && last >= this.partFrom) {
      // The ledger split by sequence number; the parts are merged in order.
      const step = Math.ceil(last / this.parts);
      const ranges = Array.from({ length: this.parts }, (_, i) => ({
        ...range,
        afterSeq: i * step,
        throughSeq: i === this.parts - 1 ? last : (i + 1) * step,
      }));
      for (const p of await this.inParts(ranges)) b.merge(p);
    } else await this.store.ledger.each(range, (r) => b.add(r));
    return b.report(this.program.program.version, this.clock.now());
  }

  /**
   * The whole program per calendar month (UTC), the `months` months up to this one, oldest first:
   * each month's overall row with its intervals, one report over that month's decisions.
   */
  async series(
    months: number,
  ): Promise<{ program: string; periods: { period: string; overall: ReportRow }[] }> {
    const now = this.clock.now();
    let y = Number(now.slice(0, 4));
    let m = Number(now.slice(5, 7)) - (months - 1);
    while (m < 1) {
      m += 12;
      y--;
    }
    const month = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`;
    const periods: { period: string; overall: ReportRow }[] = [];
    for (let i = 0; i < months; i++) {
      const [ny, nm] = m === 12 ? [y + 1, 1] : [y, m + 1];
      const r = await this.report({ from: `${month(y, m)}-01`, to: `${month(ny, nm)}-01` });
      periods.push({ period: month(y, m), overall: r.overall });
      [y, m] = [ny, nm];
    }
    return { program: this.program.program.version, periods };
  }
}
