/**
 * The whole-name spelling comparison: a name as spelt (every word, legal forms and particles
 * included, in name order) against a listed name as spelt, with an edit budget over the whole
 * name rather than per word. Two edits in a name of eleven letters or more, one in a name of
 * seven or more (`SCREEN_SCORE.spellingTwoFrom`, `spellingOneFrom`), leave a spelling of that name even when both fall in one short word (`VIAJES GUxAM` /
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

/**
 * Which characters a spelling uses an odd number of times, one bit each as in {@link letterSet}.
 * A change flips at most two of them, an insertion or a deletion one, a swap none: spellings `k`
 * edits apart differ in at most 2k bits. It tells apart what the letter set cannot (a letter
 * written once and twice), and rejects most of the names the letter set lets through.
 */
export function letterParity(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    m ^= c >= 97 && c <= 122 ? 1 << (c - 97) : c >= 48 && c <= 57 ? 1 << 26 : c === 32 ? 1 << 27 : 1 << 28;
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

/** Where a listed name's budget sits beside its letter set (which uses the 29 bits below). */
const BUDGET_SHIFT = 29;
const SET_BITS = (1 << BUDGET_SHIFT) - 1;

/**
 * Whether a listed name (`entry`: its letter set and budget; `entryParity`) may be within its
 * budget of a query with letter set `set` and parity `parity`, when `need` edits at least
 * separate them: its budget covers `need`, and the letter sets, and the parities, differ in at
 * most two letters per edit of that budget.
 */
function near(set: number, parity: number, entry: number, entryParity: number, need: number): boolean {
  const budget = entry >>> BUDGET_SHIFT;
  return (
    budget >= need &&
    bitCount((set ^ entry) & SET_BITS) <= 2 * budget &&
    bitCount(parity ^ entryParity) <= 2 * budget
  );
}

/** Bits of the table of key hashes present (see SpellingTable.present). */
const PRESENT_BITS = 1 << 21;

/**
 * Ints per slot of the key table: `[hash, v, a, b]`; v = 0: empty; v > 0: a key held by one name,
 * v − 1, its letter set and budget in a, its letter parity in b; v < 0: a key held by −v names,
 * their run at offset a of `runs`.
 */
const SLOT = 4;
/** Ints per entry of a run: letter set and budget, letter parity, name. */
const RUN = 3;

/**
 * A spelling table as plain data (the artefact cache keeps it with the name table: building it
 * hashes five parts of each of ~50,000 names, about a fifth of a second at each start).
 */
export interface SpellingTableData {
  readonly mask: number;
  readonly slots: Int32Array;
  readonly runs: Int32Array;
  readonly present: Int32Array;
}

/** Whether a value is a spelling table's data of consistent sizes (a cached one is checked). */
export function isSpellingTableData(v: unknown): v is SpellingTableData {
  const d = v as Partial<SpellingTableData> | null;
  return (
    !!d &&
    typeof d.mask === 'number' &&
    Number.isInteger(Math.log2(d.mask + 1)) &&
    d.slots instanceof Int32Array &&
    d.slots.length === (d.mask + 1) * SLOT &&
    d.runs instanceof Int32Array &&
    d.runs.length % RUN === 0 &&
    d.present instanceof Int32Array &&
    d.present.length === PRESENT_BITS >>> 5
  );
}

/**
 * The listed spellings, by their parts: an open-addressed table of the distinct part keys (a hash
 * of the length, the part's number and its characters), one slot of four ints each, so that a
 * probe reads one cache line. A key held by one name keeps that name in its slot; a key shared by
 * several (` ltd` at the end of many names of one length) points to a run of (letter set and
 * budget, letter parity, name) triples.
 */
export class SpellingTable {
  private readonly mask: number;
  /** {@link SLOT} ints per slot. */
  private readonly slots: Int32Array;
  /** {@link RUN} ints per name of the keys held by several names. */
  private readonly runs: Int32Array;
  /**
   * One bit per key hash (low bits), 256 KB: most probes find no key, and this small table tells
   * them so without a read in the large one.
   */
  private readonly present: Int32Array;
  private readonly seen: Uint32Array;
  private stamp = 0;
  // Query scratch (a table is used by one thread): the probes' keys and the edits each needs
  // (at most 49: five lengths, five parts, up to three shifts), and the names to compare.
  private readonly probeHash = new Int32Array(80);
  private readonly probeNeed = new Int32Array(80);
  private cand = new Int32Array(64);

  /**
   * `spellings[ni]` and `letters[ni]`: each name's spelling and the letters of its name words;
   * names under the one-edit length, or too long to compare, are left out (their budget is 0).
   */
  constructor(
    private readonly spellings: readonly string[],
    private readonly letters: ArrayLike<number>,
    /** The tables of an earlier build of the same spellings and letters (SpellingTable.data). */
    data?: SpellingTableData,
  ) {
    this.seen = new Uint32Array(spellings.length);
    if (data) {
      this.mask = data.mask;
      this.slots = data.slots;
      this.runs = data.runs;
      this.present = data.present;
      return;
    }
    // Entries grouped by key: hash → [set, name, set, name, …] in name order.
    const groups = new Map<number, number[]>();
    let entries = 0;
    for (let ni = 0; ni < spellings.length; ni++) {
      const s = spellings[ni]!;
      if (spellingBudget(letters[ni]!) === 0 || s.length > OSA_MAX_LENGTH) continue;
      // The letter set, and the name's own budget in the two bits above it.
      const set = letterSet(s) | (spellingBudget(letters[ni]!) << BUDGET_SHIFT);
      const parity = letterParity(s);
      for (let j = 0; j < PARTS; j++) {
        const from = cut(s.length, j);
        const h = partHash(s.length, j, s, from, cut(s.length, j + 1) - from);
        const g = groups.get(h);
        if (g) g.push(set, parity, ni);
        else groups.set(h, [set, parity, ni]);
        entries++;
      }
    }
    // At most half full: an absent key is told after one or two slots.
    let bits = 10;
    while (1 << bits < 2 * groups.size && bits < 24) bits++;
    this.mask = (1 << bits) - 1;
    this.slots = new Int32Array((1 << bits) * SLOT);
    this.runs = new Int32Array(RUN * entries);
    let off = 0;
    for (const [h, g] of groups) {
      let at = h & this.mask;
      while (this.slots[at * SLOT + 1] !== 0) at = (at + 1) & this.mask;
      const o = at * SLOT;
      this.slots[o] = h | 0;
      if (g.length === RUN) {
        this.slots[o + 1] = g[2]! + 1;
        this.slots[o + 2] = g[0]!;
        this.slots[o + 3] = g[1]!;
      } else {
        this.slots[o + 1] = -g.length / RUN;
        this.slots[o + 2] = off;
        for (const v of g) this.runs[off++] = v;
      }
    }
    this.present = new Int32Array(PRESENT_BITS >>> 5);
    for (const h of groups.keys()) this.present[(h & (PRESENT_BITS - 1)) >>> 5]! |= 1 << (h & 31);
  }

  /** The tables, to build this one again without hashing (the artefact cache). */
  data(): SpellingTableData {
    return { mask: this.mask, slots: this.slots, runs: this.runs, present: this.present };
  }

  /**
   * Calls `found(ni, similarity)` for every listed name whose spelling is within its budget of the
   * query's (`q`, with `letters` letters in its name words: a listed name within k edits has at
   * most k more).
   *
   * Which places each part is probed at: an edit inside a part spoils it; an insertion between two
   * parts counts against the part after it, one after the last part against the last. With at most
   * k edits (a swap across a cut spoils two parts) one of the 2k + 1 parts is whole. The first part,
   * whole, has nothing inserted or deleted before it: it starts the query. The last, whole, has
   * nothing after it: it ends the query. A part in between moves by the insertions minus the
   * deletions before it.
   */
  find(q: string, letters: number, found: (ni: number, similarity: number) => void): void {
    const k = spellingBudget(letters + 2);
    if (k === 0 || q.length > OSA_MAX_LENGTH + k) return;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    // In stages, each a loop of reads that do not wait for one another (the tables are large and
    // mostly out of cache: the reads of a stage overlap): the probes' keys, the keys present,
    // their slots and the names there, then the names' spellings.
    const probes = this.probeKeys(q, k);
    const keys = this.probeHash;
    const needs = this.probeNeed;
    const present = this.present;
    let m = 0;
    for (let p = 0; p < probes; p++) {
      const h = keys[p]!;
      keys[m] = h;
      needs[m] = needs[p]!;
      m += (present[(h & (PRESENT_BITS - 1)) >>> 5]! >>> (h & 31)) & 1;
    }
    const set = letterSet(q);
    const parity = letterParity(q);
    let c = 0;
    for (let p = 0; p < m; p++) c = this.namesOf(keys[p]!, set, parity, needs[p]!, c);
    for (let x = 0; x < c; x++) {
      const ni = this.cand[x]!;
      const s = spellingSimilarity(q, this.spellings[ni]!, this.letters[ni]!);
      if (s > 0) found(ni, s);
    }
  }

  /** Probe keys of a query, in `probeHash`, with the edits each needs in `probeNeed`; their count. */
  private probeKeys(q: string, k: number): number {
    const ql = q.length;
    let p = 0;
    for (let delta = -k; delta <= k; delta++) {
      // The listed spelling has len = |q| − delta characters; insertions minus deletions (listed
      // to query) make delta, and with at most k of them a part moves by −del … +ins.
      const len = ql - delta;
      if (len < 1) continue;
      const most = k - ((k - Math.abs(delta)) % 2);
      const lo = -(most - delta) / 2;
      const hi = (most + delta) / 2;
      for (let j = 0; j < PARTS; j++) {
        const from = cut(len, j);
        const n = cut(len, j + 1) - from;
        // The first part starts the query, the last ends it; the others move within lo … hi.
        const first = j === 0 ? 0 : j === PARTS - 1 ? delta : lo;
        const last = j === 0 ? 0 : j === PARTS - 1 ? delta : hi;
        for (let shift = first; shift <= last; shift++) {
          const at = from + shift;
          if (at < 0 || at + n > ql) continue;
          this.probeHash[p] = partHash(len, j, q, at, n);
          // Edits the listed name needs for this part to be whole here: those before it move it
          // by the shift, those after it make up the rest of delta.
          this.probeNeed[p++] = Math.abs(shift) + Math.abs(delta - shift);
        }
      }
    }
    return p;
  }

  /**
   * Appends to `cand` (from `c`; returns the new count) the names holding part key `h`, not yet
   * seen, that may be within their own budget of the query: a budget of at least `need` edits,
   * and a letter set and a letter parity each within two letters an edit of the query's.
   */
  private namesOf(h: number, set: number, parity: number, need: number, c: number): number {
    const slots = this.slots;
    const key = h | 0;
    let o = (h & this.mask) * SLOT;
    for (;;) {
      const v = slots[o + 1]!;
      if (v === 0) return c;
      if (slots[o] === key) break;
      o = (o + SLOT) & (this.mask * SLOT + SLOT - 1);
    }
    const v = slots[o + 1]!;
    if (v > 0) return near(set, parity, slots[o + 2]!, slots[o + 3]!, need) ? this.candidate(v - 1, c) : c;
    const runs = this.runs;
    for (let i = slots[o + 2]!, end = i - RUN * v; i < end; i += RUN) {
      if (near(set, parity, runs[i]!, runs[i + 1]!, need)) c = this.candidate(runs[i + 2]!, c);
    }
    return c;
  }

  private candidate(ni: number, c: number): number {
    if (this.seen[ni] === this.stamp) return c;
    this.seen[ni] = this.stamp;
    if (c === this.cand.length) {
      const bigger = new Int32Array(c * 2);
      bigger.set(this.cand);
      this.cand = bigger;
    }
    this.cand[c] = ni;
    return c + 1;
  }
}
