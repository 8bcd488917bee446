import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeMinimisPolicy } from '../../modules/validation/index.js';
import type { ScreeningThresholds } from '../../modules/screening/index.js';
import type { PgaInference } from '../../modules/refdata/index.js';
import type { MessageSetPolicy } from '../../modules/pga/index.js';
import { parseRuleSet } from '../../modules/risk/index.js';
import type { RiskData } from '../../modules/risk/index.js';
import { Problem } from '../../kernel/problem.js';
import type { LoadedRuleSet } from '../../modules/risk/index.js';
import { renderPath } from '../../kernel/shipment.js';
import { parseProgram } from '../../modules/trusted-trader/index.js';
import type { LoadedProgram } from '../../modules/trusted-trader/index.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DeMinimisSchema = z.object({
  version: z.string().min(1),
  periods: z.array(
    z.object({
      from: day,
      to: day.nullable(),
      threshold: z.object({ amount: z.number().int().positive(), currency: z.string().length(3) }).nullable(),
      suspended_origins: z.union([z.literal('*'), z.array(z.string().length(2))]),
      suspended_severity: z.enum(['error', 'warning']),
      authority: z.string().min(1),
    }),
  ),
});

/** The shipped de minimis policy (packages/platform/policy/de-minimis.json), or another file. */
export const DEFAULT_DE_MINIMIS = new URL('../../../policy/de-minimis.json', import.meta.url);

export function loadDeMinimisPolicy(file: URL | string = DEFAULT_DE_MINIMIS): {
  policy: DeMinimisPolicy;
  sha256: string;
} {
  const text = readFileSync(file, 'utf8');
  const r = DeMinimisSchema.safeParse(JSON.parse(text));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`de minimis policy ${String(file)}: ${renderPath(i.path)}: ${i.message}`);
  }
  return { policy: r.data, sha256: createHash('sha256').update(text).digest('hex') };
}

const score = z.number().min(0).max(1);
const ScreeningSchema = z.object({
  version: z.string().min(1),
  default: score,
  lists: z.record(z.string(), score).optional(),
  programs: z.record(z.string(), score).optional(),
});

/** The shipped screening thresholds (packages/platform/policy/screening.json), or another file. */
export const DEFAULT_SCREENING = new URL('../../../policy/screening.json', import.meta.url);

export function loadScreeningPolicy(file: URL | string = DEFAULT_SCREENING): {
  policy: ScreeningThresholds;
  sha256: string;
} {
  const text = readFileSync(file, 'utf8');
  const r = ScreeningSchema.safeParse(JSON.parse(text));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`screening policy ${String(file)}: ${renderPath(i.path)}: ${i.message}`);
  }
  return { policy: r.data, sha256: createHash('sha256').update(text).digest('hex') };
}

const PgaInferenceSchema = z.object({
  version: z.string().min(1),
  note: z.string().optional(),
  rules: z.array(
    z.object({
      prefix: z.string().regex(/^\d{2,10}$/),
      agency: z.string().min(1),
      program: z.string(),
      reason: z.string().min(1),
      authority: z.string().min(1),
    }),
  ),
});

/** The shipped PGA inference rules (packages/platform/policy/pga-inference.json). */
export const DEFAULT_PGA_INFERENCE = new URL('../../../policy/pga-inference.json', import.meta.url);

const roles = z.object({ required: z.array(z.string().min(1)), allowed: z.array(z.string().min(1)) });
const MessageSetSchema = z.object({
  version: z.string().min(1),
  note: z.string().optional(),
  agencies: z.array(
    z.object({
      agency: z.string().min(1),
      aliases: z.array(z.string().min(1)),
      pg01_code: z.string().regex(/^[A-Z]{3}$/),
      disclaims: z.record(z.string().regex(/^[A-Z]$/), z.string()),
      programs: z.array(
        z.object({
          program: z.string().regex(/^[A-Z0-9]{2,5}$/),
          name: z.string().min(1),
          product_code: z.object({
            required: z.boolean(),
            qualifiers: z.array(z.string()),
            pattern: z.string().refine((p) => {
              try {
                new RegExp(p);
                return true;
              } catch {
                return false;
              }
            }, 'not a regular expression'),
          }),
          entities: roles,
          affirmations: roles,
          lpco: roles,
          constituents: z.enum(['required', 'allowed', 'none']),
          species: z.enum(['required', 'allowed', 'none']).optional(),
          processing_codes: z.array(z.string().min(1)),
        }),
      ),
    }),
  ),
  documents: z.array(
    z.object({
      agency: z.string().min(1),
      type: z.string().min(1),
      when: z.string(),
      electronic: z.boolean(),
      paper_original: z.boolean(),
      how: z.string(),
    }),
  ),
});

/** The shipped PGA message-set programs and agency documents (policy/pga-message-sets.json). */
export const DEFAULT_PGA_MESSAGE_SETS = new URL('../../../policy/pga-message-sets.json', import.meta.url);

function parsePolicy<T>(file: URL | string, what: string, schema: z.ZodType<T>): { data: T; sha256: string } {
  const text = readFileSync(file, 'utf8');
  const r = schema.safeParse(JSON.parse(text));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${what} ${String(file)}: ${renderPath(i.path)}: ${i.message}`);
  }
  return { data: r.data, sha256: createHash('sha256').update(text).digest('hex') };
}

/** The PGA inference rules and the message-set programs, each a versioned policy file. */
export function loadPgaInference(
  file: URL | string = DEFAULT_PGA_INFERENCE,
  messageSets: URL | string = DEFAULT_PGA_MESSAGE_SETS,
): PgaInference {
  const inf = parsePolicy(file, 'PGA inference policy', PgaInferenceSchema);
  const ms = parsePolicy(messageSets, 'PGA message-set policy', MessageSetSchema);
  return {
    version: inf.data.version,
    sha256: inf.sha256,
    rules: inf.data.rules,
    messageSets: ms.data as MessageSetPolicy,
    messageSetsSha256: ms.sha256,
  };
}

/** The shipped lane rules (policy/risk-rules.json) and risk data (policy/risk-data.json). */
export const DEFAULT_RISK_RULES = new URL('../../../policy/risk-rules.json', import.meta.url);
export const DEFAULT_RISK_DATA = new URL('../../../policy/risk-data.json', import.meta.url);

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
  return { ruleSet: r.ruleSet, sha256: createHash('sha256').update(text).digest('hex'), text };
}

const RiskDataSchema = z.object({
  version: z.string().min(1),
  note: z.string().optional(),
  xinjiang_places: z.array(z.string().min(2)),
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
  return parsePolicy(file, 'risk data', RiskDataSchema).data;
}

/** The shipped trusted-trader program (CTPAT Trade Compliance), or another file. */
export const DEFAULT_TRUSTED_PROGRAM = new URL(
  '../../../policy/trusted-trader-program.json',
  import.meta.url,
);

/** A program as loaded: parsed and checked, with its checksum (recorded with the members' events). */
export function loadProgram(file: URL | string = DEFAULT_TRUSTED_PROGRAM): LoadedProgram {
  const text = readFileSync(file, 'utf8');
  return parseProgramText(text, String(file));
}

export function parseProgramText(text: string, name: string): LoadedProgram {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Problem('TT_PROGRAM_INVALID', `${name}: not JSON (${(e as Error).message})`);
  }
  const r = parseProgram(json);
  if (!r.ok) {
    throw new Problem(
      'TT_PROGRAM_INVALID',
      `${name}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      r.problems[0]!.path,
      { problems: r.problems },
    );
  }
  return { program: r.program, sha256: createHash('sha256').update(text).digest('hex') };
}
