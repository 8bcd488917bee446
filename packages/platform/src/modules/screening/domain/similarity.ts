/** String similarity for name tokens: bounded edit distance and Jaro-Winkler, allocation-free. */

const flagsA = new Uint8Array(64);
const flagsB = new Uint8Array(64);

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = Math.min(a.length, 64);
  const lb = Math.min(b.length, 64);
  if (la === 0 || lb === 0) return 0;
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Longest strings `osaDistance` compares (whole names, for the spelling comparison). */
export const OSA_MAX_LENGTH = 128;
/**
 * The rows both distances below work in (the current one, the one before, and the one before it
 * for transpositions): one call at a time, and a call writes every cell it reads.
 */
const rows = [
  new Int32Array(OSA_MAX_LENGTH + 2),
  new Int32Array(OSA_MAX_LENGTH + 2),
  new Int32Array(OSA_MAX_LENGTH + 2),
];

/**
 * The distance when the lengths alone decide it (they differ by more than `max`, or one is longer
 * than OSA_MAX_LENGTH: then only equal strings are within it), else -1 (`max` is never negative).
 */
function decidedByLength(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > OSA_MAX_LENGTH || b.length > OSA_MAX_LENGTH) return a === b ? 0 : max + 1;
  return -1;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition) when it is at most
 * `max`; otherwise `max + 1`. Stops as soon as a row exceeds the bound.
 */
export function osaDistance(a: string, b: string, max: number): number {
  const decided = decidedByLength(a, b, max);
  if (decided >= 0) return decided;
  const la = a.length;
  const lb = b.length;
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb]!;
  return d > max ? max + 1 : d;
}

/** A cell outside the band: more than any distance. */
const INF = 1 << 20;

/**
 * {@link osaDistance} for a small `max` over long strings (whole names): only the cells within
 * `max` of the diagonal are computed, so the cost grows with the length, not its square.
 */
export function bandedOsaDistance(a: string, b: string, max: number): number {
  const decided = decidedByLength(a, b, max);
  if (decided >= 0) return decided;
  const la = a.length;
  const lb = b.length;
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= Math.min(lb, max); j++) prev[j] = j;
  if (max + 1 <= lb) prev[max + 1] = INF;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(lb, i + max);
    cur[0] = i <= max ? i : INF;
    if (lo > 1) cur[lo - 1] = INF;
    let rowMin = lo === 1 ? cur[0]! : INF;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi + 1 <= lb) cur[hi + 1] = INF;
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb]!;
  return d > max ? max + 1 : d;
}
