/**
 * The screening score: token-aware name similarity plus evidence. One definition, used by the
 * candidate index and by the exhaustive scan that the evaluation compares it with.
 */
import { CORE, PLACE } from './descriptors.js';
import { phoneticKey } from './normalize.js';
import { jaroWinkler, osaDistance } from './similarity.js';

/** Edits a token may differ by and still count as the same word, by its (shorter) length. */
export function editAllowance(len: number): number {
  return len <= 2 ? 0 : len <= 5 ? 1 : 2;
}

/** Joined forms ("aerocaribbean" / "aero caribbean") may differ by one edit at most. */
export function gluedAllowance(len: number): number {
  return Math.min(1, editAllowance(len));
}

/** Similarity credited to two tokens that sound alike but are spelled apart (Muhammad / Mohamed). */
export const PHONETIC_FLOOR = 0.86;
/** Below this Jaro-Winkler, equal skeletons are a coincidence (Mohammed / Mahmoud) and earn nothing. */
export const PHONETIC_MIN_JW = 0.72;
/** Credit for an initial against a word with that first letter ("J" / "John"). */
export const INITIAL_SIM = 0.8;

const HAS_DIGIT = /\d/;

/**
 * How alike two name tokens are, in [0, 1]; 0 unless they are equal, within the edit allowance,
 * or transliteration variants. Digits must match exactly (vessel numbers, years). Initials are
 * scored by {@link pairSimilarity}, not here.
 */
export function tokenSimilarity(a: string, b: string): number {
  return keyedSimilarity(a, phoneticOf(a), b, phoneticOf(b));
}

/** The phonetic key of a word eligible for phonetic matching, else `''`. */
export function phoneticOf(t: string): string {
  if (!phoneticEligible(t)) return '';
  const k = phoneticKey(t);
  return k.length >= 3 ? k : '';
}

/** {@link tokenSimilarity} with the words' phonetic keys ({@link phoneticOf}) already computed. */
export function keyedSimilarity(a: string, ka: string, b: string, kb: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la < 2 || lb < 2 || HAS_DIGIT.test(a) || HAS_DIGIT.test(b)) return 0;
  // The longer word sets the allowance ("li" / "ali"); the index finds such pairs because the
  // allowance grows by at most one per character (see WatchlistIndex).
  const k = editAllowance(la > lb ? la : lb);
  if (k > 0) {
    const d = osaDistance(a, b, k);
    // Jaro-Winkler undervalues short words ("sa" / "sea" scores 0): never less than the share of
    // characters kept.
    if (d <= k) {
      const sim = Math.max(jaroWinkler(a, b), 1 - d / (la > lb ? la : lb));
      // Spelling variants of one sound within the allowance ("casa" / "kasa", "cuba" / "kuba").
      return sim < PHONETIC_FLOOR && phoneticKey(a) === phoneticKey(b) ? PHONETIC_FLOOR : sim;
    }
  }
  if (ka !== '' && ka === kb && lengthsAlike(la, lb)) {
    const jw = jaroWinkler(a, b);
    if (jw >= PHONETIC_MIN_JW) return Math.max(jw, PHONETIC_FLOOR);
  }
  return 0;
}

/** Guards against the phonetic traps: short words, different lengths, different first sounds. */
export function phoneticEligible(t: string): boolean {
  return t.length >= 4 && !HAS_DIGIT.test(t);
}

const lengthsAlike = (la: number, lb: number): boolean => (la > lb ? la / lb : lb / la) <= 1.5;

/** Similarity of joined forms (or a joined form and a one-word name). */
export function gluedSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (HAS_DIGIT.test(a) || HAS_DIGIT.test(b)) return 0;
  const k = gluedAllowance(Math.min(a.length, b.length));
  return k > 0 && osaDistance(a, b, k) <= k ? jaroWinkler(a, b) : 0;
}

/**
 * Similarity of a query token and a listed token, initials included. A digit is no initial: "1" is
 * not "10" ("RACE 1 TRADING" / "RACE 10 TRADING", "OCEAN STAR 7" / "OCEAN STAR 70"), so the two
 * numbers stay unpaired and the names' scores fall to 0 (numbers must match, {@link tokenScore}).
 */
export function pairSimilarity(q: string, c: string, sim: number): number {
  if (sim > 0) return sim;
  if ((q.length === 1 && c.length > 1) || (c.length === 1 && q.length > 1)) {
    const first = q.charCodeAt(0);
    const digit = first >= 0x30 && first <= 0x39; // '0'–'9' (other scripts' digits are ASCII by now)
    return first === c.charCodeAt(0) && !digit ? INITIAL_SIM : 0;
  }
  return 0;
}

