/**
 * The classifier's candidate search: what a description's searches find and how each candidate
 * line is described. The query (query.ts) is searched in the three BM25 indices of the tariff
 * tree (headings, subheadings, 10-digit lines; tree.ts) and in the labeled examples' index (the
 * nearest examples vote for their chapter, heading, subheading and line); the candidates — lines
 * that matched well and every line of the best subheadings — are ordered by the hand-weighted
 * score, and the best are described by the ranker's features (features.ts). The model
 * (model.ts) weighs them with its learned weights.
 *
 * One query at a time: the searches' answers stay in their indices until the next search
 * (Bm25Index.run), and the marks and head-noun weights here are allocated once and reused.
 */
import { SharedTerms, type Bm25Index, type ReadonlyNumbers } from '../../../kernel/text/bm25.js';
import { nth } from '../../../kernel/nth.js';
import { classifierText, headPhrase } from './text.js';
import type { WordNet } from './wordnet.js';
import { tariffHints } from './rules.js';
import { QueryReader } from './query.js';
import { titlesWith, type Line, type TariffTree, type TitleIndex } from './tree.js';
import { FEATURES } from './features.js';
import { linearFeatures } from './linear.js';
import { linearScore, logOf, type LinearFolds } from './linear-folds.js';
import type { ClassifierParams, LabeledExample } from './types.js';
import { packProbe, unpackProbe, type PackedProbe, type Probe, type Scored } from './probe.js';

/** Candidates ranked by the learned weights: the best this many subheadings by the hand weights. */
export const POOL = 30;

/** Descriptions whose searches are kept per model (the map is dropped when full). */
const KEPT_PROBES = 20_000;

/** Matched lines ranked at most: the best by their own score (ties at the cut all kept). */
const MAX_LINE_CANDIDATES = 200;
/** Postings in more lines than this are skipped at the line level ("other", "of steel"). */
const MAX_LINE_DF = 4000;

/** What the search is built from (the model's build). */
export interface SearchInputs {
  readonly tree: TariffTree;
  /** Each 10-digit line's index in the tree. */
  readonly lineIndex: ReadonlyMap<string, number>;
  /** The labeled examples, each one's weight (its corpus's, SOURCE_WEIGHTS) and their index. */
  readonly examples: readonly LabeledExample[];
  readonly weightOf: Float64Array;
  readonly R: Bm25Index;
  /** The WordNet queries are expanded with (null: none). */
  readonly wordnet: WordNet | null;
  /** The linear model (null: off). */
  readonly linear: LinearFolds | null;
}

/** A description's candidate pool (CandidateSearch.pool). */
export interface Pool {
  /** Each candidate subheading's best line and the ranker's features of it. */
  readonly items: { l: number; x: Float64Array }[];
  readonly q: Map<string, number>;
  /** The nearest labeled examples (index, similarity), nearest first. */
  readonly nn: { i: number; v: number }[];
  /** The tariff-note rules that read the description. */
  readonly notes: readonly string[];
}

export class CandidateSearch {
  private readonly lines: Line[];
  private readonly headings: string[];
  private readonly linesOfSub: number[][];
  private readonly subsOfHeading: number[][];
  private readonly headingIndex: Map<string, number>;
  private readonly H: Bm25Index;
  private readonly S: Bm25Index;
  private readonly L: Bm25Index;
  private readonly R: Bm25Index;
  /** Each heading's and subheading's own words (HTS and HS texts), and whether a subheading is "Other". */
  /** The headings and subheadings whose own words hold a word (tree.ts). */
  private readonly titles: TitleIndex;
  private readonly residual: number[];
  /** Whether a subheading (its own text or labels) is for parts. */
  private readonly partsSub: number[];
  /** Examples per chapter number, and the prior it gives. */
  private readonly chapterCounts = new Float64Array(100);
  /** Each example's weight (its corpus's, SOURCE_WEIGHTS) and their sum. */
  private readonly weightOf: Float64Array;
  private readonly totalWeight: number;
  private readonly prior = new Float64Array(100);
  /**
   * Each example's chapter, heading, subheading and line (indices; -1 when not in the tariff):
   * example `i`'s at `4i .. 4i + 3` (one array, not an object an example: ADR 0039).
   */
  private readonly exampleAt: Int32Array;
  /** A candidate mark per line (one query at a time). */
  private readonly mark: Uint8Array;
  /** Per heading and subheading, the weight of the head noun's best word in its own words (withNounWeights). */
  private readonly nounH: Float64Array;
  private readonly nounS: Float64Array;
  /** The hierarchical linear model (null: off). */
  private readonly linear: LinearFolds | null;
  /** Reads descriptions into weighted query terms (query.ts). */
  private readonly reader: QueryReader;
  /** The four indices' terms in one dictionary (H, S, L, R in that order): a query's term looked up once. */
  private readonly shared: SharedTerms;
  /**
   * The probe's query read into the shared dictionary: term j's place in index i at
   * places[i * stride + j], its weight weights[j], its rarity rarities[j] (grown as queries need).
   */
  private stride = 64;
  private places = new Int32Array(4 * 64);
  private weights = new Float64Array(64);
  private rarities = new Float64Array(64);
  /** A new description's searches, by its text (`pool`), packed (probe.ts). */
  private readonly probes = new Map<string, PackedProbe | null>();

