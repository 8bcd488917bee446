/**
 * The screening index: every listed name as tokens, a deletion-neighbourhood table that finds every
 * vocabulary word within the edit allowance of a query word, a phonetic table, and postings from
 * words to names. Candidate generation is exact for the score's definition (a name whose score can
 * reach the threshold always shares a similar word, an initial or a joined form with the query),
 * and an upper bound on the score skips names that cannot reach it. So the index returns what an
 * exhaustive scan returns, at a fraction of the cost; `screenExhaustive` is that scan.
 */
import type { CountryResolver } from './countries.js';
import type { EntryType, NameKind, WatchlistEntry } from './entry.js';
import { MAX_TOKENS, normalizeName, type NormalizedName } from './normalize.js';
import {
  EVIDENCE,
  MAX_BONUS,
  editAllowance,
  gluedAllowance,
  gluedSimilarity,
  keyedSimilarity,
  phoneticOf,
  round3,
  tokenScore,
  tokenWeight,
  type Contribution,
  type NameScore,
  type TokenPair,
} from './score.js';

export interface ScreeningThresholds {
  /** Policy version, recorded with every decision. */
  readonly version: string;
  readonly default: number;
  /** Per list (data set name), overriding the default. */
  readonly lists?: Readonly<Record<string, number>>;
  /** Per program (OFAC program, UN regime, …), overriding the list; the lowest applies. */
  readonly programs?: Readonly<Record<string, number>>;
}

export interface ScreenQuery {
  readonly name: string;
  readonly country?: string | undefined;
  readonly type?: EntryType | undefined;
  readonly address?: string | undefined;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly birthDate?: string | undefined;
  readonly identifiers?: readonly string[] | undefined;
}

export interface ScreenMatch {
  readonly entry: WatchlistEntry;
  readonly score: number;
  readonly threshold: number;
  readonly matchedName: string;
  readonly nameKind: NameKind;
  readonly explanation: {
    readonly name: NameScore;
    readonly features: readonly Contribution[];
  };
}

export interface ScreenOptions {
  /** Report matches at or above this score instead of each entry's threshold. */
  readonly minScore?: number;
  readonly limit?: number;
}

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

interface Best {
  /** Name score after the weak-alias factor. */
  readonly score: number;
  readonly nameScore: number;
  readonly name: number;
  readonly method: NameScore['method'];
}

interface TokenMatches {
  /** Postings behind these words: how many names a query word reaches. */
  readonly postings: number;
  /** Vocabulary ids similar to the query word. */
  readonly ids: Int32Array;
  /** Word-to-word similarity (0 when the word only serves as a joined form). */
  readonly sims: Float64Array;
  /** Joined-form similarity (0 when not applicable). */
  readonly glued: Float64Array;
}

const NO_MATCHES: TokenMatches = {
  postings: 0,
  ids: new Int32Array(0),
  sims: new Float64Array(0),
  glued: new Float64Array(0),
};

const KIND_CODE: Record<NameKind, number> = { primary: 0, alias: 1, weak: 2 };
const KINDS: readonly NameKind[] = ['primary', 'alias', 'weak'];

interface PreparedQuery {
  readonly norm: NormalizedName;
  readonly weights: number[];
  /** Phonetic keys of the tokens, computed on first use (the exhaustive scan and explanations). */
  readonly keys: () => readonly string[];
  readonly total: number;
  readonly hasInitial: boolean;
  readonly country: string | null;
  readonly type: EntryType | null;
  readonly birthYear: number | null;
  readonly cityText: string;
  readonly ids: readonly string[];
}

export const normalizeIdentifier = (v: string): string => v.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();

export class WatchlistIndex {
  readonly entries: readonly WatchlistEntry[];
  readonly nameCount: number;
  readonly minThreshold: number;

