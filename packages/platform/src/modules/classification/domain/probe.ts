/**
 * What a description's searches found (CandidateSearch.probe), and the form in which the search
 * keeps it for the description's later checks under other declared numbers.
 *
 * A probe as built is ~160 objects: maps of boxed numbers (the query's weights and rarities, the
 * nearest examples' votes), an object a ranked line, a view a feature row. The search keeps up to
 * 20,000 of them, so a server's or a bulk worker's heap filled with millions of small objects, each
 * marked one by one by every full collection. Kept, a probe is its numbers in one Float64Array,
 * its counts and indices in one Int32Array and its words in one list (ADR 0040); it is unpacked,
 * in the same orders and to the same values, when asked again.
 */
import type { RuleHints } from './rules.js';
import type { LinearReading } from './linear.js';

/** A line and its hand-weighted score. */
export interface Scored {
  readonly l: number;
  readonly fused: number;
}

/** What a description's searches found, as the search works with it. */
export interface Probe {
  readonly exclude: number;
  readonly q: Map<string, number>;
  readonly nn: { i: number; v: number }[];
  readonly hints: RuleHints | null;
  readonly lin: LinearReading | null;
  readonly noun: ReadonlyMap<string, number>;
  readonly qMass: number;
  readonly hN: number;
  readonly sN: number;
  readonly lN: number;
  /** Each query word's weight × rarity (a line's coverage is the share of it the line holds). */
  readonly rarity: ReadonlyMap<string, number>;
  /** The ranker's features of the lines pooled so far. */
  readonly xs: Map<number, Float64Array>;
  /** The heading, subheading and line indices' search counts after its searches (`answered`). */
  readonly runs: readonly [number, number, number];
  readonly vChapter: ReadonlyMap<number, number>;
  readonly vHeading: ReadonlyMap<number, number>;
  readonly vSub: ReadonlyMap<number, number>;
  readonly vLine: ReadonlyMap<number, number>;
  /** The candidates' best line per subheading: the best `keep` of them, best first. */
  ranked: readonly Scored[];
}

/**
 * A probe as kept: seven objects whatever its size (this record, two typed arrays with their
 * buffers, the word list and its elements), and its rule hints as the search reads them after
 * its query is made (`keptHints`).
 */
export interface PackedProbe {
  /** Counts (HEADER of them), then nn's example indices, the votes' keys, ranked lines, feature rows' lines. */
  readonly ints: Int32Array;
  /** qMass, hN, sN, lN, runs, then the words' weights, nn's similarities, the votes, ranked scores, features. */
  readonly nums: Float64Array;
  /** The query's words, then the rarities', then the head noun's, each in its map's order. */
  readonly words: readonly string[];
  readonly hints: RuleHints | null;
  readonly lin: LinearReading | null;
}

/** ints[0..HEADER): exclude and the lengths of q, rarity, noun, nn, the four votes, ranked, xs. */
const HEADER = 11;
/** nums[0..SCALARS): qMass, hN, sN, lN and the three search counts. */
const SCALARS = 7;

const NO_WEIGHTS: ReadonlyMap<string, number> = new Map();
const NO_WORDS: ReadonlySet<string> = new Set();
const NO_NOTES: readonly string[] = Object.freeze([]);
/** The hints of a description the rules said nothing about: one for every kept probe. */
const NO_HINTS: RuleHints = Object.freeze({
  headings: NO_WEIGHTS,
  chapters: NO_WEIGHTS,
  boost: NO_WEIGHTS,
  damp: NO_WORDS,
  parts: false,
  notes: NO_NOTES,
});

/**
 * Rule hints as a kept probe needs them: the headings, chapters, parts and notes the candidates
 * are weighed and explained with. The query's boosts and damped words were spent on the query; an
 * empty map is the shared one, and hints that say nothing are NO_HINTS (the rules run on every
 * description, and most say nothing: a dozen objects a probe otherwise).
 */
export function keptHints(h: RuleHints | null): RuleHints | null {
  if (!h) return null;
  if (h.headings.size === 0 && h.chapters.size === 0 && !h.parts && h.notes.length === 0) return NO_HINTS;
  return {
    headings: h.headings.size > 0 ? h.headings : NO_WEIGHTS,
    chapters: h.chapters.size > 0 ? h.chapters : NO_WEIGHTS,
    boost: NO_WEIGHTS,
    damp: NO_WORDS,
    parts: h.parts,
    notes: h.notes.length > 0 ? h.notes : NO_NOTES,
  };
}