  constructor(
    private readonly params: ClassifierParams,
    inputs: SearchInputs,
  ) {
    const { tree, lineIndex } = inputs;
    ({
      lines: this.lines,
      headings: this.headings,
      linesOfSub: this.linesOfSub,
      subsOfHeading: this.subsOfHeading,
      headingIndex: this.headingIndex,
      titles: this.titles,
      residual: this.residual,
      partsSub: this.partsSub,
      H: this.H,
      S: this.S,
      L: this.L,
    } = tree);
    this.R = inputs.R;
    this.linear = inputs.linear;
    this.reader = new QueryReader(params, inputs.wordnet, this.L, this.S, this.R);
    this.shared = new SharedTerms([this.H, this.S, this.L, this.R]);
    this.exampleAt = new Int32Array(inputs.examples.length * 4);
    inputs.examples.forEach((e, i) => {
      this.exampleAt[4 * i] = Number(e.hts.slice(0, 2));
      this.exampleAt[4 * i + 1] = tree.headingIndex.get(e.hts.slice(0, 4)) ?? -1;
      this.exampleAt[4 * i + 2] = tree.subIndex.get(e.hts.slice(0, 6)) ?? -1;
      this.exampleAt[4 * i + 3] = lineIndex.get(e.hts) ?? -1;
    });
    this.weightOf = inputs.weightOf;
    for (let i = 0; i < inputs.examples.length; i++)
      this.chapterCounts[this.exampleAt[4 * i]!]! += this.weightOf[i]!;
    this.totalWeight = this.weightOf.reduce((a, v) => a + v, 0);
    const total = this.totalWeight;
    for (let c = 0; c < 100; c++) {
      const n = this.chapterCounts[c]!;
      this.prior[c] = total > 0 && n > 0 ? Math.log(1 + n) / Math.log(1 + total) : 0;
    }
    this.mark = new Uint8Array(this.lines.length);
    this.nounH = new Float64Array(this.headings.length);
    this.nounS = new Float64Array(tree.subheadings.length);
  }

