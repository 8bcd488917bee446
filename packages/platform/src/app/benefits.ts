import { BenefitReportBuilder, type BenefitReport } from '../domain/trusted-trader/benefit-report.js';
import type { Clock } from '../ports/clock.js';
import type { Store } from '../ports/store.js';
import type { LoadedProgram } from './trusted-trader.js';

export interface ReportRange {
  /** Decisions from this instant or day (inclusive). */
  readonly from?: string | undefined;
  /** Decisions before this instant or day. */
  readonly to?: string | undefined;
}

/**
 * The benefit report over the ledger: one pass in pages of the ledger's own order, the
 * aggregation in memory (a few columns per stratum and one number per released decision).
 */
export class BenefitService {
  constructor(
    private readonly store: Store,
    private readonly program: LoadedProgram,
    private readonly clock: Clock,
  ) {}

  async report(range: ReportRange = {}, pageSize = 50_000): Promise<BenefitReport> {
    const costs = this.program.program.costs;
    const b = new BenefitReportBuilder({
      examUsdCents: costs.exam_usd_cents,
      holdHourUsdCents: costs.hold_hour_usd_cents,
    });
    let after = 0;
    for (;;) {
      const page = await this.store.ledger.scan(after, pageSize, range);
      for (const r of page.rows) b.add(r);
      if (page.rows.length < pageSize) break;
      after = page.last;
    }
    return b.report(this.program.program.version, this.clock.now());
  }
}