  // Names (CSR over token ids).
  private readonly nameEntry: Int32Array;
  private readonly nameKind: Uint8Array;
  private readonly nameTokStart: Int32Array;
  private readonly nameToks: Int32Array;
  private readonly nameWeight: Float64Array;
  private readonly nameGlued: Int32Array;
  private readonly nameHasInitial: Uint8Array;
  private readonly nameText: string[];
  // Vocabulary.
  private readonly vocab = new Map<string, number>();
  private readonly words: string[] = [];
  /** 1: used as a word of some name; 2: used as a joined form or a one-word name. */
  private readonly wordRole: Uint8Array;
  private readonly postStart: Int32Array;
  private readonly postData: Int32Array;
  // Deletion neighbourhoods, bucketed by hash.
  private readonly bucketMask: number;
  private readonly bucketStart: Int32Array;
  private readonly bucketHash: Uint32Array;
  private readonly bucketWord: Int32Array;
  private readonly phonetic = new Map<string, number[]>();
  /** Phonetic key of each word ('' when not eligible). */
  private readonly wordKey: string[] = [];
  private readonly byIdentifier = new Map<string, number[]>();
  // Per entry.
  private readonly entryThreshold: Float64Array;
  /** Names are stored in entry order: entry `e` owns names [entryNameStart[e], entryNameStart[e + 1]). */
  private readonly entryNameStart: Int32Array;
  private readonly entryCountries: (readonly string[])[];
  private readonly entryBirthYears: (readonly number[])[];
  private readonly entryCities: (readonly string[])[];
  // Query scratch (the index is used by one thread).
  private stamp = 0;
  private readonly nameStamp: Uint32Array;
  private readonly nameMask: Uint32Array;
  /** Per touched name and query word: the best similarity of that word to a word of the name. */
  private readonly nameTokSim: Float64Array;
  private readonly nameGluedSim: Float64Array;
  private readonly wordStamp: Uint32Array;
  private readonly simStamp: Uint32Array;
  private readonly simValue: Float64Array;
  private touched: Int32Array;
  private readonly cache = new Map<string, TokenMatches>();
  private readonly hashScratch = new Set<number>();

