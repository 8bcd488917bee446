/**
 * The benefit ledger's view of a decision: the stratum the filing belongs to (HTS chapter and
 * origin of its most valuable line, port, value band, month), its lane, the lane it would have
 * had without membership, and the outcome as known at the decision — a green or blue lane without
 * holds is a release; yellow and red hold the goods, red for an examination.
 */
import { minorUnits } from '../../../kernel/currencies.js';
import type { DecisionRecord } from '../../risk/index.js';
import type { Shipment } from '../../../kernel/shipment.js';
import { valueBand, type LedgerFacts } from './benefit-report.js';

/** One decision in the benefit ledger: who, which stratum, the lane and the one without membership. */
export interface LedgerEntry extends LedgerFacts {
  readonly shipmentId: string;
  readonly revision: number;
  readonly tenant: string;
  readonly decidedAt: string;
  readonly releasedAt: string | null;
}

/** The filing a decision was made for: its id, revision and tenant. */
export interface LedgerFiling {
  readonly id: string;
  readonly revision: number;
  readonly tenant: string;
}

/** Built as one object literal: every filing makes one, and a spread of another cost more. */
export function ledgerEntryOf(s: Shipment, d: DecisionRecord, at: string, filing: LedgerFiling): LedgerEntry {
  const lines = s.lines ?? [];
  let main = lines[0];
  let total = 0;
  for (const l of lines) {
    // Major units of the declared currency (no exchange rates are loaded: read as dollars).
    total += l.value.amount / 10 ** (minorUnits(l.value.currency.toUpperCase()) ?? 2);
    if (main && l.value.amount > main.value.amount) main = l;
  }
  const held = d.lane === 'yellow' || d.lane === 'red' || d.holds.length > 0;
  return {
    shipmentId: filing.id,
    revision: filing.revision,
    tenant: filing.tenant,
    decidedAt: at,
    member: d.benefit?.member ?? null,
    tier: d.benefit?.tier ?? null,
    period: at.slice(0, 7),
    chapter: (main?.hts ?? '').replace(/\D/g, '').slice(0, 2) || '00',
    origin: (main?.origin ?? '').toUpperCase().slice(0, 2) || 'ZZ',
    port: s.transport?.port_of_entry ?? '',
    band: valueBand(total),
    lane: d.lane,
    counterfactual: d.benefit?.counterfactual_lane ?? null,
    exam: d.lane === 'red',
    held,
    releaseHours: held ? null : 0,
    releasedAt: held ? null : at,
  };
}
