/** Multi-row INSERTs in chunks the drivers accept. */

/** Rows per multi-row INSERT: well under both dialects' bound-parameter limits. */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
