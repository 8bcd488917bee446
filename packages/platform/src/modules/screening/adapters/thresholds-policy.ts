/** The screening thresholds file: a default score and per-list or per-program overrides. */
import { z } from 'zod';
import { readPolicy, shippedPolicy } from '../../../platform/policy/policy-file.js';
import type { ScreeningThresholds } from '../domain/screening-index.js';

const score = z.number().min(0).max(1);
const ScreeningSchema = z.object({
  version: z.string().min(1),
  default: score,
  lists: z.record(z.string(), score).optional(),
  programs: z.record(z.string(), score).optional(),
});

/** The shipped screening thresholds (packages/platform/policy/screening.json), or another file. */
export const DEFAULT_SCREENING = shippedPolicy('screening.json');

export function loadScreeningPolicy(file: URL | string = DEFAULT_SCREENING): {
  policy: ScreeningThresholds;
  sha256: string;
} {
  const r = readPolicy(file, 'screening policy', ScreeningSchema);
  return { policy: r.data, sha256: r.sha256 };
}