export const tokenWeight = (t: string): number => t.length;

export interface TokenPair {
  readonly query: string;
  readonly matched: string;
  readonly similarity: number;
}

export interface NameScore {
  readonly score: number;
  /**
   * `tokens` (best one-to-one token pairs), `joined` (the names written together) or `spelling`
   * (the whole names as spelt, a few edits apart: spelling.ts).
   */
  readonly method: 'tokens' | 'joined' | 'spelling';
  readonly pairs: readonly TokenPair[];
}

const cand: number[] = [];

/**
 * Every query × listed token pair with a similarity, into `cand` in descending order, each packed
 * into one sortable number (similarity to 1e-6, then the indexes, both below 64).
 */
function collectPairs(
  q: readonly string[],
  cLen: number,
  cWord: (j: number) => string,
  simOf: (qi: number, cj: number) => number,
): void {
  for (let i = 0; i < q.length; i++) {
    for (let j = 0; j < cLen; j++) {
      const s = pairSimilarity(q[i]!, cWord(j), simOf(i, j));
      if (s > 0) {
        // Insertion into descending order: the lists are short.
        const v = Math.round(s * 1e6) * 4096 + i * 64 + j;
        let at = cand.length;
        cand.push(v);
        while (at > 0 && cand[at - 1]! < v) {
          cand[at] = cand[at - 1]!;
          at--;
        }
        cand[at] = v;
      }
    }
  }
}

/**
 * Best one-to-one pairing of query and listed tokens (greedy by similarity), each pair credited
 * with its similarity times both tokens' weights, over the weight of both names: extra or missing
 * words lower the score, word order does not matter. The listed name is read through `cWord` and
 * the pairs are written to `pairsOut` when given, so that the hot path allocates nothing.
 */
