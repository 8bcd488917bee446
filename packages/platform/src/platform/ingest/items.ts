/** What bulk input becomes line by line: a parsed value with its text, or the problem of the line. */

export interface BulkError {
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly details?: unknown;
}

/** One item of a bulk filing: a parsed value (with its text when known), or an unreadable line. */
export type BulkItem =
  | { readonly line: number; readonly value: unknown; readonly raw?: string }
  | { readonly line: number; readonly problem: BulkError };
