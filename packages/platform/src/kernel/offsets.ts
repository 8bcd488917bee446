/**
 * Offsets into one flat array: group `i` of `n` is `values[offsets[i] .. offsets[i + 1])` (the
 * layout of data held in few objects, ADR 0038). Read in place, so a cached copy is checked first.
 */

/** Whether `v` is `n + 1` offsets from 0 that never go back and end at `total` values. */
export function isOffsets(v: unknown, n: number, total: number): v is Int32Array {
  return (
    v instanceof Int32Array &&
    v.length === n + 1 &&
    v[0] === 0 &&
    v[n] === total &&
    v.every((x, i) => i === 0 || x >= v[i - 1]!)
  );
}