export function tokenScore(
  q: readonly string[],
  cLen: number,
  cWord: (j: number) => string,
  simOf: (qi: number, cj: number) => number,
  pairsOut?: TokenPair[],
): number {
  cand.length = 0;
  let wq = 0;
  let wc = 0;
  for (const t of q) wq += tokenWeight(t);
  for (let j = 0; j < cLen; j++) wc += tokenWeight(cWord(j));
  collectPairs(q, cLen, cWord, simOf);
  let usedQ = 0;
  let usedC = 0;
  let credit = 0;
  let words = 0;
  for (const v of cand) {
    const i = (v >> 6) & 63;
    const j = v & 63;
    if (usedQ & (1 << i) || usedC & (1 << j)) continue;
    usedQ |= 1 << i;
    usedC |= 1 << j;
    const s = Math.floor(v / 4096) / 1e6;
    const c = cWord(j);
    if (q[i]!.length > 1 && c.length > 1) words++;
    credit += s * (tokenWeight(q[i]!) + tokenWeight(c));
    pairsOut?.push({ query: q[i]!, matched: c, similarity: round3(s) });
  }
  // Two different numbers ("OCEAN STAR 7" / "OCEAN STAR 8") name two different things.
  let qNumbers = 0;
  let cNumbers = 0;
  for (let i = 0; i < q.length; i++) if (!(usedQ & (1 << i)) && HAS_DIGIT.test(q[i]!)) qNumbers++;
  for (let j = 0; j < cLen; j++) if (!(usedC & (1 << j)) && HAS_DIGIT.test(cWord(j))) cNumbers++;
  if (qNumbers > 0 && cNumbers > 0) return 0;
  const total = wq + wc;
  // Initials alone match nothing: at least one word must.
  return total > 0 && words > 0 ? credit / total : 0;
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

// ---- The screening's word similarity and score -------------------------------------------

/**
 * The screening score's parameters (docs/screening.md: what each does, which moved and why). Read
 * when an index is built: the evaluation's tuning runs may set them before building one.
 */
export const SCREEN_SCORE = {
  /**
   * Weight of a descriptor word (organization, group, Lebanese, Iraq…) in the query, whatever its
   * length: documents add them to listed names ("HAMAS MOVEMENT").
   */
  descriptorWeight: 0.5,
  /**
   * Weight of a descriptor word of a listed name (at most its length): it is part of the listed
   * name, so a query without it ("Bailey LLC" / "BAILEY HOLDINGS") is less like it.
   */
  listedDescriptorWeight: 2,
  /**
   * Edits cap a word pair's similarity at 1 − editCost × (edits / letters of the shorter word) ^
   * editPower: one edit in a short word ("melo"/"meo", "koch"/"koach") is a different name more
   * often than one edit in a long word ("caribbean"/"caribean").
   */
  editCost: 2.5,
  editPower: 2,
  /**
   * The same cap where both names have two core words or more: there the other words vouch for
   * the name, and a typo in a short word ("KI, Sog Hun" / "KIM, Song Hun") costs less.
   */
  lenientCost: 1.5,
  /**
   * The screen's edit allowance (see {@link screenAllowance}): one edit from `oneEditFrom` letters,
   * two from `twoEditsFrom`. What an edit is worth is the edit cost's business, not the allowance's.
   */
  oneEditFrom: 3,
  twoEditsFrom: 6,
  /**
   * The whole-name spelling comparison (spelling.ts): one edit over the whole name from
   * `spellingOneFrom` letters of name words (of the shorter name), two from `spellingTwoFrom`,
   * each costing 1 − spellingCost × (edits / letters)².
   */
  spellingOneFrom: 7,
  spellingTwoFrom: 11,
  spellingCost: 1.5,
  /** Whether the longer word sets the edit allowance (as for party resolution) or the shorter. */
  allowanceByLonger: true,
  /** With the longer word's allowance, at most this share of the shorter word may be edited. */
  maxEditShare: 1,
  /**
   * Two words within the edit allowance that share a consonant skeleton are spellings of one sound
   * ("mohammed"/"muhammad", "hezbollah"/"hizballah"): their similarity is at least this, whatever
   * the edit cost, when the shorter has `nearMinLength` letters or more.
   */
  nearFloor: 0.86,
  nearMinLength: 5,
  /** Beyond the edit allowance, one skeleton ("muhammad"/"mohamed") needs this many letters… */
  phoneticMinLength: 6,
  /** …and earns its Jaro-Winkler, at least this. */
  phoneticFloor: 0.86,
  /** Below this Jaro-Winkler, equal skeletons are a coincidence. */
  phoneticMinJw: 0.72,
};

/**
 * Edits a word of `len` letters may differ by for the screen ({@link SCREEN_SCORE}). It grows by
 * at most one per letter, which the vocabulary's deletion neighbourhoods rely on.
 */
export function screenAllowance(len: number): number {
  return len >= SCREEN_SCORE.twoEditsFrom ? 2 : len >= SCREEN_SCORE.oneEditFrom ? 1 : 0;
}

/** The edit-cost cap of a pair `d` edits apart whose shorter word has `short` letters. */
export const editCap = (d: number, short: number, cost = SCREEN_SCORE.editCost): number =>
  1 - cost * (d / short) ** SCREEN_SCORE.editPower;

/**
 * The strict similarity of the pair {@link screenSimilarity} compared last: what it is worth in a
 * name of one core word (the return value is what it is worth in longer names).
 */
export const PAIR = { strict: 0 };

/**
 * How alike two name tokens are for screening, in [0, 1]. Like {@link keyedSimilarity}, with two
 * differences: the edit allowance is set by the shorter word ("sokol" is not "sokolov", "akan"
 * is not "akhwan"), and each edit costs a share of the shorter word, so that one letter changed
 * in a short word ("melo"/"meo", "silva"/"silvia") is worth less than in a long one. Returns the
 * similarity for names of several core words; {@link PAIR}.strict holds it for one-word names.
 */
export function screenSimilarity(a: string, ka: string, b: string, kb: string): number {
  if (a === b) return (PAIR.strict = 1);
  PAIR.strict = 0;
  const la = a.length;
  const lb = b.length;
  if (la < 2 || lb < 2 || HAS_DIGIT.test(a) || HAS_DIGIT.test(b)) return 0;
  const short = la < lb ? la : lb;
  const long = la < lb ? lb : la;
  const k = screenAllowance(SCREEN_SCORE.allowanceByLonger ? long : short);
  if (k > 0) {
    const d = osaDistance(a, b, k);
    if (d <= k && d <= SCREEN_SCORE.maxEditShare * short) {
      const raw = Math.max(jaroWinkler(a, b), 1 - d / long);
      let lenient = Math.min(raw, editCap(d, short, SCREEN_SCORE.lenientCost));
      let strict = Math.min(raw, editCap(d, short));
      const near = SCREEN_SCORE.nearFloor;
      if (short >= SCREEN_SCORE.nearMinLength && (strict < near || lenient < near)) {
        if (phoneticKey(a) === phoneticKey(b)) {
          lenient = Math.max(lenient, near);
          strict = Math.max(strict, near);
        }
      }
      PAIR.strict = strict;
      return lenient;
    }
  }
  if (ka !== '' && ka === kb && short >= SCREEN_SCORE.phoneticMinLength && lengthsAlike(la, lb)) {
    const jw = jaroWinkler(a, b);
    if (jw >= SCREEN_SCORE.phoneticMinJw) return (PAIR.strict = Math.max(jw, SCREEN_SCORE.phoneticFloor));
  }
  return 0;
}

/**
 * Similarity of joined forms for the screen: {@link gluedSimilarity} capped by the edit cost of
 * the shorter form ("shubin" is not "su bin").
 */
export function screenGluedSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const g = gluedSimilarity(a, b);
  return g > 0 ? Math.min(g, editCap(1, Math.min(a.length, b.length))) : 0;
}

