/**
 * The HS classifier: ranked retrieval over the tariff tree and nearest labeled examples, read
 * with knowledge and ordered by weights learned from the examples.
 *
 * - The query: the description's words, its head phrase weighed up, everyday words expanded
 *   through the lexicon and WordNet's nouns (wordnet.ts), words raised or damped by the rules of
 *   the tariff's notes (rules.ts: garments, fibres, polymers, chemical functions, materials).
 * - Three BM25 indices over the HTSUS edition in force, one per level: headings (the heading's text
 *   and the HS 2022 heading at a high weight, the goods names of goods.ts, its descendants' words
 *   at a low one), subheadings (the HS 2022 subheading, the HTS 6-digit text, the labels above it,
 *   goods names, the lines under it) and 10-digit lines (the line's own words, its ancestors').
 * - A BM25 index over labeled examples (CBP rulings, operator history): the nearest examples vote
 *   for their chapter, heading, subheading and line, and their subheadings become candidates.
 * - A chapter prior from the labeled examples.
 * The best 30 candidate subheadings (each with its best line) are described by features and
 * ordered by weights learned at build (a conditional logit over the examples, each left out);
 * suggestions are the best line of each of the best subheadings. A logistic calibration, fitted on
 * the same left-out rankings, turns scores into the probability that the subheading is right.
 * Chapters 98 and 99 (special provisions, temporary legislation) are never suggested.
 */
import { Bm25Index } from '../../../kernel/text/bm25.js';
import { goodsPassage, headPhrase, terms } from './text.js';
import type { WordNet } from './wordnet.js';
import { tariffHints, type RuleHints } from './rules.js';
import { QueryReader } from './query.js';
import { buildTariffTree, type Line, type TariffTree } from './tree.js';
import { FEATURES, FEATURE_PART } from './features.js';
import {
  HierarchicalLinear,
  linearFeatures,
  type LinearDoc,
  type LinearReading,
  type LinearTree,
} from './linear.js';

export * from './types.js';
import type {
  Classification,
  ClassifierInputs,
  ClassifierParams,
  Explanation,
  LabeledExample,
} from './types.js';
import { DEFAULT_PARAMS } from './types.js';
import { fitConditionalLogit, fitLogistic } from './fit.js';
export { conditionalLogitLoss, fitConditionalLogit, fitLogistic } from './fit.js';

/** At most this many examples are ranked left out to fit the ranker and the calibration. */
const MAX_FIT = 2000;

/** Candidates ranked by the learned weights: the best this many subheadings by the hand weights. */
const POOL = 30;

/** Descriptions whose searches are kept per model (the map is dropped when full). */
const KEPT_PROBES = 20_000;

/** Matched lines ranked at most: the best by their own score (ties at the cut all kept). */
const MAX_LINE_CANDIDATES = 200;
/** Postings in more lines than this are skipped at the line level ("other", "of steel"). */
const MAX_LINE_DF = 4000;

