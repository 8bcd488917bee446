/**
 * The screening index: every listed name as weighed tokens, the vocabulary (similar words through a
 * deletion-neighbourhood table, a phonetic table, postings from words to names), and the parties
 * the entries consolidate into. Candidate generation is exact for the score's definition (a name
 * whose score can reach the threshold always shares a similar core word, an initial or a joined
 * form with the query), and an upper bound on the score skips names that cannot reach it. So the
 * index returns what an exhaustive scan returns, at a fraction of the cost; `screenExhaustive` is
 * that scan.
 */
import { LIST_PRIORITY, consolidate, type Consolidation } from './consolidate.js';
import type { CountryResolver } from './countries.js';
import { CORE } from './descriptors.js';
import type { WatchlistEntry } from './entry.js';
import { EntryList } from './entry-list.js';
import { EntryFacts, type EntryFactsData, type ScreeningThresholds } from './evidence.js';
import { KINDS, buildNameTable, type NameTable } from './name-table.js';
import { MAX_TOKENS } from './normalize.js';
import type { ScreenMatch, ScreenOptions, ScreenQuery } from './screen-types.js';
import {
  EVIDENCE,
  MAX_BONUS,
  PAIR,
  partnerLength,
  round3,
  screenGluedSimilarity,
  screenSimilarity,
  screenTokenScore,
  type Contribution,
  type NameScore,
  type TokenPair,
} from './score.js';
import { spellingSimilarity } from './spelling.js';
import { readQuery, type PreparedQuery, type Reading } from './query-readings.js';
import type { WordMatches } from './vocabulary.js';

export type { ScreeningThresholds } from './evidence.js';
export { normalizeIdentifier, thresholdFor } from './evidence.js';
export type { ScreenMatch, ScreenOptions, ScreenQuery } from './screen-types.js';

interface Best {
  /** Name score after the weak-alias factor. */
  readonly score: number;
  readonly nameScore: number;
  readonly name: number;
  readonly method: NameScore['method'];
  readonly reading: number;
}

interface PartyBest {
  readonly ei: number;
  readonly b: Best;
  readonly score: number;
  readonly threshold: number;
  readonly features: Contribution[];
}

/** What building an index prepares from its entries, thresholds and countries. */
export interface BuiltIndex {
  readonly table: NameTable;
  readonly facts?: EntryFactsData;
  readonly parties?: Consolidation;
}

export class WatchlistIndex {
  /** The entries, parsed when a match reports them (entry-list.ts). */
  readonly entries: EntryList;
  readonly nameCount: number;
  readonly minThreshold: number;
  /** Which entries are one party (measured by the evaluation). */
  readonly parties: Consolidation;

  /** The names, their words and weights, the vocabulary (name-table.ts). */
  private readonly t: NameTable;
  private readonly facts: EntryFacts;
  // Query scratch (the index is used by one thread).
  private stamp = 0;
  private readonly nameStamp: Uint32Array;
  private readonly nameMask: Uint32Array;
  /** Per touched name and query word: the best similarity of that word to a word of the name. */
  private readonly nameTokSim: Float64Array;
  private readonly nameGluedSim: Float64Array;
  /** Per touched name: the whole-name spelling similarity (spelling.ts), 0 when out of budget. */
  private readonly nameSpellSim: Float64Array;
  private readonly simStamp: Uint32Array;
  private readonly simValue: Float64Array;
  private readonly strictValue: Float64Array;
  /** Whether the name being scored, or the query, has one core word (strict similarities). */
  private strictMode = false;
  private touched: Int32Array;

  /**
   * `built`: what an earlier build of the same entries, thresholds and countries prepared (the
   * artefact cache: WatchlistIndex.built).
   */
  constructor(
    entries: EntryList | readonly WatchlistEntry[],
    thresholds: ScreeningThresholds,
    private readonly countries: CountryResolver,
    built?: BuiltIndex,
  ) {
    this.entries = entries instanceof EntryList ? entries : EntryList.of(entries);
    // Parsed only for what is not built yet, and dropped after.
    let parsed: WatchlistEntry[] | null = null;
    const all = () => (parsed ??= this.entries.all());
    const t = built?.table ?? buildNameTable(all(), thresholds);
    this.t = t;
    this.minThreshold = t.minThreshold;
    this.nameCount = t.nameEntry.length;
    const readings = t.readings;
    this.facts = built?.facts
      ? new EntryFacts(built.facts)
      : EntryFacts.build(all(), countries, (name) => readings(name)[0]!.hint);
    this.parties =
      built?.parties ??
      consolidate(
        all(),
        (name) => readings(name)[0]!.tokens,
        (c) => countries.resolve(c),
      );

    const V = this.t.vocab.size;
    this.nameStamp = new Uint32Array(this.nameCount);
    this.nameMask = new Uint32Array(this.nameCount);
    this.nameTokSim = new Float64Array(this.nameCount * MAX_TOKENS);
    this.nameGluedSim = new Float64Array(this.nameCount);
    this.nameSpellSim = new Float64Array(this.nameCount);
    this.simStamp = new Uint32Array(V * MAX_TOKENS);
    this.simValue = new Float64Array(V * MAX_TOKENS);
    this.strictValue = new Float64Array(V * MAX_TOKENS);
    this.touched = new Int32Array(1024);
  }

