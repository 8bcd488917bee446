/** A validation or pipeline finding. Findings are collected, never thrown. */
import type { FindingCode } from './errors.js';
import { deepFreeze } from './frozen.js';
import { flat } from './text/flat.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code from the error catalogue (kernel/errors.ts, docs/errors.md). */
  readonly code: FindingCode;
  readonly severity: Severity;
  /** JSON path of the offending field, e.g. `lines[0].hts`; `''` for the whole shipment. */
  readonly path: string;
  readonly message: string;
  /** Optional machine-readable details (valid children, expected units, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');

/** The JSON text of details shared by many findings (sharedDetails). */
const sharedText = new WeakMap<object, string>();

/**
 * Details that many findings carry unchanged (a PGA determination's, made once per tariff
 * number): frozen through and through, and serialized once, so that findingsJson copies their
 * text instead of serializing them again for every filing.
 */
export function sharedDetails<T extends Readonly<Record<string, unknown>>>(details: T): T {
  deepFreeze(details);
  sharedText.set(details, JSON.stringify(details));
  return details;
}

/**
 * `JSON.stringify(findings)`, the same text, with shared details copied as serialized once; one
 * piece in memory (flat), since it is kept until written.
 */
export function findingsJson(findings: readonly Finding[]): string {
  let out = '[';
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (i > 0) out += ',';
    const details = f.details === undefined ? undefined : sharedText.get(f.details);
    out += details === undefined ? JSON.stringify(f) : withDetails(f, details);
  }
  return flat(`${out}]`);
}

/** One finding as JSON.stringify writes it (its own keys in order), its details already text. */
function withDetails(f: Finding, details: string): string {
  let out = '{';
  for (const [k, v] of Object.entries(f)) {
    const text = k === 'details' ? details : (JSON.stringify(v) as string | undefined);
    if (text === undefined) continue; // undefined and functions are left out, as JSON.stringify does
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${text}`;
  }
  return `${out}}`;
}