export class ClassifierModel {
  readonly version: string;
  readonly params: ClassifierParams;
  private readonly lines: Line[] = [];
  private readonly known = new Set<string>();
  private readonly headings: string[] = [];
  private readonly subheadings: string[] = [];
  private readonly linesOfSub: number[][] = [];
  private readonly subsOfHeading: number[][] = [];
  private readonly headingIndex = new Map<string, number>();
  private readonly subIndex: ReadonlyMap<string, number>;
  private readonly lineIndex: ReadonlyMap<string, number>;
  private readonly H: Bm25Index;
  private readonly S: Bm25Index;
  private readonly L: Bm25Index;
  private readonly R: Bm25Index;
  private readonly examples: readonly LabeledExample[];
  /** The tariff tree as built (or restored), kept to be cached. */
  private readonly tree: TariffTree;
  /** Examples per chapter number, and the prior it gives. */
  private readonly chapterCounts = new Float64Array(100);
  /** Each example's weight (its corpus's, SOURCE_WEIGHTS) and their sum. */
  private readonly weightOf: Float64Array;
  private readonly totalWeight: number;
  private readonly prior = new Float64Array(100);
  /** Each example's chapter, heading, subheading and line (indices; -1 when not in the tariff). */
  private readonly exampleAt: { chapter: number; heading: number; sub: number; line: number }[];
  /** Reused score buffers (one query at a time) and a candidate mark. */
  private readonly hBuf: Float64Array;
  private readonly sBuf: Float64Array;
  private readonly lBuf: Float64Array;
  /** Per line, the query's rarity-weighted words it holds (coverage). */
  private readonly cBuf: Float64Array;
  private readonly mark: Uint8Array;
  private readonly hs: ReadonlyMap<string, string>;
  private readonly wordnet: WordNet | null;
  /** Each heading's and subheading's own words (HTS and HS texts), and whether a subheading is "Other". */
  private readonly titleH: Set<string>[] = [];
  private readonly titleS: Set<string>[] = [];
  private readonly residual: number[] = [];
  /** Whether a subheading (its own text or labels) is for parts. */
  private readonly partsSub: number[] = [];
  /**
   * The hierarchical linear model (null: off), and two built each without one half of the
   * examples the ranker is fitted on: an example left out is read by the one that never saw it.
   */
  private readonly linear: HierarchicalLinear | null = null;
  private readonly linearFolds: HierarchicalLinear[] = [];
  private readonly linearFoldOf: Int8Array;
  /** The features' weights: the hand weights, then the learned ones. */
  private weights: Float64Array;
  /** Reads descriptions into weighted query terms (query.ts). */
  private readonly reader: QueryReader;
  /** Logistic calibration: P(subheading right) = σ(a·score + b·gap + c·first + d). */
  private calib: readonly [number, number, number, number] = [4, -4, 1, -3];
  private readonly learned: boolean;
  /** A new description's searches, by its text (`pool`). */
  private readonly probes = new Map<string, Probe | null>();
  readonly stats: {
    lines: number;
    headings: number;
    subheadings: number;
    examples: number;
    /** The WordNet database the queries are expanded with (null: none). */
    wordnet: string | null;
    /** The features' weights in force, learned from the examples or the hand ones. */
    ranker: { learned: boolean; weights: Record<string, number> };
    buildMs: number;
  };

