/** A validation or pipeline finding. Findings are collected, never thrown. */
import type { FindingCode } from './errors.js';

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
