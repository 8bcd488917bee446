/**
 * A trusted-trader program as data: who may join (eligibility rules over the application's
 * answers), what members must show (requirements, each with evidence and a reviewer's verdict),
 * what membership is worth (benefits per tier, effective-dated) and what the benefit report
 * prices an avoided examination and an hour on hold at. CTPAT Trade Compliance is the shipped
 * program; a PGA's trusted-trader program or an AEO is configured the same way.
 */
import { z } from 'zod';
import { renderPath } from '../../../kernel/shipment.js';

export const MEMBER_STATUSES = [
  'applicant',
  'under_review',
  'information_requested',
  'certified',
  'validated',
  'suspended',
  'denied',
  'removed',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** The statuses in which a member's shipments get the program's benefits. */
export const BENEFIT_STATUSES: ReadonlySet<MemberStatus> = new Set(['certified', 'validated']);

const Rule = z.union([
  z.strictObject({ equals: z.union([z.boolean(), z.string(), z.number()]) }),
  z.strictObject({ in: z.array(z.string()).min(1) }),
  z.strictObject({ at_least: z.number() }),
]);
export type EligibilityRule = z.infer<typeof Rule>;

const Id = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'lower-case letters, digits and underscores');

export const BenefitSetSchema = z.strictObject({
  /**
   * The share of random and non-mandatory rule-based selections a member keeps (0.5: half as many
   * examinations). Selections by a list hit (mandatory rules) are never waived.
   */
  exam_factor: z.number().min(0).max(1),
  /** Forced-labor admissibility reviews (UFLPA, WRO holds) come first in the officers' queue. */
  front_of_line_forced_labor: z.boolean(),
  /** An examination may take place at the importer's premises instead of a redelivery. */
  exam_at_premises: z.boolean(),
  /** Detained goods may move to a bonded warehouse or a foreign-trade zone. */
  bonded_facility_move: z.boolean(),
  /** Requests for rulings are worked first. */
  ruling_priority: z.boolean(),
  /** Reduction of the merchandise processing fee the member is eligible for (0.1 = 10 %). */
  processing_fee_reduction: z.number().min(0).max(1),
});
export type BenefitSet = z.infer<typeof BenefitSetSchema>;

const BenefitPolicy = z.strictObject({
  /** In force from this date (inclusive) until the next policy's. */
  effective_from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  note: z.string().optional(),
  tiers: z.record(z.string(), BenefitSetSchema),
});
export type BenefitPolicy = z.infer<typeof BenefitPolicy>;

export const ProgramSchema = z.strictObject({
  program: Id,
  name: z.string().min(1),
  version: z.string().min(1),
  note: z.string().optional(),
  /** Tiers, lowest first; the status a tier is reached by is its name (certified, validated). */
  tiers: z.array(z.enum(['certified', 'validated'])).min(1),
  questions: z
    .array(
      z.strictObject({
        id: Id,
        text: z.string().min(1),
        type: z.enum(['boolean', 'string', 'number', 'date']),
      }),
    )
    .min(1),
  eligibility: z.array(z.strictObject({ id: Id, question: Id, rule: Rule, text: z.string().min(1) })).min(1),
  requirements: z.array(
    z.strictObject({
      id: Id,
      title: z.string().min(1),
      text: z.string().min(1),
      /** The tier from which the requirement must be met (its evidence accepted). */
      from_tier: z.enum(['certified', 'validated']),
      /** The requirement is shown by a supply-chain map (and its nexus check) besides documents. */
      supply_chain_map: z.boolean().optional(),
    }),
  ),
  self_assessment: z.strictObject({
    every_months: z.number().int().min(1).max(60),
    remind_days_before: z.array(z.number().int().min(0).max(365)).min(1),
  }),
  benefits: z.array(BenefitPolicy).min(1),
  costs: z.strictObject({
    /** What an examination costs the importer (cartage, labour, storage), in US cents. */
    exam_usd_cents: z.number().int().min(0),
    /** What an hour on hold costs (demurrage, inventory), in US cents. */
    hold_hour_usd_cents: z.number().int().min(0),
  }),
});
export type Program = z.infer<typeof ProgramSchema>;