  constructor(
    entries: readonly WatchlistEntry[],
    private readonly thresholds: ScreeningThresholds,
    private readonly countries: CountryResolver,
  ) {
    this.entries = entries;
    const nameEntry: number[] = [];
    const nameKind: number[] = [];
    const tokStart: number[] = [0];
    const toks: number[] = [];
    const weight: number[] = [];
    const glued: number[] = [];
    const hasInitial: number[] = [];
    const text: string[] = [];
    const role: number[] = [];
    const wordId = (w: string, r: number): number => {
      let id = this.vocab.get(w);
      if (id === undefined) {
        id = this.words.length;
        this.vocab.set(w, id);
        this.words.push(w);
        role.push(0);
      }
      role[id]! |= r;
      return id;
    };
    const postingsOf: number[][] = [];
    const post = (word: number, value: number) => {
      (postingsOf[word] ??= []).push(value);
    };
    this.entryThreshold = new Float64Array(entries.length);
    this.entryNameStart = new Int32Array(entries.length + 1);
    this.entryCountries = [];
    this.entryBirthYears = [];
    this.entryCities = [];
    let minThreshold = 1;
    entries.forEach((e, ei) => {
      const th = thresholdFor(e, thresholds);
      this.entryThreshold[ei] = th;
      if (th < minThreshold) minThreshold = th;
      const cs = new Set<string>();
      for (const c of e.countries) {
        const code = countries.resolve(c);
        if (code) cs.add(code);
      }
      for (const a of e.addresses) {
        const code = countries.resolve(a.country);
        if (code) cs.add(code);
      }
      this.entryCountries.push([...cs]);
      this.entryBirthYears.push(
        e.birthDates.map((d) => Number(d.slice(0, 4))).filter((y) => Number.isInteger(y) && y > 1000),
      );
      this.entryCities.push(
        e.addresses.flatMap((a) => (a.city ? [normalizeName(a.city).tokens.join(' ')] : [])).filter((c) => c),
      );
      const seen = new Set<string>();
      for (const n of e.names) {
        const norm = normalizeName(n.name);
        if (norm.tokens.length === 0) continue;
        const sig = norm.tokens.join(' ');
        if (seen.has(sig)) continue; // the same name twice (aka spelled as the primary)
        seen.add(sig);
        const ni = nameEntry.length;
        nameEntry.push(ei);
        nameKind.push(KIND_CODE[n.kind]);
        text.push(n.name);
        let w = 0;
        let initial = 0;
        const single = norm.tokens.length === 1;
        const ids = new Set<number>();
        for (const t of norm.tokens) {
          const id = wordId(t, single ? 3 : 1);
          toks.push(id);
          w += tokenWeight(t);
          if (t.length === 1) initial = 1;
          if (!ids.has(id)) post(id, ni * 2);
          ids.add(id);
        }
        tokStart.push(toks.length);
        weight.push(w);
        hasInitial.push(initial);
        if (norm.glued) {
          const gid = wordId(norm.glued, 2);
          glued.push(gid);
          post(gid, ni * 2 + 1);
        } else glued.push(-1);
      }
      this.entryNameStart[ei + 1] = nameEntry.length;
      for (const id of e.identifiers) {
        const v = normalizeIdentifier(id.value);
        if (v.length < 4) continue;
        const list = this.byIdentifier.get(v);
        if (list) {
          if (list[list.length - 1] !== ei) list.push(ei);
        } else this.byIdentifier.set(v, [ei]);
      }
    });
    this.minThreshold = minThreshold;
    this.nameCount = nameEntry.length;
    this.nameEntry = Int32Array.from(nameEntry);
    this.nameKind = Uint8Array.from(nameKind);
    this.nameTokStart = Int32Array.from(tokStart);
    this.nameToks = Int32Array.from(toks);
    this.nameWeight = Float64Array.from(weight);
    this.nameGlued = Int32Array.from(glued);
    this.nameHasInitial = Uint8Array.from(hasInitial);
    this.nameText = text;
    this.wordRole = Uint8Array.from(role);

    // Postings, CSR.
    const V = this.words.length;
    this.postStart = new Int32Array(V + 1);
    for (let v = 0; v < V; v++) this.postStart[v + 1] = this.postStart[v]! + (postingsOf[v]?.length ?? 0);
    this.postData = new Int32Array(this.postStart[V]!);
    for (let v = 0; v < V; v++) this.postData.set(postingsOf[v] ?? [], this.postStart[v]!);

    // Deletion neighbourhoods: every word with its allowance (joined forms: at most one edit).
    const hashes: number[] = [];
    const owners: number[] = [];
    for (let v = 0; v < V; v++) {
      const w = this.words[v]!;
      const k = this.wordRole[v]! & 1 ? editAllowance(w.length) : gluedAllowance(w.length);
      for (const h of deletionHashes(w, k, this.hashScratch)) {
        hashes.push(h);
        owners.push(v);
      }
      const pk = this.wordRole[v]! & 1 ? phoneticOf(w) : '';
      this.wordKey.push(pk);
      if (pk) {
        const l = this.phonetic.get(pk);
        if (l) l.push(v);
        else this.phonetic.set(pk, [v]);
      }
    }
    let bits = 10;
    while (1 << bits < hashes.length && bits < 24) bits++;
    this.bucketMask = (1 << bits) - 1;
    this.bucketStart = new Int32Array((1 << bits) + 1);
    for (const h of hashes) this.bucketStart[(h & this.bucketMask) + 1]!++;
    for (let b = 0; b < 1 << bits; b++) this.bucketStart[b + 1]! += this.bucketStart[b]!;
    const fill = this.bucketStart.slice(0, -1);
    this.bucketHash = new Uint32Array(hashes.length);
    this.bucketWord = new Int32Array(hashes.length);
    for (let i = 0; i < hashes.length; i++) {
      const at = fill[hashes[i]! & this.bucketMask]!++;
      this.bucketHash[at] = hashes[i]!;
      this.bucketWord[at] = owners[i]!;
    }

    this.nameStamp = new Uint32Array(this.nameCount);
    this.nameMask = new Uint32Array(this.nameCount);
    this.nameTokSim = new Float64Array(this.nameCount * MAX_TOKENS);
    this.nameGluedSim = new Float64Array(this.nameCount);
    this.wordStamp = new Uint32Array(V);
    this.simStamp = new Uint32Array(V * MAX_TOKENS);
    this.simValue = new Float64Array(V * MAX_TOKENS);
    this.touched = new Int32Array(1024);
  }

