/**
 * The k-th smallest of `xs` (0-based), reordering `xs`: Hoare's selection, linear on average where
 * a sort is n log n. The answer is the value a numeric sort would put at index k. After each
 * partition, xs[lo..j] ≤ pivot ≤ xs[i..hi], and anything between j and i equals the pivot.
 * `xs` must hold no NaN (a NaN compares false both ways and would stop a scan early).
 */
export function nth(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i++] = xs[j]!;
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}
