/**
 * Policy files: versioned JSON shipped in packages/platform/policy/ (or an operator's own file
 * named by a setting), read once, checked against a schema, and identified by their SHA-256.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { renderPath } from '../../kernel/shipment.js';
import { PACKAGE_ROOT } from '../system/package-root.js';

/** A file shipped in packages/platform/policy/. */
export const shippedPolicy = (name: string): URL => pathToFileURL(join(PACKAGE_ROOT, 'policy', name));

export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/** Reads and checks a policy file; a wrong one stops the program naming the file and the field. */
export function readPolicy<T>(
  file: URL | string,
  what: string,
  schema: z.ZodType<T>,
): { data: T; sha256: string; text: string } {
  const text = readFileSync(file, 'utf8');
  const r = schema.safeParse(JSON.parse(text));
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${what} ${String(file)}: ${renderPath(i.path)}: ${i.message}`);
  }
  return { data: r.data, sha256: sha256Hex(text), text };
}
