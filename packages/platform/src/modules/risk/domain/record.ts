import type { Decision } from './decide.js';
import type { RiskInputs } from './signals.js';
import type { Lane } from './policy.js';

/**
 * What membership of a trusted-trader program did for this decision: the lane the filing would
 * have had without it (same signals, same draws), the selections waived, and the benefits that
 * apply to the goods should they be held or examined.
 */
export interface BenefitApplied {
  readonly member: string;
  readonly tier: 'certified' | 'validated';
  readonly program: string;
  readonly policy_from: string;
  readonly counterfactual_lane: Lane;
  readonly waived_rules: readonly string[];
  /** The random selection that membership avoided. */
  readonly random_waived: boolean;
  /** Where an examination takes place: at the importer's premises instead of a redelivery. */
  readonly exam_location: 'importer_premises' | null;
  /** Held for a forced-labor review: the review is worked first. */
  readonly front_of_line: boolean;
  /** Detained goods may move to a bonded warehouse or a foreign-trade zone. */
  readonly bonded_facility_move: boolean;
  readonly ruling_priority: boolean;
  readonly processing_fee_reduction: number;
}

/**
 * What is stored and chained for a lane decision: the verdict with every signal and rule, and what
 * it was computed from beyond the filing itself — the measured inputs, the rule set (by the SHA-256
 * of its text) and the risk data version. The filing's own data versions (tariff, lists, model)
 * are stored with the filing.
 */
export interface DecisionRecord extends Decision {
  readonly inputs: RiskInputs;
  readonly rule_set_sha256: string;
  readonly risk_data: string;
  /** What trusted-trader membership changed (members only). */
  readonly benefit?: BenefitApplied | null;
  /** Why the stage could not judge the filing, when it could not (the lane is then yellow). */
  readonly failure?: string;
  /** An officer's action, when the record is one (release, hold, documents, exam result). */
  readonly action?: Readonly<Record<string, unknown>>;
}

/** The brief of a decision that result lines carry (the whole record: GET /v1/shipments/{id}). */
export function decisionBrief(d: DecisionRecord) {
  return {
    lane: d.lane,
    score: d.score,
    signals: d.signals.map((x) => ({ code: x.code, path: x.path, weight: x.weight })),
    holds: d.holds,
    ...(d.holds.length > 0 && d.hold_reasons
      ? { hold_reasons: d.hold_reasons.map((h) => ({ hold: h.hold, rule: h.rule, reason: h.reason })) }
      : {}),
  };
}
