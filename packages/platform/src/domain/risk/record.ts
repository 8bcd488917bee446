import type { Decision } from './decide.js';
import type { RiskInputs } from './signals.js';

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
  };
}
