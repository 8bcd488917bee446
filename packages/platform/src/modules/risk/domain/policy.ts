/**
 * Rule sets for the lane decision, as data. A rule set is validated when loaded: an invalid one is
 * refused naming the rule and the field, and the one in force stays.
 */
import { z } from 'zod';

export const LANES = ['green', 'blue', 'yellow', 'red'] as const;
export type Lane = (typeof LANES)[number];

/** How severe a lane is: the most severe lane of the matching rules wins. */
export const LANE_RANK: Readonly<Record<Lane, number>> = { green: 0, blue: 1, yellow: 2, red: 3 };

export type Condition =
  | { readonly signal: string }
  | { readonly score_at_least: number }
  | {
      readonly field: string;
      readonly equals?: string | number | boolean;
      readonly in?: readonly (string | number)[];
    }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ signal: z.string().min(1) }),
    z.strictObject({ score_at_least: z.number() }),
    z
      .strictObject({
        field: z
          .string()
          .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a dotted path of shipment fields, e.g. transport.mode'),
        equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
        in: z
          .array(z.union([z.string(), z.number()]))
          .min(1)
          .optional(),
      })
      .refine((c) => (c.equals === undefined) !== (c.in === undefined), 'give equals or in, not both'),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/, 'upper-case letters, digits and dashes'),
  description: z.string().min(1),
  when: ConditionSchema,
  lane: z.enum(LANES),
  holds: z.array(z.string().min(1)).optional(),
  /** Holds for the agencies named by the matching signals' evidence (PGA). */
  holds_from_signal: z.boolean().optional(),
  /** Not moved down when the lane is full at the port (list hits). */
  mandatory: z.boolean().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleSetSchema = z
  .strictObject({
    version: z.string().min(1),
    note: z.string().optional(),
    default_lane: z.enum(LANES),
    weights: z.record(z.string().regex(/^[a-z_]+$/), z.number().min(0).max(1000)),
    rules: z.array(RuleSchema),
    random: z.strictObject({
      rate: z.number().min(0).max(1),
      lane: z.enum(LANES),
      seed: z.string().min(1),
      /** Ignored: a trusted trader's factor is the program's benefit policy (ADR 0009). */
      trusted_factor: z.number().min(0).max(1).optional(),
    }),
    /** Ignored: kept so that rule sets stored before the program existed still replay (ADR 0009). */
    trusted_trader: z.strictObject({ rule_factor: z.number().min(0).max(1) }).optional(),
    capacity: z
      .array(
        z.strictObject({
          port: z.string().min(1),
          lane: z.enum(['yellow', 'red']),
          per_day: z.number().int().min(0),
          move_to: z.enum(['green', 'blue', 'yellow']),
        }),
      )
      .optional(),
  })
  .superRefine((rs, ctx) => {
    const seen = new Set<string>();
    rs.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
      for (const s of signalsIn(r.when)) {
        if (!(s in rs.weights)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'when'],
            message: `rule ${r.id} names the signal "${s}", which has no weight`,
          });
        }
      }
    });
  });
export type RuleSet = z.infer<typeof RuleSetSchema>;

function signalsIn(c: Condition): string[] {
  if ('signal' in c) return [c.signal];
  if ('all' in c) return c.all.flatMap(signalsIn);
  if ('any' in c) return c.any.flatMap(signalsIn);
  if ('not' in c) return signalsIn(c.not);
  return [];
}

/** A rule-set problem: the rule (when one is concerned), the field path and what is wrong. */
export interface RuleSetProblem {
  readonly rule: string | null;
  readonly path: string;
  readonly message: string;
}

/** Validates a rule set; the problems name the rule id and the field. */
export function parseRuleSet(
  input: unknown,
): { ok: true; ruleSet: RuleSet } | { ok: false; problems: RuleSetProblem[] } {
  const r = RuleSetSchema.safeParse(input);
  if (r.success) return { ok: true, ruleSet: r.data };
  const rules = (input as { rules?: { id?: unknown }[] } | null)?.rules;
  return {
    ok: false,
    problems: r.error.issues.map((i) => {
      const idx = i.path[0] === 'rules' && typeof i.path[1] === 'number' ? i.path[1] : null;
      const id = idx !== null ? rules?.[idx]?.id : null;
      return {
        rule: typeof id === 'string' ? id : idx !== null ? `rules[${idx}]` : null,
        path: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: i.message,
      };
    }),
  };
}
