/** The de minimis policy file: effective-dated thresholds and suspensions. */
import { z } from 'zod';
import { readPolicy, shippedPolicy } from '../../../platform/policy/policy-file.js';
import type { DeMinimisPolicy } from '../domain/de-minimis.js';

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
export const DEFAULT_DE_MINIMIS = shippedPolicy('de-minimis.json');

export function loadDeMinimisPolicy(file: URL | string = DEFAULT_DE_MINIMIS): {
  policy: DeMinimisPolicy;
  sha256: string;
} {
  const r = readPolicy(file, 'de minimis policy', DeMinimisSchema);
  return { policy: r.data, sha256: r.sha256 };
}