  /**
   * The candidate pool of a description: the best `top` (at least POOL) subheadings by the
   * hand-weighted score, each its best line with the ranker's features, and those of `force`
   * (every line of each weighed). What a description's searches find does not depend on `force`:
   * for a new description (`exclude` < 0) it is kept (`probes`), so the misdeclaration check of the
   * same description under another declared code weighs only that code's lines.
   */
  pool(text: string, top: number, exclude: number, force: readonly number[] = []): Pool | null {
    const keep = Math.max(top, POOL);
    const F = FEATURES.length;
    // A new description's searches are kept (packed once its rows are added, below).
    const memo = exclude < 0 && keep === POOL;
    const packed = memo ? this.probes.get(text) : undefined;
    const probe = packed ? unpackProbe(packed, F) : packed === null ? null : this.probe(text, exclude, keep);
    const isNew = memo && packed === undefined;
    if (isNew && this.probes.size >= KEPT_PROBES) this.probes.clear();
    if (!probe) {
      if (isNew) this.probes.set(text, null);
      return null;
    }
    // The forced subheadings: each one's best line over all its lines (the same order as among
    // the candidates: score, then the lower number), in place of the one the candidates gave.
    let ranked = probe.ranked;
    const forced = new Map<number, Scored>();
    for (const s of force) {
      let best: Scored | null = null;
      const lines = this.linesOfSub[s]!;
      if (lines.length === 0) continue;
      // The lines of a subheading share its heading: those two searches' scores are read once.
      const first = this.lines[lines[0]!]!;
      const fresh = this.answered(probe);
      const hv = fresh ? this.H.scores[first.h]! : this.H.scoreOf(probe.q, first.h).score;
      const sv = fresh ? this.S.scores[s]! : this.S.scoreOf(probe.q, s).score;
      for (const l of lines) {
        const line = this.lines[l]!;
        const lv = fresh ? this.L.scores[l]! : this.L.scoreOf(probe.q, l, MAX_LINE_DF, probe.rarity).score;
        const fused = this.fusedOf(probe, l, hv, sv, lv);
        if (!best || fused > best.fused || (fused === best.fused && line.hts < this.lines[best.l]!.hts))
          best = { l, fused };
      }
      if (!best) continue;
      const prev = forced.get(s) ?? probe.ranked.find((r) => this.lines[r.l]!.s === s);
      if (prev && prev.l === best.l) {
        forced.set(s, prev);
        continue;
      }
      forced.set(s, best);
      ranked = ranked.filter((r) => r !== prev);
      let at = 0;
      while (at < ranked.length && this.before(ranked[at]!, best)) at++;
      ranked = [...ranked.slice(0, at), best, ...ranked.slice(at)];
    }
    const kept = ranked.slice(0, keep);
    for (const s of force) {
      const b = forced.get(s) ?? probe.ranked.find((r) => this.lines[r.l]!.s === s);
      if (b && !kept.includes(b)) kept.push(b);
    }
    const missing = kept.filter(({ l }) => !probe.xs.has(l));
    if (missing.length > 0) {
      this.withNounWeights(probe, () => {
        for (const { l } of missing) probe.xs.set(l, this.featuresOf(probe, l, this.scoresOf(probe, l)));
      });
    }
    // Kept with any new rows, as a later check of the description may pool the same lines.
    if (isNew || (memo && missing.length > 0)) this.probes.set(text, packProbe(probe, F));
    const items = kept.map(({ l }) => ({ l, x: probe.xs.get(l)! }));
    return { items, q: probe.q, nn: probe.nn, notes: probe.hints?.notes ?? [] };
  }

  /**
   * Whether the indices still hold the answers of the probe's own searches (no search ran since):
   * a line's scores are then read from them, not summed again (Bm25Index.scoreOf gives the same).
   */
  private answered(probe: Probe): boolean {
    return this.H.runs === probe.runs[0] && this.S.runs === probe.runs[1] && this.L.runs === probe.runs[2];
  }

  /** A line's search scores (heading, subheading, line, coverage) as the probe's searches gave them. */
  private scoresOf(probe: Probe, l: number): { h: number; s: number; l: number; c: number } {
    const line = this.lines[l]!;
    if (this.answered(probe)) {
      return {
        h: this.H.scores[line.h]!,
        s: this.S.scores[line.s]!,
        l: this.L.scores[l]!,
        c: this.L.covers[l]!,
      };
    }
    const { score, covered } = this.L.scoreOf(probe.q, l, MAX_LINE_DF, probe.rarity);
    return {
      h: this.H.scoreOf(probe.q, line.h).score,
      s: this.S.scoreOf(probe.q, line.s).score,
      l: score,
      c: covered,
    };
  }