  /** What the build prepared: the name table, the entries' facts, the parties (the artefact cache). */
  built(): Required<BuiltIndex> {
    return { table: this.t, facts: this.facts.data(), parties: this.parties };
  }

  /** Work done since the index was built: names reached through postings, and names scored. */
  readonly counters = { queries: 0, touched: 0, scored: 0 };

  /** Sizes, for status pages and benchmarks. */
  stats(): { entries: number; names: number; words: number; deletionKeys: number; parties: number } {
    let parties = 0;
    for (let i = 0; i < this.entries.length; i++) if (this.parties.primaryOf[i] === i) parties++;
    return {
      entries: this.entries.length,
      names: this.nameCount,
      words: this.t.vocab.size,
      deletionKeys: this.t.vocab.deletionKeys,
      parties,
    };
  }

  /** The entries that list the same party as entry `id` (primary first), or null if unknown. */
  sourcesOf(id: string): readonly WatchlistEntry[] | null {
    const ei = this.entries.indexOf(id);
    if (ei < 0) return null;
    return this.membersOf(this.parties.primaryOf[ei]!);
  }

  private membersOf(primary: number): readonly WatchlistEntry[] {
    const m = this.parties.members.get(primary);
    return m ? m.map((i) => this.entries.at(i)) : [this.entries.at(primary)];
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.nameStamp.fill(0);
      this.simStamp.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** Matches at or above each entry's threshold (or `minScore`), best first, one per party. */
  screen(query: ScreenQuery, opts: ScreenOptions = {}): ScreenMatch[] {
    const p = readQuery(query, this.countries);
    const floor = opts.minScore ?? this.minThreshold;
    const best = new Map<number, Best>();
    this.counters.queries++;
    p.readings.forEach((r, ri) => this.collect(r, ri, floor, best));
    return this.finish(p, best, floor, opts);
  }

  /** Scores the names one reading of the query can reach through the index into `best`. */
  private collect(r: Reading, ri: number, floor: number, best: Map<number, Best>): void {
    const q = r.norm.tokens;
    if (q.length === 0) return;
    // Word matches first (the vocabulary keeps its own scratch).
    const perToken = q.map((t) => this.t.vocab.matchesOf(t, false));
    const gluedMatches = r.norm.glued ? this.t.vocab.matchesOf(r.norm.glued, true) : null;
    const stamp = this.nextStamp();
    const need = floor - MAX_BONUS;
    // Late words only complete names found through the others. Descriptors are late whenever the
    // query has a core word: a name reached through descriptors alone has no pair of core words.
    // Then the core words whose postings are longest, as long as the late words together cannot
    // lift a name to the threshold (exact: see `bound`).
    let late = 0;
    let mq = 0;
    let mc = 0;
    for (let i = 0; i < q.length; i++) if (r.initial[i]) mq += 1;
    if (r.cores > 0) {
      for (let i = 0; i < q.length; i++) {
        if (r.classes[i] === CORE || r.initial[i]) continue;
        late |= 1 << i;
        mq += r.weights[i]!;
        mc += partnerLength(q[i]!.length);
      }
    }
    if (!r.hasInitial && (mq + mc) / (r.total + mc) < need) {
      const order: number[] = [];
      for (let i = 0; i < q.length; i++) if (!(late & (1 << i)) && !r.initial[i]) order.push(i);
      order.sort((a, b) => perToken[b]!.postings - perToken[a]!.postings);
      for (const i of order) {
        const nmq = mq + r.weights[i]!;
        const nmc = mc + partnerLength(q[i]!.length);
        if ((nmq + nmc) / (r.total + nmc) >= need) break;
        mq = nmq;
        mc = nmc;
        late |= 1 << i;
      }
    }
    let n = 0;
    const visit = (i: number, mayTouch: boolean) => {
      const m = perToken[i]!;
      const bit = 1 << i;
      const k = m.ids.length;
      for (let x = 0; x < k; x++) {
        const v = m.ids[x]!;
        const sim = m.sims[x]!;
        const g = m.sims[2 * k + x]!;
        for (let y = this.t.vocab.postStart[v]!, end = this.t.vocab.postStart[v + 1]!; y < end; y++) {
          const pv = this.t.vocab.postData[y]!;
          const ni = pv >> 1;
          const glued = (pv & 1) === 1;
          // A word scores against a listed word; against a listed joined form only when the
          // query is one word.
          if (glued ? q.length !== 1 || g === 0 : sim === 0) continue;
          if (this.nameStamp[ni] !== stamp) {
            if (!mayTouch && !this.t.nameHasInitial[ni]) continue;
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
    for (let i = 0; i < q.length; i++) if (!(late & (1 << i))) visit(i, true);
    if (gluedMatches) n = this.visitGlued(gluedMatches, stamp, n);
    this.spellCount = n;
    this.t.spelling.find(r.norm.full, r.letters, this.spelt);
    n = this.spellCount;
    for (let i = 0; i < q.length; i++) if (late & (1 << i)) visit(i, false);
    const V = this.t.vocab.size;
    for (let i = 0; i < q.length; i++) {
      const m = perToken[i]!;
      const k = m.ids.length;
      for (let x = 0; x < k; x++) {
        const at = i * V + m.ids[x]!;
        this.simStamp[at] = stamp;
        this.simValue[at] = m.sims[x]!;
        this.strictValue[at] = m.sims[k + x]!;
      }
    }
    this.counters.touched += n;
    for (let t = 0; t < n; t++) {
      const ni = this.touched[t]!;
      // Joined forms compare names written in a different number of words only.
      const g = this.wordCount(ni) !== q.length ? this.nameGluedSim[ni]! : 0;
      const sp = this.nameSpellSim[ni]!;
      if (g === 0 && sp < need && this.bound(r, ni) < need) continue;
      this.counters.scored++;
      this.consider(best, ni, ri, this.scoreName(r, ni, this.cachedSim, g, sp));
    }
  }

  /** Touched names while the spelling table reports (see `spelt`). */
  private spellCount = 0;

  /** A listed name spelt within the budget of the query's spelling: a candidate. */
  private readonly spelt = (ni: number, similarity: number): void => {
    if (this.nameStamp[ni] !== this.stamp) this.spellCount = this.touch(ni, this.stamp, this.spellCount);
    if (similarity > this.nameSpellSim[ni]!) this.nameSpellSim[ni] = similarity;
  };

  /** Joined query against a joined listed name, or against a one-word listed name. */
  private visitGlued(m: WordMatches, stamp: number, n: number): number {
    const k = m.ids.length;
    for (let x = 0; x < k; x++) {
      const v = m.ids[x]!;
      const g = m.sims[2 * k + x]!;
      for (let y = this.t.vocab.postStart[v]!, end = this.t.vocab.postStart[v + 1]!; y < end; y++) {
        const pv = this.t.vocab.postData[y]!;
        const ni = pv >> 1;
        if (!(pv & 1) && !this.isSingle(ni)) continue;
        if (this.nameStamp[ni] !== stamp) n = this.touch(ni, stamp, n);
        if (g > this.nameGluedSim[ni]!) this.nameGluedSim[ni] = g;
      }
    }
    return n;
  }

  /** Starts a name's per-query state and appends it to the touched list; returns the new count. */
  private touch(ni: number, stamp: number, n: number): number {
    this.nameStamp[ni] = stamp;
    this.nameMask[ni] = 0;
    this.nameGluedSim[ni] = 0;
    this.nameSpellSim[ni] = 0;
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
    const at = i * this.t.vocab.size + this.t.nameToks[this.wordStart + j]!;
    if (this.simStamp[at] !== this.stamp) return 0;
    return this.strictMode ? this.strictValue[at]! : this.simValue[at]!;
  };

  private consider(best: Map<number, Best>, ni: number, reading: number, nameScore: number): void {
    if (nameScore <= 0) return;
    const ei = this.t.nameEntry[ni]!;
    const s = nameScore * (this.t.nameKind[ni] === 2 ? EVIDENCE.weakAliasFactor : 1);
    const prev = best.get(ei);
    if (!prev || s > prev.score) {
      best.set(ei, { score: s, nameScore, name: ni, method: this.lastMethod, reading });
    }
  }

  /** Every name scored, no index: the reference the index is measured against. */
  screenExhaustive(query: ScreenQuery, opts: ScreenOptions = {}): ScreenMatch[] {
    const p = readQuery(query, this.countries);
    const floor = opts.minScore ?? this.minThreshold;
    const best = new Map<number, Best>();
    p.readings.forEach((r, ri) => {
      if (r.norm.tokens.length === 0) return;
      for (let ni = 0; ni < this.nameCount; ni++) {
        this.consider(best, ni, ri, this.scoreName(r, ni, this.directSim(r, ni), -1, -1));
      }
    });
    return this.finish(p, best, floor, opts);
  }

  private isSingle(ni: number): boolean {
    return this.wordCount(ni) === 1;
  }

  private wordCount(ni: number): number {
    return this.t.nameTokStart[ni + 1]! - this.t.nameTokStart[ni]!;
  }

  private directSim(r: Reading, ni: number): (i: number, j: number) => number {
    const start = this.t.nameTokStart[ni]!;
    const q = r.norm.tokens;
    const keys = r.keys();
    return (i, j) => {
      const v = this.t.nameToks[start + j]!;
      const s = screenSimilarity(q[i]!, keys[i]!, this.t.vocab.words[v]!, this.t.vocab.keys[v]!);
      return this.strictMode ? PAIR.strict : s;
    };
  }

  /**
   * Upper bound of the token score from the query words a name shares and how alike they are: a
   * pair earns at most its similarity times the query word's weight plus the listed word's, and
   * a listed word weighs at most its length, itself at most {@link partnerLength} of the query
   * word's (edit allowance, phonetic length ratio); the listed words weigh Wc in all. Initials
   * count as full matches.
   */
  private bound(r: Reading, ni: number): number {
    if (this.t.nameHasInitial[ni]) return 1;
    const mask = this.nameMask[ni]!;
    let mq = 0;
    let mc = 0;
    let top = 0;
    const q = r.norm.tokens;
    for (let i = 0; i < q.length; i++) {
      const s = r.initial[i] ? 1 : mask & (1 << i) ? this.nameTokSim[ni * MAX_TOKENS + i]! : 0;
      if (s === 0) continue;
      mq += s * r.weights[i]!;
      mc += s * partnerLength(q[i]!.length);
      if (s > top) top = s;
    }
    const wc = this.t.nameWeight[ni]!;
    if (r.hasInitial) mc = wc;
    return (mq + Math.min(top * wc, mc)) / (r.total + wc);
  }

  /** Reads the words of the name being scored (see `wordStart`). */
  private wordStart = 0;
  private readonly cWord = (j: number): string => this.t.vocab.words[this.t.nameToks[this.wordStart + j]!]!;
  private readonly cWeight = (j: number): number => this.t.nameTokWeight[this.wordStart + j]!;
  private readonly cClass = (j: number): number => this.t.nameTokClass[this.wordStart + j]!;
  /** How the last `scoreName` scored: by tokens or by joined forms. */
  private lastMethod: NameScore['method'] = 'tokens';

  /**
   * The name score: the token score, or the joined-form or spelling similarity when higher.
   * `gluedSim` or `spellSim` < 0 asks for it to be compared here (exhaustive scan).
   */
  private scoreName(
    r: Reading,
    ni: number,
    simOf: (i: number, j: number) => number,
    gluedSim: number,
    spellSim: number,
    pairsOut?: TokenPair[],
  ): number {
    const q = r.norm.tokens;
    const start = this.t.nameTokStart[ni]!;
    const len = this.t.nameTokStart[ni + 1]! - start;
    this.wordStart = start;
    this.strictMode = r.cores <= 1 || this.t.nameCores[ni]! <= 1;
    const ts = screenTokenScore(
      q,
      r.weights,
      r.classes,
      len,
      this.cWord,
      this.cWeight,
      this.cClass,
      simOf,
      pairsOut,
    );
    let g = gluedSim;
    if (g < 0) {
      g = 0;
      const qGlued = r.norm.glued;
      const gid = this.t.nameGlued[ni]!;
      const cGlued = gid >= 0 ? this.t.vocab.words[gid]! : null;
      if (q.length !== len) {
        if (qGlued && cGlued) g = screenGluedSimilarity(qGlued, cGlued);
        if (qGlued && len === 1) g = Math.max(g, screenGluedSimilarity(qGlued, this.cWord(0)));
        if (q.length === 1 && cGlued) g = Math.max(g, screenGluedSimilarity(q[0]!, cGlued));
      }
    }
    const sp =
      spellSim >= 0
        ? spellSim
        : spellingSimilarity(r.norm.full, this.t.nameSpelling[ni]!, this.t.nameLetters[ni]!);
    const best = g > ts ? g : ts;
    this.lastMethod = sp > best ? 'spelling' : g > ts ? 'joined' : 'tokens';
    return sp > best ? sp : best;
  }

  private finish(
    p: PreparedQuery,
    best: Map<number, Best>,
    floor: number,
    opts: ScreenOptions,
  ): ScreenMatch[] {
    // Identifier matches are candidates whatever the name says.
    for (const id of p.ids) {
      for (const ei of this.facts.withIdentifier(id)) {
        if (best.has(ei)) continue;
        let top: Best | null = null;
        p.readings.forEach((r, ri) => {
          for (let ni = this.t.entryNameStart[ei]!; ni < this.t.entryNameStart[ei + 1]!; ni++) {
            const s = this.scoreName(r, ni, this.directSim(r, ni), -1, -1);
            if (!top || s > top.score) {
              top = { score: s, nameScore: s, name: ni, method: this.lastMethod, reading: ri };
            }
          }
        });
        if (top) best.set(ei, top);
      }
    }
    // The best entry of each party: the highest score, the primary publisher's on a tie.
    const parties = new Map<number, PartyBest>();
    for (const [ei, b] of best) {
      const threshold = opts.minScore ?? this.t.entryThreshold[ei]!;
      // Evidence adds at most MAX_BONUS, unless an identifier matches.
      if (b.score + MAX_BONUS < Math.max(threshold, floor) && p.ids.length === 0) continue;
      const features: Contribution[] = [];
      let score = b.score;
      if (this.t.nameKind[b.name] === 2) {
        features.push({
          feature: 'weak_alias',
          contribution: round3(b.score - b.nameScore),
          detail: 'matched a weak (low-quality) alias',
        });
      }
      score += this.facts.weigh(p, ei, features);
      // An identifier the entry carries (passport, LEI, registration number) identifies it,
      // whatever the names say.
      if (features.some((f) => f.feature === 'identifier')) score = Math.max(score, EVIDENCE.identifierFloor);
      score = Math.max(0, Math.min(1, score));
      if (score < threshold || score < floor) continue;
      const primary = this.parties.primaryOf[ei]!;
      const prev = parties.get(primary);
      if (!prev || score > prev.score || (score === prev.score && this.rank(ei) < this.rank(prev.ei))) {
        parties.set(primary, { ei, b, score, threshold, features });
      }
    }
    const out: ScreenMatch[] = [];
    for (const [primary, { ei, b, score, threshold, features }] of parties) {
      const ns = this.pairsFor(p.readings[b.reading]!, b.name, b.method, b.nameScore);
      out.push({
        entry: this.entries.at(primary),
        sources: this.membersOf(primary),
        matchedEntry: this.entries.at(ei),
        score: round3(score),
        threshold,
        matchedName: this.t.nameText[b.name]!,
        nameKind: KINDS[this.t.nameKind[b.name]!]!,
        explanation: {
          name: ns,
          features: [{ feature: 'name', contribution: round3(b.nameScore), detail: ns.method }, ...features],
        },
      });
    }
    // Ties: the primary publisher's party first (an SDN entry before a CSL row nobody linked).
    out.sort(
      (a, b) =>
        b.score - a.score ||
        listRank(a.entry.list) - listRank(b.entry.list) ||
        a.entry.id.localeCompare(b.entry.id),
    );
    return opts.limit ? out.slice(0, opts.limit) : out;
  }

  /** The position of an entry among its party's sources (0: the primary). */
  private rank(ei: number): number {
    const m = this.parties.members.get(this.parties.primaryOf[ei]!);
    return m ? m.indexOf(ei) : 0;
  }

  /** The name's token pairs, for the explanation (only for reported matches). */
  private pairsFor(r: Reading, ni: number, method: NameScore['method'], score: number): NameScore {
    const q = r.norm.tokens;
    if (method === 'spelling') {
      return {
        score,
        method,
        pairs: [{ query: r.norm.full, matched: this.t.nameSpelling[ni]!, similarity: round3(score) }],
      };
    }
    if (method === 'joined') {
      const start = this.t.nameTokStart[ni]!;
      const end = this.t.nameTokStart[ni + 1]!;
      const c: string[] = [];
      for (let j = start; j < end; j++) c.push(this.t.vocab.words[this.t.nameToks[j]!]!);
      return {
        score,
        method,
        pairs: [{ query: q.join(' '), matched: c.join(' '), similarity: round3(score) }],
      };
    }
    const pairs: TokenPair[] = [];
    this.scoreName(r, ni, this.directSim(r, ni), 0, 0, pairs);
    return { score, method, pairs };
  }
}

function listRank(list: string): number {
  const r = LIST_PRIORITY.indexOf(list);
  return r < 0 ? LIST_PRIORITY.length : r;
}
