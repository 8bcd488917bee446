/**
 * Opaque keyset cursors for lists: a page's `next` names where the next page starts and the list it
 * belongs to (its filters and caller, as a digest), so that a cursor given to other filters or
 * another tenant, or garbled, is refused with CURSOR_INVALID instead of paging something else.
 * The position itself is no secret: the query always applies the caller's own scope.
 */
import { hash } from 'node:crypto';
import { Problem } from '../../kernel/problem.js';

const digest = (scope: string) => hash('sha256', scope, 'base64url').slice(0, 16);

/** The cursor for a position in the list named by `scope` (the filters and who asks). */
export function encodeCursor(position: readonly (string | number)[], scope: string): string {
  return Buffer.from(JSON.stringify({ p: position, s: digest(scope) }), 'utf8').toString('base64url');
}

/**
 * The position a cursor names, if it was made for this list; `shape` lists the position's types.
 * Anything else is CURSOR_INVALID at `cursor`.
 */
export function decodeCursor(
  cursor: string,
  scope: string,
  shape: readonly ('string' | 'number')[],
): (string | number)[] {
  const invalid = (why: string) =>
    new Problem('CURSOR_INVALID', `cursor: ${why}; start again without it`, 'cursor');
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor of this API');
  }
  const c = parsed as { p?: unknown; s?: unknown } | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    !Array.isArray(c.p) ||
    c.p.length !== shape.length ||
    !c.p.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || Number.isSafeInteger(v)))
  )
    throw invalid('not a cursor of this list');
  if (c.s !== digest(scope)) throw invalid('given by this list with other filters, or to another caller');
  return c.p as (string | number)[];
}