  /** The ranker's features of a candidate line. */
  private featuresOf(
    probe: Probe,
    l: number,
    v: { h: number; s: number; l: number; c: number },
    x = new Float64Array(FEATURES.length),
  ): Float64Array {
    const { hints, lin, qMass } = probe;
    const line = this.lines[l]!;
    x[0] = v.h / probe.hN;
    x[1] = v.s / probe.sN;
    x[2] = v.l / probe.lN;
    x[3] = probe.vChapter.get(line.chapter) ?? 0;
    x[4] = probe.vHeading.get(line.h) ?? 0;
    x[5] = probe.vSub.get(line.s) ?? 0;
    x[6] = probe.vLine.get(l) ?? 0;
    x[7] = this.priorOf(line.chapter, probe.exclude);
    // The head noun's best word in the heading's and subheading's own words (withNounWeights).
    x[8] = this.nounH[line.h]!;
    x[9] = this.nounS[line.s]!;
    x[10] = qMass > 0 ? v.c / qMass : 0;
    x[11] = this.residual[line.s]!;
    x[12] = hints?.headings.get(this.headings[line.h]!) ?? 0;
    x[13] = hints?.chapters.get(this.headings[line.h]!.slice(0, 2)) ?? 0;
    x[14] = this.partsSub[line.s]! * (hints?.parts ? 1 : -1);
    if (lin) {
      x[15] = logOf(lin.pChapter(line.chapter));
      x[16] = logOf(lin.pHeading(line.chapter, line.h));
      x[17] = logOf(lin.pSub(line.h, line.s));
    }
    return x;
  }

  /** Whether a scored line ranks before another: higher score, then the lower number. */
  private before(a: Scored, b: Scored): boolean {
    return a.fused > b.fused || (a.fused === b.fused && this.lines[a.l]!.hts < this.lines[b.l]!.hts);
  }

  /** The chapter prior, without example `exclude` when one is left out. */
  private priorOf(chapter: number, exclude: number): number {
    if (exclude < 0) return this.prior[chapter]!;
    if (chapter !== this.exampleAt[4 * exclude]) return this.priorLoo(chapter, exclude);
    const n = (this.chapterCounts[chapter] ?? 0) - this.weightOf[exclude]!;
    const total = this.totalWeight - this.weightOf[exclude]!;
    return total > 0 && n > 0 ? Math.log(1 + n) / Math.log(1 + total) : 0;
  }

  /** A line's hand-weighted score from its heading's, subheading's and own search scores. */
  private fusedOf(probe: Probe, l: number, hv: number, sv: number, lv: number): number {
    const p = this.params;
    const line = this.lines[l]!;
    return (
      p.heading * (hv / probe.hN) +
      p.subheading * (sv / probe.sN) +
      p.line * (lv / probe.lN) +
      p.knnChapter * (probe.vChapter.get(line.chapter) ?? 0) +
      p.knnHeading * (probe.vHeading.get(line.h) ?? 0) +
      p.knnSubheading * (probe.vSub.get(line.s) ?? 0) +
      p.knnLine * (probe.vLine.get(l) ?? 0) +
      p.prior * this.priorOf(line.chapter, probe.exclude) +
      p.rules * (probe.hints?.headings.get(this.headings[line.h]!) ?? 0) +
      (probe.lin ? linearScore(probe.lin, line, p) : 0)
    );
  }

