/**
 * The benefit report's 95 % intervals and quantiles: Wilson for rates, order statistics for
 * quantiles, and the quantile of a mixture of strata (the standardized baseline) with its
 * interval from the mixture's effective sample size.
 */

/** The normal quantile of a two-sided 95 % interval. */
export const Z = 1.959964;

/** Wilson score interval for k successes in n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (Z * Z) / n;
  const c = (p + (Z * Z) / (2 * n)) / d;
  const h = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** `x` rounded to `d` decimals. */
export const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
/** An interval, its ends rounded to `d` decimals. */
export const ci = (a: number, b: number, d = 4): [number, number] => [round(a, d), round(b, d)];

/** The quantile `q` of sorted values, with its order-statistic interval. */
export function quantile(
  sorted: Float32Array,
  zeros: number,
  q: number,
): { value: number; ci: [number, number] } | null {
  const n = zeros + sorted.length;
  if (n === 0) return null;
  const at = (i: number) => {
    const k = Math.min(n - 1, Math.max(0, i));
    return k < zeros ? 0 : sorted[k - zeros]!;
  };
  const half = Z * Math.sqrt(n * q * (1 - q));
  return {
    value: at(Math.ceil(n * q) - 1),
    ci: ci(at(Math.floor(n * q - half) - 1), at(Math.ceil(n * q + half) - 1), 2),
  };
}

/**
 * The non-member baseline's release hours: per stratum `c`, its hours other than 0 sorted in
 * `hours[start[c]]` to `hours[start[c + 1]]`, and how many releases took 0 hours.
 */
export interface Baseline {
  readonly start: Int32Array;
  readonly hours: Float32Array;
  readonly zeros: Float64Array;
}

/** Lower-bound search: how many of the sorted values are ≤ x. */
function countAtMost(a: Float32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/**
 * The quantile of the standardized baseline: the mixture of the strata's release-time
 * distributions weighted by the member's shipments, found by bisection on the value; its
 * interval from the mixture's effective sample size.
 */
export function weightedQuantile(
  cells: readonly [number, number][],
  total: number,
  nEff: number,
  base: Baseline,
  q: number,
): { value: number; ci: [number, number] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [c] of cells) {
    const a = base.start[c]!;
    const b = base.start[c + 1]!;
    const zeros = base.zeros[c]!;
    lo = Math.min(lo, zeros > 0 ? 0 : base.hours[a]!);
    hi = Math.max(hi, b > a ? base.hours[b - 1]! : 0);
  }
  const cdf = (x: number) => {
    let acc = 0;
    for (const [c, w] of cells) {
      const a = base.start[c]!;
      const b = base.start[c + 1]!;
      const zeros = base.zeros[c]!;
      acc += (w * ((x >= 0 ? zeros : 0) + countAtMost(base.hours, a, b, x))) / (zeros + b - a);
    }
    return acc / total;
  };
  const at = (p: number) => {
    const target = Math.min(1, Math.max(0, p));
    let a = lo;
    let b = hi;
    if (cdf(a) >= target) return a;
    for (let i = 0; i < 40 && b - a > 1e-3; i++) {
      const mid = (a + b) / 2;
      if (cdf(mid) >= target) b = mid;
      else a = mid;
    }
    return b;
  };
  const half = Z * Math.sqrt((q * (1 - q)) / nEff);
  return { value: at(q), ci: ci(at(q - half), at(q + half), 2) };
}
