import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeMinimisPolicy } from '../../domain/de-minimis.js';
import type { ScreeningThresholds } from '../../domain/screening/index.js';
import type { PgaInference } from '../../app/reference-service.js';
import { renderPath } from '../../domain/shipment.js';

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

export function loadPgaInference(file: URL | string = DEFAULT_PGA_INFERENCE): PgaInference {
  const text = readFileSync(file, 'utf8');
  const r = PgaInferenceSchema.safeParse(JSON.parse(text));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`PGA inference policy ${String(file)}: ${renderPath(i.path)}: ${i.message}`);
  }
  return {
    version: r.data.version,
    sha256: createHash('sha256').update(text).digest('hex'),
    rules: r.data.rules,
  };
}
