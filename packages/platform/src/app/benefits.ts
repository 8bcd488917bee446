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
 * The benefit report over the ledger: one pass in the ledger's own order, the aggregation in
 * memory (a few columns per stratum and one number per released decision).
 */
export class BenefitService {
  constructor(
    private readonly store: Store,
    private readonly program: LoadedProgram,
    private readonly clock: Clock,
  ) {}

  async report(range: ReportRange = {}): Promise<BenefitReport> {
    const costs = this.program.program.costs;
    const b = new BenefitReportBuilder({
      examUsdCents: costs.exam_usd_cents,
      holdHourUsdCents: costs.hold_hour_usd_cents,
    });
    await this.store.ledger.each(range, (r) => b.add(r));
    return b.report(this.program.program.version, this.clock.now());
  }
}
