/**
 * The listed vocabulary: every distinct word of every listed name (and every joined form), its
 * postings (which names use it), and a deletion-neighbourhood table that finds every word within
 * the edit allowance of a query word, plus a phonetic table for the skeleton matches.
 *
 * Two words within `k` edits share a form with at most `k` letters deleted on each side; because
 * the allowance grows by at most one per letter and is set by the shorter word, the query word's
 * own deletions (up to its allowance) and each listed word's (up to its) always suffice: the
 * lookup finds every vocabulary word the score calls alike.
 */
import {
  PAIR,
  gluedAllowance,
  phoneticOf,
  screenGluedSimilarity,
  screenAllowance,
  screenSimilarity,
} from './score.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of `s` without the characters at positions `skip1` and `skip2` (-1: none). */
function hashSkipping(s: string, skip1: number, skip2: number): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    if (i === skip1 || i === skip2) continue;
    h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  }
  // Mix in the length so that different deletion depths of one word rarely collide.
  return Math.imul(h ^ (s.length - (skip1 >= 0 ? 1 : 0) - (skip2 >= 0 ? 1 : 0)), FNV_PRIME) >>> 0;
}

/** Hashes of every form of `s` with up to `k` (≤ 2) characters deleted, without repeats. */
function deletionHashes(s: string, k: number, out: Set<number>): Set<number> {
  out.clear();
  out.add(hashSkipping(s, -1, -1));
  if (k >= 1) {
    for (let i = 0; i < s.length; i++) {
      out.add(hashSkipping(s, i, -1));
      if (k >= 2) for (let j = i + 1; j < s.length; j++) out.add(hashSkipping(s, i, j));
    }
  }
  return out;
}

/** A word's roles: a word of some name, and/or a joined form or a one-word name. */
export const AS_WORD = 1;
export const AS_GLUED = 2;

/**
 * The vocabulary words alike to one query word. Kept for up to 100,000 query words, so two typed
 * arrays, not four (each with its buffer an object a full collection marks: ADR 0040).
 */
export interface WordMatches {
  /** Postings behind these words: how many names a query word reaches. */
  readonly postings: number;
  /** Vocabulary ids similar to the query word. */
  readonly ids: Int32Array;
  /**
   * Three similarities per id, for `x` < n = ids.length: word to word at `x` (0 when the word only
   * serves as a joined form); the same, strict, at `n + x` (in a name of one core word, see
   * screenSimilarity); the joined form's at `2n + x` (0 when not applicable).
   */
  readonly sims: Float64Array;
}

const NO_MATCHES: WordMatches = { postings: 0, ids: new Int32Array(0), sims: new Float64Array(0) };

/** A vocabulary's built tables (Vocabulary.data). */
export interface VocabularyData {
  readonly words: string[];
  readonly role: Uint8Array;
  readonly keys: string[];
  readonly postStart: Int32Array;
  readonly postData: Int32Array;
  readonly bucketMask: number;
  readonly bucketStart: Int32Array;
  readonly bucketHash: Uint32Array;
  readonly bucketWord: Int32Array;
  readonly phonetic: Map<string, number[]>;
}

/** Whether a value is a vocabulary's tables, consistent in its sizes (a cached one is checked). */
export function isVocabularyData(v: unknown): v is VocabularyData {
  const d = v as Partial<VocabularyData> | null;
  if (!d || !Array.isArray(d.words) || !Array.isArray(d.keys)) return false;
  const V = d.words.length;
  return (
    d.keys.length === V &&
    d.words.every((w) => typeof w === 'string') &&
    d.keys.every((w) => typeof w === 'string') &&
    d.role instanceof Uint8Array &&
    d.role.length === V &&
    d.postStart instanceof Int32Array &&
    d.postStart.length === V + 1 &&
    d.postData instanceof Int32Array &&
    d.postData.length === d.postStart[V] &&
    typeof d.bucketMask === 'number' &&
    d.bucketStart instanceof Int32Array &&
    d.bucketStart.length === d.bucketMask + 2 &&
    d.bucketHash instanceof Uint32Array &&
    d.bucketWord instanceof Int32Array &&
    d.bucketHash.length === d.bucketWord.length &&
    d.bucketStart[d.bucketMask + 1] === d.bucketHash.length &&
    d.phonetic instanceof Map
  );
}

/** Collects words, their roles and postings while names are read; then builds the tables. */
export class VocabularyBuilder {
  readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  readonly roles: number[] = [];
  readonly postings: number[][] = [];

  /** The id of `w`, adding it with `role`. */
  word(w: string, role: number): number {
    let id = this.ids.get(w);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(w, id);
      this.words.push(w);
      this.roles.push(0);
    }
    this.roles[id]! |= role;
    return id;
  }

  post(word: number, value: number): void {
    (this.postings[word] ??= []).push(value);
  }
}

