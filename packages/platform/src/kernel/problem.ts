/**
 * A failure the caller caused (bad input, unknown id, conflict). Carries a stable code from
 * the catalogue and where the problem is; no HTTP meaning here — the HTTP edge maps code → status.
 */
export class Problem extends Error {
  readonly code: string;
  readonly path: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, path = '', details?: Record<string, unknown>) {
    super(message);
    this.name = 'Problem';
    this.code = code;
    this.path = path;
    this.details = details;
  }
}

export const isProblem = (e: unknown): e is Problem => e instanceof Problem;
