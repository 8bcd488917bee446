/** The risk policy files: the lane rule set and the risk data (places, sectors, brands, recalls). */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Problem } from '../../../kernel/problem.js';
import { readPolicy, sha256Hex, shippedPolicy } from '../../../platform/policy/policy-file.js';
import { parseRuleSet } from '../domain/policy.js';
import type { RiskData } from '../domain/signals.js';
import type { LoadedRuleSet } from '../risk-service.js';

/** The shipped lane rules (policy/risk-rules.json) and risk data (policy/risk-data.json). */
export const DEFAULT_RISK_RULES = shippedPolicy('risk-rules.json');
export const DEFAULT_RISK_DATA = shippedPolicy('risk-data.json');

/**
 * A rule set from its file: refused with every problem, each naming the rule and the field
 * (RULESET_INVALID); the caller keeps the rule set in force.
 */
export function loadRuleSet(file: URL | string = DEFAULT_RISK_RULES): LoadedRuleSet {
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Problem('RULESET_INVALID', `${String(file)}: not JSON (${(e as Error).message})`);
  }
  const r = parseRuleSet(json);
  if (!r.ok) {
    const first = r.problems[0]!;
    throw new Problem(
      'RULESET_INVALID',
      `${String(file)}: ${r.problems.map((p) => `${p.rule ? `rule ${p.rule}: ` : ''}${p.path}: ${p.message}`).join('; ')}`,
      first.path,
      { problems: r.problems },
    );
  }
  return { ruleSet: r.ruleSet, sha256: sha256Hex(text), text };
}

const RiskDataSchema = z.object({
  version: z.string().min(1),
  note: z.string().optional(),
  xinjiang_places: z.array(z.string().min(2)),
  regions: z
    .array(
      z.strictObject({
        name: z.string().min(2),
        aliases: z.array(z.string().min(2)).optional(),
        country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code'),
        places: z.array(z.string().min(2)),
        places_from: z.literal('xinjiang_places').optional(),
      }),
    )
    .optional(),
  demonyms: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(z.string().min(2))).optional(),
  uflpa_sectors: z.array(z.object({ prefix: z.string().regex(/^\d{2,10}$/), sector: z.string().min(1) })),
  brands: z.array(z.string().min(2)),
  recalls: z.array(
    z.object({
      id: z.string().min(1),
      product: z.string().min(2),
      brand: z.string().min(1).optional(),
      hts_prefix: z
        .string()
        .regex(/^\d{2,10}$/)
        .optional(),
      source: z.string().min(1),
    }),
  ),
  value_anomaly: z.object({
    min_samples: z.number().int().min(3),
    robust_z: z.number().positive(),
    floor_ratio: z.number().min(0).max(1),
  }),
  split_shipments: z.object({
    window_hours: z.number().positive(),
    min_parcels: z.number().int().min(2),
    low_value_usd: z.number().positive(),
  }),
});

export function loadRiskData(file: URL | string = DEFAULT_RISK_DATA): RiskData {
  return readPolicy(file, 'risk data', RiskDataSchema).data;
}