/** The longest listed word a query word of `len` letters can be alike to (edits, phonetic ratio). */
export const partnerLength = (len: number): number => Math.max(1.5 * len, len + 2);

/**
 * The screening's token score: {@link tokenScore} with each word weighed by its class. Core words
 * weigh their length; descriptors ({@link SCREEN_SCORE.descriptorWeight}) little, so that an
 * added or missing "ORGANIZATION" or "LEBANESE" costs a small penalty. A match needs a pair of
 * core words: descriptors alone never match. Place words left unpaired on both sides ("BANK OF
 * CUBA" / "BANK OF CHILE") name two different places and count at their full length.
 */
export function screenTokenScore(
  q: readonly string[],
  qWeight: ArrayLike<number>,
  qClass: ArrayLike<number>,
  cLen: number,
  cWord: (j: number) => string,
  cWeight: (j: number) => number,
  cClass: (j: number) => number,
  simOf: (qi: number, cj: number) => number,
  pairsOut?: TokenPair[],
): number {
  cand.length = 0;
  let wq = 0;
  let wc = 0;
  for (let i = 0; i < q.length; i++) wq += qWeight[i]!;
  for (let j = 0; j < cLen; j++) wc += cWeight(j);
  collectPairs(q, cLen, cWord, simOf);
  let usedQ = 0;
  let usedC = 0;
  let credit = 0;
  let core = false;
  for (const v of cand) {
    const i = (v >> 6) & 63;
    const j = v & 63;
    if (usedQ & (1 << i) || usedC & (1 << j)) continue;
    usedQ |= 1 << i;
    usedC |= 1 << j;
    const s = Math.floor(v / 4096) / 1e6;
    const c = cWord(j);
    // Core on both sides, and not an initial against a word (two equal initials are a pair).
    if (qClass[i] === CORE && cClass(j) === CORE && q[i]!.length > 1 === c.length > 1) core = true;
    credit += s * (qWeight[i]! + cWeight(j));
    pairsOut?.push({ query: q[i]!, matched: c, similarity: round3(s) });
  }
  if (!core) return 0;
  let qNumbers = 0;
  let cNumbers = 0;
  let qPlaces = 0;
  let cPlaces = 0;
  for (let i = 0; i < q.length; i++) {
    if (usedQ & (1 << i)) continue;
    if (HAS_DIGIT.test(q[i]!)) qNumbers++;
    if (qClass[i] === PLACE) qPlaces += q[i]!.length - qWeight[i]!;
  }
  for (let j = 0; j < cLen; j++) {
    if (usedC & (1 << j)) continue;
    if (HAS_DIGIT.test(cWord(j))) cNumbers++;
    if (cClass(j) === PLACE) cPlaces += cWord(j).length - cWeight(j);
  }
  if (qNumbers > 0 && cNumbers > 0) return 0;
  const total = wq + wc + (qPlaces > 0 && cPlaces > 0 ? qPlaces + cPlaces : 0);
  return total > 0 ? credit / total : 0;
}

// ---- Evidence ----------------------------------------------------------------------------

/** Score changes from evidence beside the name. Documented in docs/screening.md. */
export const EVIDENCE = {
  countryMatch: 0.02,
  countryMismatch: -0.05,
  birthYearMatch: 0.03,
  birthYearMismatch: -0.12,
  typeMismatch: -0.15,
  identifierMatch: 0.15,
  /** A match on an identifier scores at least this, whatever the names say. */
  identifierFloor: 0.95,
  cityMatch: 0.02,
  /** Weak aliases (OFAC's "low quality a.k.a.") count at this share. */
  weakAliasFactor: 0.95,
  /**
   * The name's own words say one type and the entry is another: a legal form or "Group" against
   * a person, vessel or aircraft; a title ("Dr.", "Herr") against an organization, vessel or
   * aircraft. Less than a declared type mismatch: the words are a hint.
   */
  typeHintMismatch: -0.1,
};

/** The most the evidence can add to a name score (identifier matches are found separately). */
export const MAX_BONUS = EVIDENCE.countryMatch + EVIDENCE.birthYearMatch + EVIDENCE.cityMatch;

export interface Contribution {
  readonly feature:
    'name' | 'country' | 'birth_date' | 'type' | 'type_hint' | 'identifier' | 'city' | 'weak_alias';
  readonly contribution: number;
  readonly detail: string;
}
