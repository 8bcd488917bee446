/** The risk module's answers as the API documents them (zod → OpenAPI). */
import { z } from 'zod';
import { JsonObject, list } from '../../platform/http/schemas.js';
import { LANES } from './domain/policy.js';

export const LaneEnum = z.enum(LANES);

const WeightedSignal = z.object({
  code: z.string(),
  path: z.string(),
  weight: z.number(),
  evidence: JsonObject,
});

/** Why a hold is there: the rule that placed it, what the rule says, the signals behind it. */
const HoldReason = z.object({
  hold: z.string(),
  rule: z.string(),
  reason: z.string(),
  signals: list(z.string()).optional(),
});

/** A lane decision, whole: the verdict, every signal with its evidence and weight, what it used. */
export const DecisionBody = z
  .object({
    lane: LaneEnum,
    score: z.number(),
    signals: list(WeightedSignal),
    rules: list(
      z.object({
        id: z.string(),
        lane: LaneEnum,
        description: z.string(),
        waived: z.literal(true).optional(),
      }),
    ),
    holds: list(z.string()),
    hold_reasons: list(HoldReason)
      .describe('every hold with its reason (decisions made before hold reasons have none)')
      .optional(),
    random: z.object({ selected: z.boolean(), draw: z.number(), rate: z.number() }),
    capped: z.object({ from: LaneEnum, port: z.string(), per_day: z.number() }).nullable(),
    trusted: z.boolean(),
    rule_set: z.string(),
    inputs: JsonObject.describe('what the decision measured beyond the filing'),
    rule_set_sha256: z.string(),
    risk_data: z.string(),
    benefit: JsonObject.describe('what trusted-trader membership changed (members only)').optional(),
    failure: z.string().optional(),
    action: JsonObject.optional(),
  })
  .meta({ id: 'Decision' });

/** The brief of a decision that filing results carry. */
export const DecisionBrief = {
  lane: LaneEnum.optional(),
  score: z.number().optional(),
  signals: list(z.object({ code: z.string(), path: z.string(), weight: z.number() })).optional(),
  holds: list(z.string()).optional(),
  hold_reasons: list(HoldReason.omit({ signals: true }))
    .describe('every hold with its reason (when there are holds)')
    .optional(),
};

export const CUSTOMS_STATUSES = ['pending', 'released', 'held', 'documents_requested', 'examined'] as const;

/** An officer's action as recorded in the chain. */
export const ActionBody = z.object({
  seq: z.number(),
  type: z.string(),
  officer: z.string(),
  at: z.string(),
  note: z.string().optional(),
  agency: z.string().optional(),
  documents: list(z.string()).optional(),
  found: z.boolean().optional(),
  what: z.string().optional(),
  requested_by: z.string().optional().describe('a four-eyes release: the officer who asked for it'),
  authority: z
    .string()
    .optional()
    .describe(
      "whose action: CBP, or the PGA officer's agency (absent on actions recorded before 2026-12-07)",
    ),
});