/** A number stored in the Int32Array: an index or a count, never truncated silently. */
function int32(v: number): number {
  if ((v | 0) !== v) throw new Error(`not a 32-bit integer: ${v}`);
  return v;
}

/** The probe in few objects; `width`: the ranker's features a line (each xs row's length). */
export function packProbe(p: Probe, width: number): PackedProbe {
  const votes = [p.vChapter, p.vHeading, p.vSub, p.vLine];
  const maps = [p.q, p.rarity, p.noun];
  const nVotes = votes.reduce((a, v) => a + v.size, 0);
  const nInts = HEADER + p.nn.length + nVotes + p.ranked.length + p.xs.size;
  const nNums =
    SCALARS +
    maps.reduce((a, m) => a + m.size, 0) +
    p.nn.length +
    nVotes +
    p.ranked.length +
    p.xs.size * width;
  const ints = new Int32Array(nInts);
  const nums = new Float64Array(nNums);
  const words: string[] = [];
  [
    p.exclude,
    ...maps.map((m) => m.size),
    p.nn.length,
    ...votes.map((v) => v.size),
    p.ranked.length,
    p.xs.size,
  ].forEach((n, k) => (ints[k] = int32(n)));
  [p.qMass, p.hN, p.sN, p.lN, ...p.runs].forEach((v, k) => (nums[k] = v));
  let i = HEADER;
  let n = SCALARS;
  for (const m of maps) {
    for (const [w, v] of m) {
      words.push(w);
      nums[n++] = v;
    }
  }
  for (const { i: e, v } of p.nn) {
    ints[i++] = int32(e);
    nums[n++] = v;
  }
  for (const m of votes) {
    for (const [k, v] of m) {
      ints[i++] = int32(k);
      nums[n++] = v;
    }
  }
  for (const { l, fused } of p.ranked) {
    ints[i++] = int32(l);
    nums[n++] = fused;
  }
  for (const [l, x] of p.xs) {
    if (x.length !== width) throw new Error(`a feature row of ${x.length}, not ${width}`);
    ints[i++] = int32(l);
    nums.set(x, n);
    n += width;
  }
  return { ints, nums, words, hints: keptHints(p.hints), lin: p.lin };
}

/** The probe again, its maps and lists in the orders they were packed in; rows are views of `nums`. */
export function unpackProbe(k: PackedProbe, width: number): Probe {
  const { ints, nums, words } = k;
  let i = HEADER;
  let n = SCALARS;
  let w = 0;
  const weights = (size: number): Map<string, number> => {
    const m = new Map<string, number>();
    for (let j = 0; j < size; j++) m.set(words[w++]!, nums[n++]!);
    return m;
  };
  const votes = (size: number): Map<number, number> => {
    const m = new Map<number, number>();
    for (let j = 0; j < size; j++) m.set(ints[i++]!, nums[n++]!);
    return m;
  };
  const q = weights(ints[1]!);
  const rarity = weights(ints[2]!);
  const noun = weights(ints[3]!);
  const nn: { i: number; v: number }[] = [];
  for (let j = ints[4]!; j > 0; j--) nn.push({ i: ints[i++]!, v: nums[n++]! });
  const vChapter = votes(ints[5]!);
  const vHeading = votes(ints[6]!);
  const vSub = votes(ints[7]!);
  const vLine = votes(ints[8]!);
  const ranked: Scored[] = [];
  for (let j = ints[9]!; j > 0; j--) ranked.push({ l: ints[i++]!, fused: nums[n++]! });
  const xs = new Map<number, Float64Array>();
  for (let j = ints[10]!; j > 0; j--) {
    xs.set(ints[i++]!, nums.subarray(n, n + width));
    n += width;
  }
  return {
    exclude: ints[0]!,
    q,
    nn,
    hints: k.hints,
    lin: k.lin,
    noun,
    qMass: nums[0]!,
    hN: nums[1]!,
    sN: nums[2]!,
    lN: nums[3]!,
    rarity,
    xs,
    runs: [nums[4]!, nums[5]!, nums[6]!],
    vChapter,
    vHeading,
    vSub,
    vLine,
    ranked,
  };
}
