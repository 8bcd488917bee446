/**
 * The whole-name spelling comparison: a name as spelt (every word, legal forms and particles
 * included, in name order) against a listed name as spelt, with an edit budget over the whole
 * name rather than per word. Two edits in a name of twelve letters or more, one in a name of eight
 * or more, leave a spelling of that name even when both fall in one short word (`VIAJES GUxAM` /
 * `VIAJES GUAMA`), in a one- or two-letter word (`Ll, Cheng Yu`) or in a legal form (`ARAB
 * PETROLEUM ENGINEERING CMPAxNY LTD`); short names keep the per-word limits (`Melo S.A.` is not
 * `MEO GMBH`).
 *
 * Candidates come from a pigeonhole table: each listed spelling of L characters is cut into five
 * parts; a string within two edits of it (optimal string alignment: a swap of neighbours across a
 * cut spoils two parts) keeps at least one part whole, shifted by at most the net insertions
 * before it. A query probes, for each length the budget allows, each part's place at each
 * possible shift; every listed spelling within the budget is found, as the exhaustive scan would.
 */
import { SCREEN_SCORE } from './score.js';
import { OSA_MAX_LENGTH, bandedOsaDistance } from './similarity.js';

/** Parts each listed spelling is cut into: 2 × the largest budget + 1. */
const PARTS = 5;

/** Edits a listed name whose words have `letters` letters in all may be spelt with. */
export function spellingBudget(letters: number): number {
  return letters >= SCREEN_SCORE.spellingTwoFrom ? 2 : letters >= SCREEN_SCORE.spellingOneFrom ? 1 : 0;
}

/**
 * Similarity of a query's spelling `a` to a listed spelling `b` whose name words have `letters`
 * letters: within the listed name's budget and with the same digits, 1 − spellingCost × (edits /
 * letters)²; else 0. The listed name sets the budget, as the length of a word sets its allowance:
 * two letters dropped from a twelve-letter name leave a spelling of it.
 */
export function spellingSimilarity(a: string, b: string, letters: number): number {
  // A short name has no budget, even spelt the same (its words score it).
  const k = spellingBudget(letters);
  if (k === 0 || Math.abs(a.length - b.length) > k) return 0;
  if (a === b) return 1;
  const d = bandedOsaDistance(a, b, k);
  // Numbers match only exactly ("OCEAN STAR 7" is not "OCEAN STAR 8").
  return d <= k && sameDigits(a, b) ? 1 - SCREEN_SCORE.spellingCost * (d / letters) ** 2 : 0;
}

/** Whether the two strings have the same digits in the same order. */
function sameDigits(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && !isDigit(b.charCodeAt(j))) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i++) !== b.charCodeAt(j++)) return false;
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of part `j` of a spelling of `len` characters, read from `s` at `from` for `n` characters. */
function partHash(len: number, j: number, s: string, from: number, n: number): number {
  let h = Math.imul(FNV_OFFSET ^ len, FNV_PRIME);
  h = Math.imul(h ^ j, FNV_PRIME);
  for (let i = from; i < from + n; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/**
 * Which characters a spelling uses, one bit each (letters; digits, space and the rest share a
 * bit each). An edit adds or removes at most two of them (a swap none), so spellings `k` edits
 * apart differ in at most 2k bits: a test that rejects most candidates before any alignment.
 */
export function letterSet(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m |= c >= 97 && c <= 122 ? 1 << (c - 97) : c >= 48 && c <= 57 ? 1 << 26 : c === 32 ? 1 << 27 : 1 << 28;
  }
  return m;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63;
}

/** Where part `j` of a spelling of `len` characters starts. */
const cut = (len: number, j: number): number => Math.floor((j * len) / PARTS);

/** The listed spellings, by their parts. */
export class SpellingTable {
  private readonly mask: number;
  private readonly start: Int32Array;
  private readonly hash: Uint32Array;
  private readonly name: Int32Array;
  /** {@link letterSet} of the spelling of each part, beside its hash (read before the name). */
  private readonly set: Uint32Array;
  private readonly seen: Uint32Array;
  private stamp = 0;

  /**
   * `spellings[ni]` and `letters[ni]`: each name's spelling and the letters of its name words;
   * names under the one-edit length, or too long to compare, are left out (their budget is 0).
   */
  constructor(
    private readonly spellings: readonly string[],
    private readonly letters: ArrayLike<number>,
  ) {
    const hashes: number[] = [];
    const names: number[] = [];
    const sets: number[] = [];
    for (let ni = 0; ni < spellings.length; ni++) {
      const s = spellings[ni]!;
      if (spellingBudget(letters[ni]!) === 0 || s.length > OSA_MAX_LENGTH) continue;
      const set = letterSet(s);
      for (let j = 0; j < PARTS; j++) {
        const from = cut(s.length, j);
        hashes.push(partHash(s.length, j, s, from, cut(s.length, j + 1) - from));
        names.push(ni);
        sets.push(set);
      }
    }
    let bits = 10;
    while (1 << bits < hashes.length && bits < 22) bits++;
    this.mask = (1 << bits) - 1;
    this.start = new Int32Array((1 << bits) + 1);
    for (const h of hashes) this.start[(h & this.mask) + 1]!++;
    for (let i = 0; i < 1 << bits; i++) this.start[i + 1]! += this.start[i]!;
    const fill = this.start.slice(0, -1);
    this.hash = new Uint32Array(hashes.length);
    this.name = new Int32Array(hashes.length);
    this.set = new Uint32Array(hashes.length);
    for (let i = 0; i < hashes.length; i++) {
      const at = fill[hashes[i]! & this.mask]!++;
      this.hash[at] = hashes[i]!;
      this.name[at] = names[i]!;
      this.set[at] = sets[i]!;
    }
    this.seen = new Uint32Array(spellings.length);
  }

  /**
   * Calls `found(ni, similarity)` for every listed name whose spelling is within its budget of the
   * query's (`q`, with `letters` letters in its name words: a listed name within k edits has at
   * most k more).
   */
  find(q: string, letters: number, found: (ni: number, similarity: number) => void): void {
    const k = spellingBudget(letters + 2);
    if (k === 0 || q.length > OSA_MAX_LENGTH + k) return;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const set = letterSet(q);
    for (let delta = -k; delta <= k; delta++) {
      // The listed spelling has len = |q| − delta characters; insertions minus deletions (listed
      // to query) make delta, and with at most k of them a part moves by −del … +ins.
      const len = q.length - delta;
      if (len < 1) continue;
      const most = k - ((k - Math.abs(delta)) % 2);
      const lo = -(most - delta) / 2;
      const hi = (most + delta) / 2;
      for (let j = 0; j < PARTS; j++) {
        const from = cut(len, j);
        const n = cut(len, j + 1) - from;
        for (let shift = lo; shift <= hi; shift++) {
          const at = from + shift;
          if (at < 0 || at + n > q.length) continue;
          const h = partHash(len, j, q, at, n);
          const b = h & this.mask;
          for (let i = this.start[b]!, end = this.start[b + 1]!; i < end; i++) {
            if (this.hash[i] !== h || bitCount(set ^ this.set[i]!) > 2 * k) continue;
            const ni = this.name[i]!;
            if (this.seen[ni] === this.stamp) continue;
            this.seen[ni] = this.stamp;
            const s = spellingSimilarity(q, this.spellings[ni]!, this.letters[ni]!);
            if (s > 0) found(ni, s);
          }
        }
      }
    }
  }
}