  /** Work done since the index was built: names reached through postings, and names scored. */
  readonly counters = { queries: 0, touched: 0, scored: 0 };

  /** Sizes, for status pages and benchmarks. */
  stats(): { entries: number; names: number; words: number; deletionKeys: number } {
    return {
      entries: this.entries.length,
      names: this.nameCount,
      words: this.words.length,
      deletionKeys: this.bucketHash.length,
    };
  }

  /** Vocabulary words similar to `q` (as a word, or as a joined form), memoized per index. */
  private matchesOf(q: string, asGlued: boolean): TokenMatches {
    const key = asGlued ? `\u0000${q}` : q;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (q.length < 2 && !asGlued) {
      // One letter: an initial, or a one-letter word; only the exact word.
      const id = this.vocab.get(q);
      const m =
        id === undefined
          ? NO_MATCHES
          : {
              postings: this.postStart[id + 1]! - this.postStart[id]!,
              ids: Int32Array.of(id),
              sims: Float64Array.of(1),
              glued: Float64Array.of(0),
            };
      return this.remember(key, m);
    }
    const stamp = this.nextStamp();
    const cands: number[] = [];
    const k = asGlued ? gluedAllowance(q.length) : editAllowance(q.length);
    for (const h of deletionHashes(q, k, this.hashScratch)) {
      const b = h & this.bucketMask;
      for (let i = this.bucketStart[b]!, end = this.bucketStart[b + 1]!; i < end; i++) {
        if (this.bucketHash[i] !== h) continue;
        const v = this.bucketWord[i]!;
        if (this.wordStamp[v] === stamp) continue;
        this.wordStamp[v] = stamp;
        cands.push(v);
      }
    }
    if (!asGlued) {
      const pk = phoneticOf(q);
      for (const v of (pk && this.phonetic.get(pk)) || []) {
        if (this.wordStamp[v] === stamp) continue;
        this.wordStamp[v] = stamp;
        cands.push(v);
      }
    }
    const ids: number[] = [];
    const sims: number[] = [];
    const glued: number[] = [];
    const qk = asGlued ? '' : phoneticOf(q);
    let postings = 0;
    for (const v of cands) {
      const w = this.words[v]!;
      const role = this.wordRole[v]!;
      const s = !asGlued && role & 1 ? keyedSimilarity(q, qk, w, this.wordKey[v]!) : 0;
      const g = role & 2 ? gluedSimilarity(q, w) : 0;
      if (s > 0 || g > 0) {
        ids.push(v);
        sims.push(s);
        glued.push(g);
        postings += this.postStart[v + 1]! - this.postStart[v]!;
      }
    }
    return this.remember(key, {
      postings,
      ids: Int32Array.from(ids),
      sims: Float64Array.from(sims),
      glued: Float64Array.from(glued),
    });
  }

