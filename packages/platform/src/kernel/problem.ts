/**
 * A failure the caller caused (bad input, unknown id, conflict). Carries a stable code of the
 * catalogue (kernel/errors.ts) and where the problem is; no HTTP meaning here — the HTTP edge maps
 * the code's kind to a status.
 */
import { kindOf, type ErrorCode, type ErrorKind } from './errors.js';

export class Problem extends Error {
  readonly code: ErrorCode;
  readonly path: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, path = '', details?: Record<string, unknown>) {
    super(message);
    this.name = 'Problem';
    this.code = code;
    this.path = path;
    this.details = details;
  }

  get kind(): ErrorKind {
    return kindOf(this.code);
  }
}

export const isProblem = (e: unknown): e is Problem => e instanceof Problem;