  /**
   * `fitted`: the ranker's weights and calibration fitted by an earlier build from the same inputs
   * and code (the artefact cache); the fit is then skipped.
   */
  constructor(
    inputs: ClassifierInputs,
    params: ClassifierParams = DEFAULT_PARAMS,
    calibrate = true,
    fitted: FittedRanker | null = null,
    prebuilt: PrebuiltIndices | null = null,
  ) {
    const t0 = performance.now();
    this.version = inputs.version;
    this.params = params;
    this.hs = inputs.hs;
    this.wordnet = params.wordnet > 0 ? (inputs.wordnet ?? null) : null;
    const tree = prebuilt?.tree ?? buildTariffTree(inputs, params);
    this.tree = tree;
    ({
      lines: this.lines,
      known: this.known,
      headings: this.headings,
      subheadings: this.subheadings,
      linesOfSub: this.linesOfSub,
      subsOfHeading: this.subsOfHeading,
      headingIndex: this.headingIndex,
      titleH: this.titleH,
      titleS: this.titleS,
      residual: this.residual,
      partsSub: this.partsSub,
      H: this.H,
      S: this.S,
      L: this.L,
    } = tree);
    const hIdx = tree.headingIndex;
    const sIdx = tree.subIndex;
    this.examples = inputs.examples.filter((e) => /^\d{6,10}$/.test(e.hts));
    // Examples are indexed as queries are read: long descriptions through their goods passage.
    this.R =
      prebuilt?.R ??
      Bm25Index.build(this.examples.map((e) => [{ terms: terms(this.passage(e.description)), weight: 1 }]));
    this.reader = new QueryReader(params, this.wordnet, this.L, this.S, this.R);
    const lineIdx = new Map(this.lines.map((l, i) => [l.hts, i]));
    this.lineIndex = lineIdx;
    this.subIndex = sIdx;
    this.exampleAt = this.examples.map((e) => ({
      chapter: Number(e.hts.slice(0, 2)),
      heading: hIdx.get(e.hts.slice(0, 4)) ?? -1,
      sub: sIdx.get(e.hts.slice(0, 6)) ?? -1,
      line: lineIdx.get(e.hts) ?? -1,
    }));
    this.weightOf = Float64Array.from(this.examples, (e) => e.weight ?? 1);
    this.exampleAt.forEach((e, i) => (this.chapterCounts[e.chapter]! += this.weightOf[i]!));
    this.totalWeight = this.weightOf.reduce((a, v) => a + v, 0);
    const total = this.totalWeight;
    for (let c = 0; c < 100; c++) {
      const n = this.chapterCounts[c]!;
      this.prior[c] = total > 0 && n > 0 ? Math.log(1 + n) / Math.log(1 + total) : 0;
    }
    this.hBuf = new Float64Array(this.headings.length);
    this.sBuf = new Float64Array(this.subheadings.length);
    this.lBuf = new Float64Array(this.lines.length);
    this.cBuf = new Float64Array(this.lines.length);
    this.mark = new Uint8Array(this.lines.length);
    this.linearFoldOf = new Int8Array(this.examples.length).fill(-1);
    if (params.lrChapter !== 0 || params.lrHeading !== 0 || params.lrSub !== 0) {
      const built = this.buildLinear(inputs, tree.subIndex, calibrate || params.learn > 0);
      this.linear = built.full;
      this.linearFolds = built.folds;
    }
    this.weights = Float64Array.from(FEATURES, (f) =>
      f in params ? (params as unknown as Record<string, number>)[f]! : 0,
    );
    let learned = false;
    if (fitted && fitted.weights.length === FEATURES.length) {
      this.weights = Float64Array.from(fitted.weights);
      this.calib = fitted.calib;
      learned = fitted.learned;
    } else if (this.examples.length >= 50 && (calibrate || params.learn > 0)) {
      learned = this.fit(params.learn, calibrate);
    }
    this.learned = learned;
    this.stats = {
      lines: this.lines.length,
      headings: this.headings.length,
      subheadings: this.subheadings.length,
      examples: this.examples.length,
      wordnet: this.wordnet?.version ?? null,
      ranker: {
        learned,
        weights: Object.fromEntries(FEATURES.map((f, i) => [f, round(this.weights[i]!)])),
      },
      buildMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * A description's candidate subheadings (each its best line) scored by the ranker, the declared
   * subheading always among them, with the nearest labeled examples: what the misdeclaration
   * check weighs (check.ts). `exclude` leaves one example out. Null when no word is known.
   */
  candidates(text: string, declared: string, exclude = -1): Candidates | null {
    const s = this.subIndex.get(declared.slice(0, 6));
    const pool = this.pool(text, POOL, exclude, s === undefined ? [] : [s]);
    if (!pool) return null;
    const w = this.weights;
    return {
      items: pool.items.map(({ l, x }) => {
        let fused = 0;
        for (let i = 0; i < x.length; i++) fused += w[i]! * x[i]!;
        return { hts: this.lines[l]!.hts, fused };
      }),
      nearest: pool.nn.map(({ i, v }) => ({ ...this.examples[i]!, similarity: round(v) })),
      rules: pool.notes,
    };
  }

  /** The indices the build made from its inputs (kept by the artefact cache to skip the next build). */
  prebuilt(): PrebuiltIndices {
    return { tree: this.tree, R: this.R };
  }

  /** What the build fitted: the ranker's weights and the calibration (kept to skip the next fit). */
  fitted(): FittedRanker {
    return { weights: Float64Array.from(this.weights), calib: this.calib, learned: this.learned };
  }

  /** The tariff path of a 10-digit line the model knows (heading to line), else null. */
  pathOf(hts: string): readonly string[] | null {
    const l = this.lineIndex.get(hts);
    return l === undefined ? null : this.lines[l]!.path;
  }

  /** The labeled examples and their number (the misdeclaration check is calibrated on them). */
  example(i: number): LabeledExample | undefined {
    return this.examples[i];
  }

  get exampleCount(): number {
    return this.examples.length;
  }

  /** Whether the model has a subheading for a code's first six digits. */
  knowsSubheading(hts: string): boolean {
    return this.subIndex.has(hts.slice(0, 6));
  }

  /** Whether a 10-digit number is one the model can suggest. */
  knows(hts: string): boolean {
    return this.known.has(hts);
  }

  classify(text: string, opts: { top?: number; abstainBelow?: number } = {}): Classification {
    const top = Math.max(1, Math.min(opts.top ?? 5, 20));
    const ranked = this.rank(text, top, -1);
    const suggestions = ranked.map((r, i) => ({
      hts: r.line.hts,
      score: round(this.probability(r.fused, ranked[0]!.fused - r.fused, i === 0)),
      explanation: this.explain(r),
    }));
    const confidence = suggestions[0]?.score ?? 0;
    return {
      suggestions,
      abstain: suggestions.length === 0 || confidence < (opts.abstainBelow ?? 0),
      confidence,
    };
  }

  private probability(fused: number, gap: number, first: boolean): number {
    const [a, b, c, d] = this.calib;
    return 1 / (1 + Math.exp(-(a * fused + b * gap + c * (first ? 1 : 0) + d)));
  }

  /** The best line per subheading, best first; `exclude` leaves one example out (calibration). */
  private rank(text: string, top: number, exclude: number): Ranked[] {
    const pool = this.pool(text, top, exclude);
    if (!pool) return [];
    const w = this.weights;
    return pool.items
      .map(({ l, x }) => {
        let fused = 0;
        for (let i = 0; i < x.length; i++) fused += w[i]! * x[i]!;
        return { l, x, fused };
      })
      .sort((a, b) => b.fused - a.fused || (this.lines[a.l]!.hts < this.lines[b.l]!.hts ? -1 : 1))
      .slice(0, top)
      .map(({ l, x, fused }) => {
        const parts: Record<string, number> = {};
        FEATURES.forEach((f, i) => {
          const v = w[i]! * x[i]!;
          if (v !== 0) parts[FEATURE_PART[f]] = (parts[FEATURE_PART[f]] ?? 0) + v;
        });
        return {
          line: this.lines[l]!,
          lineIndex: l,
          fused,
          parts,
          q: pool.q,
          nn: pool.nn,
          notes: pool.notes,
        };
      });
  }

  /** The candidates of a query with their features; null when the query has no known word. */
  /**
   * The candidate pool of a description: the best `top` (at least POOL) subheadings by the
   * hand-weighted score, each its best line with the ranker's features, and those of `force`
   * (every line of each weighed). What a description's searches find does not depend on `force`:
   * for a new description (`exclude` < 0) it is kept (`probes`), so the misdeclaration check of the
   * same description under another declared code weighs only that code's lines.
   */
  private pool(
    text: string,
    top: number,
    exclude: number,
    force: readonly number[] = [],
  ): {
    items: { l: number; x: Float64Array }[];
    q: Map<string, number>;
    nn: { i: number; v: number }[];
    notes: readonly string[];
  } | null {
    const keep = Math.max(top, POOL);
    let probe: Probe | null | undefined;
    if (exclude < 0 && keep === POOL) {
      probe = this.probes.get(text);
      if (probe === undefined) {
        probe = this.probe(text, exclude, keep);
        if (this.probes.size >= KEPT_PROBES) this.probes.clear();
        this.probes.set(text, probe);
      }
    } else probe = this.probe(text, exclude, keep);
    if (!probe) return null;
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
      const hv = this.H.scoreOf(probe.q, first.h).score;
      const sv = this.S.scoreOf(probe.q, s).score;
      for (const l of lines) {
        const line = this.lines[l]!;
        const fused = this.fusedOf(
          probe,
          l,
          hv,
          sv,
          this.L.scoreOf(probe.q, l, MAX_LINE_DF, probe.rarity).score,
        );
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
    const items = kept.map(({ l }) => {
      let x = probe.xs.get(l);
      if (!x) probe.xs.set(l, (x = this.featuresOf(probe, l, this.scoresOf(probe, l))));
      return { l, x };
    });
    return { items, q: probe.q, nn: probe.nn, notes: probe.hints?.notes ?? [] };
  }

  /** A line's search scores (heading, subheading, line, coverage) as the probe's searches gave them. */
  private scoresOf(probe: Probe, l: number): { h: number; s: number; l: number; c: number } {
    const line = this.lines[l]!;
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
  ): Float64Array {
    const { hints, lin, qMass } = probe;
    const line = this.lines[l]!;
    const x = new Float64Array(FEATURES.length);
    x[0] = v.h / probe.hN;
    x[1] = v.s / probe.sN;
    x[2] = v.l / probe.lN;
    x[3] = probe.vChapter.get(line.chapter) ?? 0;
    x[4] = probe.vHeading.get(line.h) ?? 0;
    x[5] = probe.vSub.get(line.s) ?? 0;
    x[6] = probe.vLine.get(l) ?? 0;
    x[7] = this.priorOf(line.chapter, probe.exclude);
    for (const [t, w] of probe.noun) {
      if (this.titleH[line.h]!.has(t) && w > x[8]!) x[8] = w;
      if (this.titleS[line.s]!.has(t) && w > x[9]!) x[9] = w;
    }
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
    if (chapter !== this.exampleAt[exclude]!.chapter) return this.priorLoo(chapter, exclude);
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
      (probe.lin ? this.linearScore(probe.lin, line, p) : 0)
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
    text = this.passage(text);
    const headText = headPhrase(text);
    const hints = p.rules > 0 ? tariffHints(text, headText) : null;
    const q = this.reader.query(text, headText, hints);
    if (q.size === 0) return null;
    const lin = this.linearOf(exclude)?.reader(linearFeatures(text, headText)) ?? null;
    const hBuf = this.hBuf;
    const sBuf = this.sBuf;
    const lBuf = this.lBuf;
    const hT: number[] = [];
    const sT: number[] = [];
    const lT: number[] = [];
    let hMax = 0;
    let sMax = 0;
    let lMax = 0;
    this.H.search(q, (d, v) => {
      hBuf[d] = v;
      hT.push(d);
      if (v > hMax) hMax = v;
    });
    this.S.search(q, (d, v) => {
      sBuf[d] = v;
      sT.push(d);
      if (v > sMax) sMax = v;
    });
    // Each query word's weight × rarity: the coverage of a line is the share of it the line holds.
    const rarity = new Map<string, number>();
    let qMass = 0;
    for (const [t, w] of q) {
      const v = w * this.L.idf(t);
      rarity.set(t, v);
      qMass += v;
    }
    const cBuf = this.cBuf;
    this.L.search(
      q,
      (d, v, c) => {
        lBuf[d] = v;
        cBuf[d] = c;
        lT.push(d);
        if (v > lMax) lMax = v;
      },
      MAX_LINE_DF,
      rarity,
    );
    try {
      // Nearest labeled examples: the k best, kept in order as they come.
      const nn: { i: number; v: number }[] = [];
      this.R.search(q, (d, v) => {
        if (d === exclude) return;
        if (
          nn.length === p.k &&
          (v < nn[nn.length - 1]!.v || (v === nn[nn.length - 1]!.v && d > nn[nn.length - 1]!.i))
        )
          return;
        let at = nn.length;
        while (at > 0 && (nn[at - 1]!.v < v || (nn[at - 1]!.v === v && nn[at - 1]!.i > d))) at--;
        nn.splice(at, 0, { i: d, v });
        if (nn.length > p.k) nn.pop();
      });
      const nnMax = nn[0]?.v ?? 1;
      const vChapter = new Map<number, number>();
      const vHeading = new Map<number, number>();
      const vSub = new Map<number, number>();
      const vLine = new Map<number, number>();
      const add = (m: Map<number, number>, k: number, v: number) => {
        if (k >= 0) m.set(k, (m.get(k) ?? 0) + v);
      };
      for (const { i, v } of nn) {
        const e = this.exampleAt[i]!;
        const w = (v / nnMax) ** p.knnPower * this.weightOf[i]!;
        add(vChapter, e.chapter, w);
        add(vHeading, e.heading, w);
        add(vSub, e.sub, w);
        add(vLine, e.line, w);
      }
      // Candidates: lines that matched well, and every line of the best subheadings. A line below a
      // fifth of the best line's score, or below the 200 best, adds little and costs much (long
      // texts match thousands).
      const cand: number[] = [];
      const mark = this.mark;
      let floor = 0.2 * lMax;
      let above = 0;
      for (const l of lT) if (lBuf[l]! >= floor) above++;
      if (above > MAX_LINE_CANDIDATES) {
        // Only the best lines: their scores sorted, the cut at the MAX_LINE_CANDIDATES-th.
        const vs = new Float64Array(above);
        let k = 0;
        for (const l of lT) if (lBuf[l]! >= floor) vs[k++] = lBuf[l]!;
        vs.sort();
        floor = vs[above - MAX_LINE_CANDIDATES]!;
      }
      for (const l of lT) {
        if (lBuf[l]! >= floor && mark[l] === 0) {
          mark[l] = 1;
          cand.push(l);
        }
      }
      const topSubs: number[] = [];
      for (const s of sT) {
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
          for (const h of this.linearTree!.headingsOfChapter.get(c) ?? []) {
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
      for (const { l } of probe.ranked) {
        const line = this.lines[l]!;
        probe.xs.set(
          l,
          this.featuresOf(probe, l, { h: hBuf[line.h]!, s: sBuf[line.s]!, l: lBuf[l]!, c: cBuf[l]! }),
        );
      }
      return probe;
    } finally {
      for (const d of hT) hBuf[d] = 0;
      for (const d of sT) sBuf[d] = 0;
      for (const d of lT) {
        lBuf[d] = 0;
        cBuf[d] = 0;
      }
    }
  }

  /** What the model reads of a description: a long one's goods passage (text.ts) when on. */
  private passage(text: string): string {
    return this.params.passage > 0 ? goodsPassage(text) : text;
  }

  /** The hand-weighted linear model's part of a line's score. */
  private linearScore(lin: LinearReading, line: Line, p: ClassifierParams): number {
    return (
      p.lrChapter * logOf(lin.pChapter(line.chapter)) +
      p.lrHeading * logOf(lin.pHeading(line.chapter, line.h)) +
      p.lrSub * logOf(lin.pSub(line.h, line.s))
    );
  }

  /** The linear model that never saw example `exclude` (the full one for a new description). */
  private linearOf(exclude: number): HierarchicalLinear | null {
    const f = exclude >= 0 ? this.linearFoldOf[exclude]! : -1;
    return f >= 0 ? this.linearFolds[f]! : this.linear;
  }

  private linearTree: LinearTree | null = null;

  /**
   * Builds the linear model from the labeled examples, the label texts and the tariff's lines,
   * and two more each without one half of the examples the ranker and the check are fitted on
   * (the full-weight ones when there are 200, else all): those read their own half left out.
   */
  private buildLinear(
    inputs: ClassifierInputs,
    subIndex: ReadonlyMap<string, number>,
    crossFit: boolean,
  ): { full: HierarchicalLinear; folds: HierarchicalLinear[] } {
    const p = this.params;
    const chapterOfHeading = this.headings.map((h) => Number(h.slice(0, 2)));
    const headingsOfChapter = new Map<number, number[]>();
    chapterOfHeading.forEach((c, h) => {
      const list = headingsOfChapter.get(c);
      if (list) list.push(h);
      else headingsOfChapter.set(c, [h]);
    });
    const tree: LinearTree = {
      chapters: [...headingsOfChapter.keys()].sort((a, b) => a - b),
      chapterOfHeading,
      headingsOfChapter,
      subsOfHeading: this.subsOfHeading,
    };
    this.linearTree = tree;
    const docs: LinearDoc[] = [];
    const owner: number[] = [];
    const push = (text: string, head: string, code: string, weight: number, example: number) => {
      const h = this.headingIndex.get(code.slice(0, 4));
      if (h === undefined || weight <= 0) return;
      const s = code.length >= 6 ? (subIndex.get(code.slice(0, 6)) ?? -1) : -1;
      docs.push({
        feats: linearFeatures(text, head),
        chapter: chapterOfHeading[h]!,
        heading: h,
        sub: s,
        weight,
      });
      owner.push(example);
    };
    this.examples.forEach((e, i) => {
      const text = this.passage(e.description);
      push(text, headPhrase(text), e.hts, this.weightOf[i]!, i);
    });
    for (const x of inputs.texts ?? []) push(x.text, headPhrase(x.text), x.code, p.lrTexts, -1);
    // One document per subheading: its HS text, and its lines' paths (each label once).
    const subText = new Map<string, Set<string>>();
    for (const li of inputs.lines) {
      if (!this.known.has(li.hts)) continue;
      const c6 = li.hts.slice(0, 6);
      let set = subText.get(c6);
      if (!set) subText.set(c6, (set = new Set([this.hs.get(c6) ?? ''])));
      for (const x of li.path) set.add(x.description);
      set.add(li.description);
    }
    for (const [c6, set] of subText) {
      push([...set].join(' '), headPhrase(this.hs.get(c6) ?? ''), c6, p.lrTariff, -1);
    }
    const params = { epochs: p.lrEpochs, rate: p.lrRate };
    const full = new HierarchicalLinear(tree, docs, params);
    // Nothing is fitted on left-out examples: no halves are needed.
    if (!crossFit) return { full, folds: [] };
    // The halves: the examples the ranker and the check are fitted on, alternately.
    const fitted: number[] = [];
    const whole = this.examples.filter((_, i) => this.weightOf[i]! >= 1).length >= 200;
    this.examples.forEach((e, i) => {
      if (e.hts.length >= 6 && (!whole || this.weightOf[i]! >= 1)) fitted.push(i);
    });
    fitted.forEach((i, k) => (this.linearFoldOf[i] = k % 2));
    const folds = [0, 1].map(
      (f) =>
        new HierarchicalLinear(
          tree,
          docs.filter((_, d) => owner[d]! < 0 || this.linearFoldOf[owner[d]!] !== f),
          params,
        ),
    );
    return { full, folds };
  }

  /** The chapter prior with one example of another chapter left out. */
  private priorLoo(chapter: number, exclude: number): number {
    const n = this.chapterCounts[chapter] ?? 0;
    const total = this.totalWeight - this.weightOf[exclude]!;
    return total > 0 && n > 0 ? Math.log(1 + n) / Math.log(1 + total) : 0;
  }

  private explain(r: Ranked): Explanation {
    const matched = [...r.q.keys()]
      .map((w) => ({ w, v: this.L.termScore(w, r.lineIndex) }))
      .filter((x) => x.v > 0)
      .sort((a, b) => b.v - a.v)
      .slice(0, 6)
      .map((x) => x.w);
    const sub = r.line.hts.slice(0, 6);
    const examples = r.nn
      .filter(({ i }) => this.examples[i]!.hts.startsWith(sub))
      .slice(0, 2)
      .map(({ i }) => {
        const e = this.examples[i]!;
        return { description: e.description.slice(0, 160), hts: e.hts, source: e.source };
      });
    const components: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.parts)) if (v > 0) components[k] = round(v);
    return { path: r.line.path, terms: matched, examples, components, rules: r.notes };
  }

  /**
   * Fits the ranker and the calibration on the labeled examples, each ranked with itself left out
   * of its neighbours and prior. The ranker: a conditional logit picking each example's subheading
   * among its candidates. The calibration: a logistic regression of "this suggestion's subheading
   * is right" on its score (by the learned weights), its gap to the best and whether it is the
   * first. One pass of left-out queries serves both. (Cross-fitting the calibration — each half
   * scored by a ranker fitted on the other — was measured and calibrated worse on both evaluation
   * sets: the half-data rankers score on another scale.) Returns whether the weights were learned.
   */
  private fit(ridge: number, calibrate: boolean): boolean {
    const start = this.weights;
    const cases: { xs: Float64Array[]; subs: string[]; gold: string }[] = [];
    for (const i of this.fitSample()) {
      const e = this.examples[i]!;
      const pool = this.pool(e.description, POOL, i);
      if (!pool || pool.items.length === 0) continue;
      cases.push({
        xs: pool.items.map((c) => c.x),
        subs: pool.items.map(({ l }) => this.lines[l]!.hts.slice(0, 6)),
        gold: e.hts.slice(0, 6),
      });
    }
    const groups = cases.flatMap((c) => {
      const gold = c.subs.indexOf(c.gold);
      return gold >= 0 && c.xs.length > 1 ? [{ xs: c.xs, gold }] : [];
    });
    if (ridge > 0 && groups.length >= 20) this.weights = fitConditionalLogit(groups, start, ridge);
    if (calibrate) {
      const rows: [number, number, number][] = [];
      const ys: number[] = [];
      const w = this.weights;
      for (const c of cases) {
        const scored = c.xs
          .map((x, k) => ({ v: x.reduce((a, xi, j) => a + xi * w[j]!, 0), sub: c.subs[k]! }))
          .sort((a, b) => b.v - a.v || (a.sub < b.sub ? -1 : 1))
          .slice(0, 5);
        scored.forEach((x, j) => {
          rows.push([x.v, scored[0]!.v - x.v, j === 0 ? 1 : 0]);
          ys.push(x.sub === c.gold ? 1 : 0);
        });
      }
      this.calib = fitLogistic(rows, ys);
    }
    return this.weights !== start;
  }

  /**
   * The examples the ranker and the calibration are fitted on: every one with a subheading, or —
   * with a large operator history — an even spread of MAX_FIT of them (each costs a query left
   * out; the build stays within seconds).
   */
  private fitSample(): number[] {
    const full: number[] = [];
    const any: number[] = [];
    this.examples.forEach((e, i) => {
      if (e.hts.length < 6) return;
      any.push(i);
      if (this.weightOf[i]! >= 1) full.push(i);
    });
    // The ranker learns from the examples that count whole (rulings with descriptions, the
    // operator's history, officers' corrections) when there are enough: subject phrases and parcel
    // lines are another kind of text, and fitted on they taught it to read rulings worse.
    const all = full.length >= 200 ? full : any;
    if (all.length <= MAX_FIT) return all;
    const step = all.length / MAX_FIT;
    return Array.from({ length: MAX_FIT }, (_, k) => all[Math.floor(k * step)]!);
  }
}

/** The tariff tree and the examples' index of a build (ClassifierModel.prebuilt). */
export interface PrebuiltIndices {
  readonly tree: TariffTree;
  readonly R: Bm25Index;
}

/** The numbers a build fits from the examples (ClassifierModel.fitted). */
export interface FittedRanker {
  readonly weights: Float64Array;
  readonly calib: readonly [number, number, number, number];
  readonly learned: boolean;
}

/** A description's scored candidates (ClassifierModel.candidates). */
export interface Candidates {
  /** Candidate subheadings' best lines with the ranker's score (a logit: softmax gives shares). */
  readonly items: readonly { readonly hts: string; readonly fused: number }[];
  /** The nearest labeled examples, nearest first. */
  readonly nearest: readonly (LabeledExample & { readonly similarity: number })[];
  /** The tariff-note rules that read the description. */
  readonly rules: readonly string[];
}

/** A line and its hand-weighted score. */
interface Scored {
  readonly l: number;
  readonly fused: number;
}

/** What a description's searches found (ClassifierModel.probe), kept to weigh other lines later. */
interface Probe {
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
  readonly vChapter: ReadonlyMap<number, number>;
  readonly vHeading: ReadonlyMap<number, number>;
  readonly vSub: ReadonlyMap<number, number>;
  readonly vLine: ReadonlyMap<number, number>;
  /** The candidates' best line per subheading: the best `keep` of them, best first. */
  ranked: readonly Scored[];
}

interface Ranked {
  readonly line: Line;
  readonly lineIndex: number;
  readonly fused: number;
  readonly parts: Readonly<Record<string, number>>;
  readonly q: ReadonlyMap<string, number>;
  readonly nn: readonly { i: number; v: number }[];
  readonly notes: readonly string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A probability's logarithm, floored (a feature of the ranker). */
const logOf = (p: number): number => Math.log(Math.max(p, 1e-4));