  private remember(key: string, m: TokenMatches): TokenMatches {
    if (this.cache.size >= 100_000) this.cache.clear();
    this.cache.set(key, m);
    return m;
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.nameStamp.fill(0);
      this.wordStamp.fill(0);
      this.simStamp.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private prepare(query: ScreenQuery): PreparedQuery {
    const norm = normalizeName(query.name);
    const weights = norm.tokens.map(tokenWeight);
    return {
      norm,
      weights,
      keys: lazy(() => norm.tokens.map(phoneticOf)),
      total: weights.reduce((a, b) => a + b, 0),
      hasInitial: norm.tokens.some((t) => t.length === 1),
      country: this.countries.resolve(query.country),
      type: query.type ?? null,
      birthYear:
        query.birthDate && /^\d{4}/.test(query.birthDate) ? Number(query.birthDate.slice(0, 4)) : null,
      cityText: query.address ? ` ${normalizeName(query.address).tokens.join(' ')} ` : '',
      ids: (query.identifiers ?? []).map(normalizeIdentifier).filter((v) => v.length >= 4),
    };
  }

  /** Matches at or above each entry's threshold (or `minScore`), best first. */
  screen(query: ScreenQuery, opts: ScreenOptions = {}): ScreenMatch[] {
    const p = this.prepare(query);
    const q = p.norm.tokens;
    const floor = opts.minScore ?? this.minThreshold;
    const best = new Map<number, Best>();
    this.counters.queries++;
    if (q.length > 0) {
      // Word matches first: computing one may advance the stamp.
      const perToken = q.map((t) => this.matchesOf(t, false));
      const gluedMatches = p.norm.glued ? this.matchesOf(p.norm.glued, true) : null;
      const stamp = this.nextStamp();
      const need = floor - MAX_BONUS;
      // Words whose postings are longest go last; the largest such set that cannot lift a name to
      // the threshold on its own only updates names found through the other words (exact: see bound).
      const order = q.map((_, i) => i).sort((a, b) => perToken[b]!.postings - perToken[a]!.postings);
      let lateCount = 0;
      let mq = 0;
      let mc = 0;
      for (let i = 0; i < q.length; i++) if (p.weights[i] === 1) mq += 1;
      for (const i of order) {
        const w = p.weights[i]!;
        const nmq = mq + (w === 1 ? 0 : w);
        const nmc = mc + Math.max(1.5 * w, w + 2);
        if (p.hasInitial || (nmq + nmc) / (p.total + nmc) >= need) break;
        mq = nmq;
        mc = nmc;
        lateCount++;
      }
      const late = new Set(order.slice(0, lateCount));
      let n = 0;
      const visit = (i: number, mayTouch: boolean) => {
        const m = perToken[i]!;
        const bit = 1 << i;
        for (let x = 0; x < m.ids.length; x++) {
          const v = m.ids[x]!;
          const sim = m.sims[x]!;
          const g = m.glued[x]!;
          for (let y = this.postStart[v]!, end = this.postStart[v + 1]!; y < end; y++) {
            const pv = this.postData[y]!;
            const ni = pv >> 1;
            const glued = (pv & 1) === 1;
            // A word scores against a listed word; against a listed joined form only when the
            // query is one word.
            if (glued ? q.length !== 1 || g === 0 : sim === 0) continue;
            if (this.nameStamp[ni] !== stamp) {
              if (!mayTouch && !this.nameHasInitial[ni]) continue;
              n = this.touch(ni, stamp, n);
            }
            if (glued) {
              if (g > this.nameGluedSim[ni]!) this.nameGluedSim[ni] = g;
            } else {
              const at = ni * MAX_TOKENS + i;
              if (!(this.nameMask[ni]! & bit)) {
                this.nameMask[ni]! |= bit;
                this.nameTokSim[at] = sim;
              } else if (sim > this.nameTokSim[at]!) this.nameTokSim[at] = sim;
            }
          }
        }
      };
      for (let i = 0; i < q.length; i++) if (!late.has(i)) visit(i, true);
      if (gluedMatches) {
        const m = gluedMatches;
        for (let x = 0; x < m.ids.length; x++) {
          const v = m.ids[x]!;
          for (let y = this.postStart[v]!, end = this.postStart[v + 1]!; y < end; y++) {
            const pv = this.postData[y]!;
            const ni = pv >> 1;
            // Joined query against a joined listed name, or against a one-word listed name.
            if (!(pv & 1) && !this.isSingle(ni)) continue;
            if (this.nameStamp[ni] !== stamp) n = this.touch(ni, stamp, n);
            if (m.glued[x]! > this.nameGluedSim[ni]!) this.nameGluedSim[ni] = m.glued[x]!;
          }
        }
      }
      for (const i of late) visit(i, false);
      const V = this.words.length;
      for (let i = 0; i < q.length; i++) {
        const m = perToken[i]!;
        for (let x = 0; x < m.ids.length; x++) {
          const at = i * V + m.ids[x]!;
          this.simStamp[at] = stamp;
          this.simValue[at] = m.sims[x]!;
        }
      }
      this.counters.touched += n;
      for (let t = 0; t < n; t++) {
        const ni = this.touched[t]!;
        if (this.nameGluedSim[ni] === 0 && this.bound(p, ni) < need) continue;
        this.counters.scored++;
        this.consider(best, ni, this.scoreName(q, p.norm.glued, ni, this.cachedSim, this.nameGluedSim[ni]!));
      }
    }
    return this.finish(p, best, floor, opts);
  }

  /** Starts a name's per-query state and appends it to the touched list; returns the new count. */
  private touch(ni: number, stamp: number, n: number): number {
    this.nameStamp[ni] = stamp;
    this.nameMask[ni] = 0;
    this.nameGluedSim[ni] = 0;
    if (n === this.touched.length) {
      const bigger = new Int32Array(n * 2);
      bigger.set(this.touched);
      this.touched = bigger;
    }
    this.touched[n] = ni;
    return n + 1;
  }

  /** Token similarity from the query words' matches, through a stamped dense table. */
  private readonly cachedSim = (i: number, j: number): number => {
    const at = i * this.words.length + this.nameToks[this.wordStart + j]!;
    return this.simStamp[at] === this.stamp ? this.simValue[at]! : 0;
  };

  private consider(best: Map<number, Best>, ni: number, nameScore: number): void {
    if (nameScore <= 0) return;
    const ei = this.nameEntry[ni]!;
    const s = nameScore * (this.nameKind[ni] === 2 ? EVIDENCE.weakAliasFactor : 1);
    const prev = best.get(ei);
    if (!prev || s > prev.score) best.set(ei, { score: s, nameScore, name: ni, method: this.lastMethod });
  }

  /** Every name scored, no index: the reference the index is measured against. */
  screenExhaustive(query: ScreenQuery, opts: ScreenOptions = {}): ScreenMatch[] {
    const p = this.prepare(query);
    const q = p.norm.tokens;
    const floor = opts.minScore ?? this.minThreshold;
    const best = new Map<number, Best>();
    if (q.length > 0) {
      for (let ni = 0; ni < this.nameCount; ni++) {
        this.consider(best, ni, this.scoreName(q, p.norm.glued, ni, this.directSim(p, ni), -1));
      }
    }
    return this.finish(p, best, floor, opts);
  }

  private isSingle(ni: number): boolean {
    return this.nameTokStart[ni + 1]! - this.nameTokStart[ni]! === 1;
  }

  private directSim(p: PreparedQuery, ni: number): (i: number, j: number) => number {
    const start = this.nameTokStart[ni]!;
    const q = p.norm.tokens;
    const keys = p.keys();
    return (i, j) => {
      const v = this.nameToks[start + j]!;
      return keyedSimilarity(q[i]!, keys[i]!, this.words[v]!, this.wordKey[v]!);
    };
  }

  /** Upper bound of the token score from which query words a name shares (see module comment). */
  /**
   * Upper bound of the token score from the query words a name shares and how alike they are: a
   * pair earns at most its similarity times both weights, a listed word weighs at most
   * max(1.5 w, w + 2) against a query word of weight w (edit allowance, phonetic length ratio), and
   * the listed words weigh Wc in all. Initials count as full matches.
   */
  private bound(p: PreparedQuery, ni: number): number {
    if (this.nameHasInitial[ni]) return 1;
    const mask = this.nameMask[ni]!;
    let mq = 0;
    let mc = 0;
    let top = 0;
    for (let i = 0; i < p.weights.length; i++) {
      const w = p.weights[i]!;
      const s = w === 1 ? 1 : mask & (1 << i) ? this.nameTokSim[ni * MAX_TOKENS + i]! : 0;
      if (s === 0) continue;
      mq += s * w;
      mc += s * Math.max(1.5 * w, w + 2);
      if (s > top) top = s;
    }
    const wc = this.nameWeight[ni]!;
    if (p.hasInitial) mc = wc;
    return (mq + Math.min(top * wc, mc)) / (p.total + wc);
  }

  /** Reads the words of the name being scored (see `wordStart`). */
  private wordStart = 0;
  private readonly cWord = (j: number): string => this.words[this.nameToks[this.wordStart + j]!]!;
  /** How the last `scoreName` scored: by tokens or by joined forms. */
  private lastMethod: NameScore['method'] = 'tokens';

  /**
   * The name score: the token score, or the joined-form similarity when higher. `gluedSim` < 0
   * asks for the joined form to be compared here (exhaustive scan).
   */
  private scoreName(
    q: readonly string[],
    qGlued: string | null,
    ni: number,
    simOf: (i: number, j: number) => number,
    gluedSim: number,
    pairsOut?: TokenPair[],
  ): number {
    const start = this.nameTokStart[ni]!;
    const len = this.nameTokStart[ni + 1]! - start;
    this.wordStart = start;
    const ts = tokenScore(q, len, this.cWord, simOf, pairsOut);
    let g = gluedSim;
    if (g < 0) {
      g = 0;
      const gid = this.nameGlued[ni]!;
      const cGlued = gid >= 0 ? this.words[gid]! : null;
      if (qGlued && cGlued) g = gluedSimilarity(qGlued, cGlued);
      if (qGlued && len === 1) g = Math.max(g, gluedSimilarity(qGlued, this.cWord(0)));
      if (q.length === 1 && cGlued) g = Math.max(g, gluedSimilarity(q[0]!, cGlued));
    }
    this.lastMethod = g > ts ? 'joined' : 'tokens';
    return g > ts ? g : ts;
  }

  private finish(
    p: PreparedQuery,
    best: Map<number, Best>,
    floor: number,
    opts: ScreenOptions,
  ): ScreenMatch[] {
    // Identifier matches are candidates whatever the name says.
    for (const id of p.ids) {
      for (const ei of this.byIdentifier.get(id) ?? []) {
        if (best.has(ei)) continue;
        let top: Best | null = null;
        for (let ni = this.entryNameStart[ei]!; ni < this.entryNameStart[ei + 1]!; ni++) {
          const s = this.scoreName(p.norm.tokens, p.norm.glued, ni, this.directSim(p, ni), -1);
          if (!top || s > top.score) top = { score: s, nameScore: s, name: ni, method: this.lastMethod };
        }
        if (top) best.set(ei, top);
      }
    }
    const out: ScreenMatch[] = [];
    for (const [ei, b] of best) {
      const threshold = opts.minScore ?? this.entryThreshold[ei]!;
      // Evidence adds at most MAX_BONUS, unless an identifier matches.
      if (b.score + MAX_BONUS < Math.max(threshold, floor) && p.ids.length === 0) continue;
      const features: Contribution[] = [];
      let score = b.score;
      const entry = this.entries[ei]!;
      if (this.nameKind[b.name] === 2) {
        features.push({
          feature: 'weak_alias',
          contribution: round3(b.score - b.nameScore),
          detail: 'matched a weak (low-quality) alias',
        });
      }
      score += this.evidence(p, ei, entry, features);
      // An identifier the entry carries (passport, LEI, registration number) identifies it,
      // whatever the names say.
      if (features.some((f) => f.feature === 'identifier')) score = Math.max(score, EVIDENCE.identifierFloor);
      score = Math.max(0, Math.min(1, score));
      if (score < threshold || score < floor) continue;
      const ns = this.pairsFor(p, b.name, b.method, b.nameScore);
      out.push({
        entry,
        score: round3(score),
        threshold,
        matchedName: this.nameText[b.name]!,
        nameKind: KINDS[this.nameKind[b.name]!]!,
        explanation: {
          name: ns,
          features: [{ feature: 'name', contribution: round3(b.nameScore), detail: ns.method }, ...features],
        },
      });
    }
    out.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
    return opts.limit ? out.slice(0, opts.limit) : out;
  }

  /** The name's token pairs, for the explanation (only for reported matches). */
  private pairsFor(p: PreparedQuery, ni: number, method: NameScore['method'], score: number): NameScore {
    const q = p.norm.tokens;
    if (method === 'joined') {
      const start = this.nameTokStart[ni]!;
      const end = this.nameTokStart[ni + 1]!;
      const c: string[] = [];
      for (let j = start; j < end; j++) c.push(this.words[this.nameToks[j]!]!);
      return {
        score,
        method,
        pairs: [{ query: q.join(' '), matched: c.join(' '), similarity: round3(score) }],
      };
    }
    const pairs: TokenPair[] = [];
    this.scoreName(q, null, ni, this.directSim(p, ni), 0, pairs);
    return { score, method, pairs };
  }

  private evidence(p: PreparedQuery, ei: number, entry: WatchlistEntry, out: Contribution[]): number {
    let delta = 0;
    const add = (feature: Contribution['feature'], contribution: number, detail: string) => {
      delta += contribution;
      out.push({ feature, contribution, detail });
    };
    const ids = p.ids.filter((v) => this.byIdentifier.get(v)?.includes(ei));
    if (ids.length > 0) add('identifier', EVIDENCE.identifierMatch, `identifier ${ids[0]} is on the entry`);
    const cs = this.entryCountries[ei]!;
    if (p.country && cs.length > 0) {
      if (cs.includes(p.country)) add('country', EVIDENCE.countryMatch, `${p.country} is on the entry`);
      else add('country', EVIDENCE.countryMismatch, `${p.country} not among ${cs.join(', ')}`);
    }
    const years = this.entryBirthYears[ei]!;
    if (p.birthYear !== null && years.length > 0) {
      if (years.some((y) => Math.abs(y - p.birthYear!) <= 1)) {
        add('birth_date', EVIDENCE.birthYearMatch, `born ${years.join(' or ')}`);
      } else add('birth_date', EVIDENCE.birthYearMismatch, `entry born ${years.join(' or ')}`);
    }
    if (p.type && p.type !== 'unknown' && entry.type !== 'unknown' && p.type !== entry.type) {
      add('type', EVIDENCE.typeMismatch, `entry is a ${entry.type}`);
    }
    if (p.cityText) {
      const city = this.entryCities[ei]!.find((c) => p.cityText.includes(` ${c} `));
      if (city) add('city', EVIDENCE.cityMatch, `city ${city} is on the entry`);
    }
    return delta;
  }
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The threshold of an entry: the lowest of its programs' thresholds, else its list's, else the default. */
export function thresholdFor(e: WatchlistEntry, t: ScreeningThresholds): number {
  let th: number | undefined;
  for (const p of e.programs) {
    const v = t.programs?.[p];
    if (v !== undefined && (th === undefined || v < th)) th = v;
  }
  return th ?? t.lists?.[e.list] ?? t.default;
}
