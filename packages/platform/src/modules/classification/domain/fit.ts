/** The fits the classifier's build runs: a logistic calibration and a conditional-logit ranker. */

/** The logistic regression's negative log-likelihood (3 features and a bias). */
function logisticLoss(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  w: ArrayLike<number>,
): number {
  let loss = 0;
  xs.forEach((x, k) => {
    const z = x[0]! * w[0]! + x[1]! * w[1]! + x[2]! * w[2]! + w[3]!;
    // −log σ(z) for a positive, −log(1 − σ(z)) for a negative, without overflow.
    const m = ys[k]! > 0 ? -z : z;
    loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
  });
  return loss;
}

/** Logistic regression by Newton's method with a small ridge (3 features and a bias). */
export function fitLogistic(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  ridge = 1e-3,
): [number, number, number, number] {
  const n = 4;
  const w = [0, 0, 0, 0];
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(n).fill(0);
    const hm = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    xs.forEach((x, k) => {
      const v = [x[0]!, x[1]!, x[2]!, 1];
      const z = v.reduce((a, vi, i) => a + vi * w[i]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      for (let i = 0; i < n; i++) {
        g[i]! += (p - ys[k]!) * v[i]!;
        for (let j = 0; j < n; j++) hm[i]![j]! += p * (1 - p) * v[i]! * v[j]!;
      }
    });
    if (newtonStep(w, g, hm, ridge, null, (v) => logisticLoss(xs, ys, v)) < 1e-8) break;
  }
  return [w[0]!, w[1]!, w[2]!, w[3]!];
}

/**
 * Conditional logit (softmax over each group's candidates) by Newton's method with a ridge that
 * pulls towards the starting weights: the learned weights stay near the hand ones when the
 * examples say little.
 */
export function fitConditionalLogit(
  groups: readonly { readonly xs: readonly Float64Array[]; readonly gold: number }[],
  start: Float64Array,
  ridge: number,
): Float64Array {
  const n = start.length;
  const w = Float64Array.from(start);
  for (let iter = 0; iter < 30; iter++) {
    const g = new Array<number>(n).fill(0);
    const hm = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const { xs, gold } of groups) {
      const z = xs.map((x) => x.reduce((a, v, i) => a + v * w[i]!, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, v) => a + v, 0);
      const mu = new Array<number>(n).fill(0);
      xs.forEach((x, c) => {
        const pc = e[c]! / sum;
        for (let i = 0; i < n; i++) {
          mu[i]! += pc * x[i]!;
          for (let j = 0; j < n; j++) hm[i]![j]! += pc * x[i]! * x[j]!;
        }
      });
      for (let i = 0; i < n; i++) {
        g[i]! += mu[i]! - xs[gold]![i]!;
        for (let j = 0; j < n; j++) hm[i]![j]! -= mu[i]! * mu[j]!;
      }
    }
    if (newtonStep(w, g, hm, ridge, start, (v) => conditionalLogitLoss(groups, v)) < 1e-6) break;
  }
  return w;
}

/** The conditional logit's negative log-likelihood: each group's log-sum-exp less its gold score. */
export function conditionalLogitLoss(
  groups: readonly { readonly xs: readonly Float64Array[]; readonly gold: number }[],
  w: ArrayLike<number>,
): number {
  let loss = 0;
  for (const { xs, gold } of groups) {
    let m = -Infinity;
    const z = xs.map((x) => {
      let v = 0;
      for (let i = 0; i < x.length; i++) v += x[i]! * w[i]!;
      if (v > m) m = v;
      return v;
    });
    let sum = 0;
    for (const v of z) sum += Math.exp(v - m);
    loss += m + Math.log(sum) - z[gold]!;
  }
  return loss;
}

/**
 * One damped Newton step with a ridge pulling the weights towards `centre` (zero when null): the
 * direction d = (H + rI)⁻¹ (g + r (w − centre)), then w ← w − t d with t halved from 1 until the
 * penalized loss falls enough (Armijo). A full step can overshoot and run away — features on
 * another scale (ten neighbours' votes instead of five) sent an operator's model to weights in the
 * hundreds and 13 % accuracy; with the search every step lowers the loss. Returns the largest move
 * (0 when no step lowers it: the fit has converged as far as floating point goes).
 */
function newtonStep(
  w: number[] | Float64Array,
  g: number[],
  hm: number[][],
  ridge: number,
  centre: ArrayLike<number> | null,
  loss: (w: ArrayLike<number>) => number,
): number {
  const n = w.length;
  const penalized = (v: ArrayLike<number>) => {
    let r = 0;
    for (let i = 0; i < n; i++) r += (v[i]! - (centre?.[i] ?? 0)) ** 2;
    return loss(v) + (ridge / 2) * r;
  };
  for (let i = 0; i < n; i++) {
    g[i]! += ridge * (w[i]! - (centre?.[i] ?? 0));
    hm[i]![i]! += ridge;
  }
  const step = solve(hm, g);
  let slope = 0;
  for (let i = 0; i < n; i++) slope += g[i]! * step[i]!;
  const f0 = penalized(w);
  const next = new Float64Array(n);
  for (let t = 1; t > 1e-6; t /= 2) {
    for (let i = 0; i < n; i++) next[i] = w[i]! - t * step[i]!;
    const f = penalized(next);
    if (Number.isFinite(f) && f <= f0 - 1e-4 * t * slope) {
      let moved = 0;
      for (let i = 0; i < n; i++) {
        moved = Math.max(moved, Math.abs(next[i]! - w[i]!));
        w[i] = next[i]!;
      }
      return moved;
    }
  }
  return 0;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}
