/** The PGA policy files: inference rules (HTS prefix → agency) and message-set programs. */
import { z } from 'zod';
import { readPolicy, shippedPolicy } from '../../../platform/policy/policy-file.js';
import type { MessageSetPolicy } from '../domain/pga-message-set.js';
import type { PgaInference } from '../domain/pga.js';

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
export const DEFAULT_PGA_INFERENCE = shippedPolicy('pga-inference.json');

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
export const DEFAULT_PGA_MESSAGE_SETS = shippedPolicy('pga-message-sets.json');

/** The PGA inference rules and the message-set programs, each a versioned policy file. */
export function loadPgaInference(
  file: URL | string = DEFAULT_PGA_INFERENCE,
  messageSets: URL | string = DEFAULT_PGA_MESSAGE_SETS,
): PgaInference {
  const inf = readPolicy(file, 'PGA inference policy', PgaInferenceSchema);
  const ms = readPolicy(messageSets, 'PGA message-set policy', MessageSetSchema);
  return {
    version: inf.data.version,
    sha256: inf.sha256,
    rules: inf.data.rules,
    messageSets: ms.data as MessageSetPolicy,
    messageSetsSha256: ms.sha256,
  };
}