  /**
   * What a description's searches find: the query, the matched headings, subheadings and lines
   * with their scores, the nearest examples' votes, and the candidates — lines that matched well
   * and every line of the best subheadings — ranked by the hand-weighted score (best per
   * subheading). Null when no word is known.
   */
  private probe(text: string, exclude: number, keep: number): Probe | null {
    const p = this.params;
    text = classifierText(text, p.passage);
    const headText = headPhrase(text);
    const hints = p.rules > 0 ? tariffHints(text, headText) : null;
    const q = this.reader.query(text, headText, hints);
    if (q.size === 0) return null;
    const lin = this.linear?.of(exclude).reader(linearFeatures(text, headText)) ?? null;
    // Each search's answer stays in its index until that index's next search (Bm25Index.runAt):
    // scores by heading, subheading and line (0 where not found), and each line's coverage.
    // The query's terms looked up once for the four searches (SharedTerms): the same sums in the
    // same order as each index's run of the query.
    if (q.size > this.stride) {
      this.stride = Math.max(q.size, 2 * this.stride);
      this.places = new Int32Array(4 * this.stride);
      this.weights = new Float64Array(this.stride);
      this.rarities = new Float64Array(this.stride);
    }
    const { places, weights, rarities, stride } = this;
    const m = this.shared.read(q, places, weights, stride);
    const nH = this.H.runAt(places, 0, weights, m);
    const hBuf = this.H.scores;
    const nS = this.S.runAt(places, stride, weights, m);
    const sBuf = this.S.scores;
    const sT = this.S.found;
    // Each query word's weight × rarity: the coverage of a line is the share of it the line holds.
    const rarity = new Map<string, number>();
    let qMass = 0;
    let j = 0;
    for (const [t, w] of q) {
      const v = w * this.L.idfAt(places[2 * stride + j]!);
      rarities[j++] = v;
      rarity.set(t, v);
      qMass += v;
    }
    const nL = this.L.runAt(places, 2 * stride, weights, m, MAX_LINE_DF, rarities);
    const lBuf = this.L.scores;
    const cBuf = this.L.covers;
    const lT = this.L.found;
    const hMax = maxOf(hBuf, this.H.found, nH);
    const sMax = maxOf(sBuf, sT, nS);
    const lMax = maxOf(lBuf, lT, nL);
    // Nearest labeled examples: the k best, kept in order as they come.
    const nn: { i: number; v: number }[] = [];
    const nR = this.R.runAt(places, 3 * stride, weights, m);
    const rFound = this.R.found;
    const rScores = this.R.scores;
    for (let j = 0; j < nR; j++) {
      const d = rFound[j]!;
      const v = rScores[d]!;
      if (d === exclude) continue;
      if (
        nn.length === p.k &&
        (v < nn[nn.length - 1]!.v || (v === nn[nn.length - 1]!.v && d > nn[nn.length - 1]!.i))
      )
        continue;
      let at = nn.length;
      while (at > 0 && (nn[at - 1]!.v < v || (nn[at - 1]!.v === v && nn[at - 1]!.i > d))) at--;
      nn.splice(at, 0, { i: d, v });
      if (nn.length > p.k) nn.pop();
    }
    const nnMax = nn[0]?.v ?? 1;
    const vChapter = new Map<number, number>();
    const vHeading = new Map<number, number>();
    const vSub = new Map<number, number>();
    const vLine = new Map<number, number>();
    const add = (m: Map<number, number>, k: number, v: number) => {
      if (k >= 0) m.set(k, (m.get(k) ?? 0) + v);
    };
    for (const { i, v } of nn) {
      const at = this.exampleAt;
      const w = (v / nnMax) ** p.knnPower * this.weightOf[i]!;
      add(vChapter, at[4 * i]!, w);
      add(vHeading, at[4 * i + 1]!, w);
      add(vSub, at[4 * i + 2]!, w);
      add(vLine, at[4 * i + 3]!, w);
    }
    // Candidates: lines that matched well, and every line of the best subheadings. A line below a
    // fifth of the best line's score, or below the 200 best, adds little and costs much (long
    // texts match thousands).
    const cand: number[] = [];
    const mark = this.mark;
    const least = 0.2 * lMax;
    for (let j = 0; j < nL; j++) if (lBuf[lT[j]!]! >= least) cand.push(lT[j]!);
    if (cand.length > MAX_LINE_CANDIDATES) {
      // Only the best lines: the cut at the MAX_LINE_CANDIDATES-th best score (by selection).
      const vs = new Float64Array(cand.length);
      for (let j = 0; j < cand.length; j++) vs[j] = lBuf[cand[j]!]!;
      const floor = nth(vs, cand.length - MAX_LINE_CANDIDATES);
      let k = 0;
      for (const l of cand) if (lBuf[l]! >= floor) cand[k++] = l;
      cand.length = k;
    }
    for (const l of cand) mark[l] = 1;
    const topSubs: number[] = [];
    for (let j = 0; j < nS; j++) {
      const s = sT[j]!;
      if (topSubs.length === 12 && sBuf[s]! <= sBuf[topSubs[11]!]!) continue;
      let at = topSubs.length;
      while (at > 0 && sBuf[topSubs[at - 1]!]! < sBuf[s]!) at--;
      topSubs.splice(at, 0, s);
      if (topSubs.length > 12) topSubs.pop();
    }
    // Every subheading of a heading a rule points to, and every one a nearest example is in.
    for (const code of hints?.headings.keys() ?? []) {
      const h = this.headingIndex.get(code);
      if (h !== undefined) topSubs.push(...this.subsOfHeading[h]!);
    }
    for (const sub of vSub.keys()) topSubs.push(sub);
    // Every subheading of the headings the linear model finds likeliest.
    if (lin && p.lrCandidates > 0) {
      const hs: { h: number; v: number }[] = [];
      for (const c of lin.bestChapters(3)) {
        for (const h of this.linear!.tree.headingsOfChapter.get(c) ?? []) {
          hs.push({ h, v: lin.pChapter(c) * lin.pHeading(c, h) });
        }
      }
      hs.sort((a, b) => b.v - a.v || a.h - b.h);
      for (const { h } of hs.slice(0, p.lrCandidates)) topSubs.push(...this.subsOfHeading[h]!);
    }
    for (const s of topSubs) {
      for (const l of this.linesOfSub[s]!) {
        if (mark[l] === 0) {
          mark[l] = 1;
          cand.push(l);
        }
      }
    }
    const probe: Probe = {
      exclude,
      q,
      nn,
      hints,
      lin,
      noun: this.reader.headNoun(headText),
      qMass,
      hN: hMax || 1,
      sN: sMax || 1,
      lN: lMax || 1,
      rarity,
      xs: new Map(),
      runs: [this.H.runs, this.S.runs, this.L.runs],
      vChapter,
      vHeading,
      vSub,
      vLine,
      ranked: [],
    };
    const bestPerSub = new Map<number, Scored>();
    for (const l of cand) {
      mark[l] = 0;
      const line = this.lines[l]!;
      const fused = this.fusedOf(probe, l, hBuf[line.h]!, sBuf[line.s]!, lBuf[l]!);
      const prev = bestPerSub.get(line.s);
      if (!prev || fused > prev.fused || (fused === prev.fused && line.hts < this.lines[prev.l]!.hts)) {
        bestPerSub.set(line.s, { l, fused });
      }
    }
    // Only the best `keep` are ever pooled: a forced subheading's best line ranks no lower than the
    // line it replaces (it is the best of more lines), so the cut never needs the next one.
    probe.ranked = [...bestPerSub.values()]
      .sort((a, b) => b.fused - a.fused || (this.lines[a.l]!.hts < this.lines[b.l]!.hts ? -1 : 1))
      .slice(0, keep);
    // The ranked lines' features in one block (a vector of its own is an allocation outside the heap).
    const F = FEATURES.length;
    const block = new Float64Array(F * probe.ranked.length);
    this.withNounWeights(probe, () =>
      probe.ranked.forEach(({ l }, i) => {
        const line = this.lines[l]!;
        const v = { h: hBuf[line.h]!, s: sBuf[line.s]!, l: lBuf[l]!, c: cBuf[l]! };
        probe.xs.set(l, this.featuresOf(probe, l, v, block.subarray(i * F, (i + 1) * F)));
      }),
    );
    return probe;
  }