export interface ProgramProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Parses and checks a program: the schema, then what the schema cannot say — references to
 * questions and tiers that exist, rules whose kind fits the question, and a benefit policy that
 * does not contradict itself (two policies from the same day, a higher tier worth less than a
 * lower one, a tier without benefits or benefits for a tier the program lacks).
 */
export function parseProgram(
  input: unknown,
): { ok: true; program: Program } | { ok: false; problems: ProgramProblem[] } {
  const r = ProgramSchema.safeParse(input);
  if (!r.success)
    return {
      ok: false,
      problems: r.error.issues.map((i) => ({ path: renderPath(i.path), message: i.message })),
    };
  const p = r.data;
  const problems: ProgramProblem[] = [];
  const questions = new Map(p.questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  p.questions.forEach((q, i) => {
    if (seen.has(q.id)) problems.push({ path: `questions[${i}].id`, message: `question ${q.id} twice` });
    seen.add(q.id);
  });
  p.eligibility.forEach((e, i) => {
    const q = questions.get(e.question);
    if (!q) {
      problems.push({ path: `eligibility[${i}].question`, message: `no question ${e.question}` });
      return;
    }
    const want =
      'at_least' in e.rule
        ? 'number'
        : 'in' in e.rule
          ? 'string'
          : typeof e.rule.equals === 'boolean'
            ? 'boolean'
            : null;
    if (want && want !== q.type && !(want === 'string' && q.type === 'date'))
      problems.push({
        path: `eligibility[${i}].rule`,
        message: `question ${q.id} is a ${q.type}; this rule compares a ${want}`,
      });
  });
  if (new Set(p.tiers).size !== p.tiers.length) problems.push({ path: 'tiers', message: 'a tier twice' });
  p.requirements.forEach((req, i) => {
    if (!p.tiers.includes(req.from_tier))
      problems.push({
        path: `requirements[${i}].from_tier`,
        message: `the program has no tier ${req.from_tier}`,
      });
  });
  const dates = new Set<string>();
  p.benefits.forEach((b, i) => {
    if (dates.has(b.effective_from))
      problems.push({
        path: `benefits[${i}].effective_from`,
        message: `two benefit policies take effect on ${b.effective_from}: which one applies is undecidable`,
      });
    dates.add(b.effective_from);
    for (const t of Object.keys(b.tiers)) {
      if (!p.tiers.includes(t as Program['tiers'][number]))
        problems.push({
          path: `benefits[${i}].tiers.${t}`,
          message: `benefits for a tier the program lacks: ${t}`,
        });
    }
    p.tiers.forEach((t, k) => {
      const mine = b.tiers[t];
      if (!mine) {
        problems.push({ path: `benefits[${i}].tiers`, message: `no benefits for tier ${t}` });
        return;
      }
      const lower = k > 0 ? b.tiers[p.tiers[k - 1]!] : undefined;
      if (!lower) return;
      for (const c of contradictions(lower, mine))
        problems.push({
          path: `benefits[${i}].tiers.${t}.${c}`,
          message: `tier ${t} is worth less than ${p.tiers[k - 1]} in ${c}`,
        });
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, program: p };
}

/** The benefits in which `higher` gives less than `lower` (a higher tier never gives less). */
function contradictions(lower: BenefitSet, higher: BenefitSet): string[] {
  const out: string[] = [];
  if (higher.exam_factor > lower.exam_factor) out.push('exam_factor');
  if (higher.processing_fee_reduction < lower.processing_fee_reduction) out.push('processing_fee_reduction');
  for (const k of [
    'front_of_line_forced_labor',
    'exam_at_premises',
    'bonded_facility_move',
    'ruling_priority',
  ] as const)
    if (lower[k] && !higher[k]) out.push(k);
  return out;
}

/** The benefit policy in force on a day (`YYYY-MM-DD…`), or null before the first. */
export function benefitPolicyOn(p: Program, day: string): BenefitPolicy | null {
  let best: BenefitPolicy | null = null;
  for (const b of p.benefits) {
    if (b.effective_from <= day.slice(0, 10) && (!best || b.effective_from > best.effective_from)) best = b;
  }
  return best;
}