export class Vocabulary {
  readonly words: readonly string[];
  readonly size: number;
  private readonly ids: ReadonlyMap<string, number>;
  private readonly role: Uint8Array;
  /** Phonetic key of each word ('' when not eligible). */
  readonly keys: readonly string[];
  readonly postStart: Int32Array;
  readonly postData: Int32Array;
  private readonly bucketMask: number;
  private readonly bucketStart: Int32Array;
  private readonly bucketHash: Uint32Array;
  private readonly bucketWord: Int32Array;
  private readonly phonetic: Map<string, number[]>;
  private readonly cache = new Map<string, WordMatches>();
  private readonly hashScratch = new Set<number>();
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** From the words a builder collected, or from the tables of an earlier build (`data`). */
  constructor(b: VocabularyBuilder | { readonly data: VocabularyData }) {
    if ('data' in b) {
      const d = b.data;
      this.words = d.words;
      this.size = d.words.length;
      this.ids = new Map(d.words.map((w, i) => [w, i]));
      this.role = d.role;
      this.keys = d.keys;
      this.postStart = d.postStart;
      this.postData = d.postData;
      this.bucketMask = d.bucketMask;
      this.bucketStart = d.bucketStart;
      this.bucketHash = d.bucketHash;
      this.bucketWord = d.bucketWord;
      this.phonetic = d.phonetic;
      this.seen = new Uint32Array(this.size);
      return;
    }
    this.phonetic = new Map<string, number[]>();
    this.words = b.words;
    this.ids = b.ids;
    const V = b.words.length;
    this.size = V;
    this.role = Uint8Array.from(b.roles);
    this.postStart = new Int32Array(V + 1);
    for (let v = 0; v < V; v++) this.postStart[v + 1] = this.postStart[v]! + (b.postings[v]?.length ?? 0);
    this.postData = new Int32Array(this.postStart[V]!);
    for (let v = 0; v < V; v++) this.postData.set(b.postings[v] ?? [], this.postStart[v]!);

    // Deletion neighbourhoods: every word with its allowance (joined forms: at most one edit).
    const hashes: number[] = [];
    const owners: number[] = [];
    const keys: string[] = [];
    for (let v = 0; v < V; v++) {
      const w = this.words[v]!;
      const k = this.role[v]! & AS_WORD ? screenAllowance(w.length) : gluedAllowance(w.length);
      for (const h of deletionHashes(w, k, this.hashScratch)) {
        hashes.push(h);
        owners.push(v);
      }
      const pk = this.role[v]! & AS_WORD ? phoneticOf(w) : '';
      keys.push(pk);
      if (pk) {
        const l = this.phonetic.get(pk);
        if (l) l.push(v);
        else this.phonetic.set(pk, [v]);
      }
    }
    this.keys = keys;
    let bits = 10;
    while (1 << bits < hashes.length && bits < 24) bits++;
    this.bucketMask = (1 << bits) - 1;
    this.bucketStart = new Int32Array((1 << bits) + 1);
    for (const h of hashes) this.bucketStart[(h & this.bucketMask) + 1]!++;
    for (let i = 0; i < 1 << bits; i++) this.bucketStart[i + 1]! += this.bucketStart[i]!;
    const fill = this.bucketStart.slice(0, -1);
    this.bucketHash = new Uint32Array(hashes.length);
    this.bucketWord = new Int32Array(hashes.length);
    for (let i = 0; i < hashes.length; i++) {
      const at = fill[hashes[i]! & this.bucketMask]!++;
      this.bucketHash[at] = hashes[i]!;
      this.bucketWord[at] = owners[i]!;
    }
    this.seen = new Uint32Array(V);
  }

  /** The built tables as plain data (kept by the artefact cache; `new Vocabulary({ data })`). */
  data(): VocabularyData {
    return {
      words: [...this.words],
      role: this.role,
      keys: [...this.keys],
      postStart: this.postStart,
      postData: this.postData,
      bucketMask: this.bucketMask,
      bucketStart: this.bucketStart,
      bucketHash: this.bucketHash,
      bucketWord: this.bucketWord,
      phonetic: this.phonetic,
    };
  }

  get deletionKeys(): number {
    return this.bucketHash.length;
  }

  /** Vocabulary words similar to `q` (as a word, or as a joined form), memoized. */
  matchesOf(q: string, asGlued: boolean): WordMatches {
    const key = asGlued ? `\u0000${q}` : q;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (q.length < 2 && !asGlued) {
      // One letter: an initial, or a one-letter word; only the exact word.
      const id = this.ids.get(q);
      const m =
        id === undefined
          ? NO_MATCHES
          : {
              postings: this.postStart[id + 1]! - this.postStart[id]!,
              ids: Int32Array.of(id),
              sims: Float64Array.of(1, 1, 0),
            };
      return this.remember(key, m);
    }
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const cands: number[] = [];
    const k = asGlued ? gluedAllowance(q.length) : screenAllowance(q.length);
    for (const h of deletionHashes(q, k, this.hashScratch)) {
      const b = h & this.bucketMask;
      for (let i = this.bucketStart[b]!, end = this.bucketStart[b + 1]!; i < end; i++) {
        if (this.bucketHash[i] !== h) continue;
        const v = this.bucketWord[i]!;
        if (this.seen[v] === stamp) continue;
        this.seen[v] = stamp;
        cands.push(v);
      }
    }
    const qk = asGlued ? '' : phoneticOf(q);
    if (qk) {
      for (const v of this.phonetic.get(qk) ?? []) {
        if (this.seen[v] === stamp) continue;
        this.seen[v] = stamp;
        cands.push(v);
      }
    }
    const ids: number[] = [];
    const sims: number[] = [];
    const strict: number[] = [];
    const glued: number[] = [];
    let postings = 0;
    for (const v of cands) {
      const w = this.words[v]!;
      const role = this.role[v]!;
      const s = !asGlued && role & AS_WORD ? screenSimilarity(q, qk, w, this.keys[v]!) : 0;
      const st = s > 0 ? PAIR.strict : 0;
      const g = role & AS_GLUED ? screenGluedSimilarity(q, w) : 0;
      if (s > 0 || g > 0) {
        ids.push(v);
        sims.push(s);
        strict.push(st);
        glued.push(g);
        postings += this.postStart[v + 1]! - this.postStart[v]!;
      }
    }
    const all = new Float64Array(3 * ids.length);
    all.set(sims);
    all.set(strict, ids.length);
    all.set(glued, 2 * ids.length);
    return this.remember(key, { postings, ids: Int32Array.from(ids), sims: all });
  }

  private remember(key: string, m: WordMatches): WordMatches {
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(key, m);
    return m;
  }
}