  /**
   * Runs `fn` with nounH and nounS holding, per heading and subheading, the weight of the head
   * noun's best word in its own words — looked up once per word in the inverted titles, not once
   * per line and word — and clears them after.
   */
  private withNounWeights(probe: Probe, fn: () => void): void {
    const setH = nounWeights(probe.noun, (w) => titlesWith(this.titles, w, true), this.nounH);
    const setS = nounWeights(probe.noun, (w) => titlesWith(this.titles, w, false), this.nounS);
    try {
      fn();
    } finally {
      for (const h of setH) this.nounH[h] = 0;
      for (const s of setS) this.nounS[s] = 0;
    }
  }

  /** The chapter prior with one example of another chapter left out. */
  private priorLoo(chapter: number, exclude: number): number {
    const n = this.chapterCounts[chapter] ?? 0;
    const total = this.totalWeight - this.weightOf[exclude]!;
    return total > 0 && n > 0 ? Math.log(1 + n) / Math.log(1 + total) : 0;
  }
}

/**
 * Into `out` (all 0), per document whose own words hold a word of the head noun, the largest such
 * word's weight; returns the documents set, to clear.
 */
function nounWeights(
  noun: ReadonlyMap<string, number>,
  withWord: (word: string) => Int32Array,
  out: Float64Array,
): number[] {
  const set: number[] = [];
  for (const [t, w] of noun) {
    const ds = withWord(t);
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (out[d] === 0 && w > 0) set.push(d);
      if (w > out[d]!) out[d] = w;
    }
  }
  return set;
}

/** The largest of scores[found[0..n)] (0 for none). */
function maxOf(scores: ReadonlyNumbers, found: ReadonlyNumbers, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (scores[found[i]!]! > m) m = scores[found[i]!]!;
  return m;
}
