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
 *
 * This file builds the model and fits, weighs and explains; the searches and the candidates'
 * features are candidate-search.ts, the linear model's halves and score linear-folds.ts.
 */
import { Bm25Index } from '../../../kernel/text/bm25.js';
import { classifierText, terms } from './text.js';
import { buildTariffTree, linePath, type Line, type TariffTree } from './tree.js';
import { FEATURES, FEATURE_PART } from './features.js';
import { CandidateSearch, POOL } from './candidate-search.js';
import { LinearFolds } from './linear-folds.js';

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

export class ClassifierModel {
  readonly version: string;
  readonly params: ClassifierParams;
  private readonly lines: Line[];
  private readonly known: Set<string>;
  private readonly subIndex: ReadonlyMap<string, number>;
  private readonly lineIndex: ReadonlyMap<string, number>;
  private readonly L: Bm25Index;
  private readonly R: Bm25Index;
  private readonly examples: readonly LabeledExample[];
  /** The tariff tree as built (or restored), kept to be cached. */
  private readonly tree: TariffTree;
  /** Each example's weight (its corpus's, SOURCE_WEIGHTS). */
  private readonly weightOf: Float64Array;
  /** What a description's searches find: its candidates and their features (candidate-search.ts). */
  private readonly search: CandidateSearch;
  /** The features' weights: the hand weights, then the learned ones. */
  private weights: Float64Array;
  /** Logistic calibration: P(subheading right) = σ(a·score + b·gap + c·first + d). */
  private calib: readonly [number, number, number, number] = [4, -4, 1, -3];
  private readonly learned: boolean;
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
    const wordnet = params.wordnet > 0 ? (inputs.wordnet ?? null) : null;
    const tree = prebuilt?.tree ?? buildTariffTree(inputs, params);
    this.tree = tree;
    ({ lines: this.lines, known: this.known, subIndex: this.subIndex, L: this.L } = tree);
    this.examples = inputs.examples.filter((e) => /^\d{6,10}$/.test(e.hts));
    // Examples are indexed as queries are read: long descriptions through their goods passage.
    this.R =
      prebuilt?.R ??
      Bm25Index.build(
        this.examples.map((e) => [
          { terms: terms(classifierText(e.description, params.passage)), weight: 1 },
        ]),
      );
    this.lineIndex = new Map(this.lines.map((l, i) => [l.hts, i]));
    this.weightOf = Float64Array.from(this.examples, (e) => e.weight ?? 1);
    const linear =
      params.lrChapter !== 0 || params.lrHeading !== 0 || params.lrSub !== 0
        ? LinearFolds.build(inputs, params, tree, this.examples, this.weightOf, calibrate || params.learn > 0)
        : null;
    this.search = new CandidateSearch(params, {
      tree,
      lineIndex: this.lineIndex,
      examples: this.examples,
      weightOf: this.weightOf,
      R: this.R,
      wordnet,
      linear,
    });
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
      headings: tree.headings.length,
      subheadings: tree.subheadings.length,
      examples: this.examples.length,
      wordnet: wordnet?.version ?? null,
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
    const pool = this.search.pool(text, POOL, exclude, s === undefined ? [] : [s]);
    if (!pool) return null;
    const w = this.weights;
    return {
      items: pool.items.map(({ l, x }) => {
        let fused = 0;
        for (let i = 0; i < x.length; i++) fused += w[i]! * x[i]!;
        return { hts: this.lines[l]!.hts, fused };
      }),
      nearest: pool.nn.map(({ i, v }) => withSimilarity(this.examples[i]!, round(v))),
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
    return l === undefined ? null : linePath(this.lines[l]!);
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
    const pool = this.search.pool(text, top, exclude);
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
    return { path: linePath(r.line), terms: matched, examples, components, rules: r.notes };
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
      const pool = this.search.pool(e.description, POOL, i);
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

/**
 * A labeled example and its similarity to a description, its keys in the example's order (what
 * `{ ...example, similarity }` gives), copied key by key: on Node 20 an object literal that begins
 * with a spread and adds a key gets a hidden class of its own nearly every time, kept in the old
 * generation until a full collection (ADR 0042); each neighbour of every new description made one.
 */
export function withSimilarity(
  e: LabeledExample,
  similarity: number,
): LabeledExample & { readonly similarity: number } {
  // An own `__proto__` key would be assigned through its setter: the spread keeps it as a key.
  if (Object.hasOwn(e, '__proto__')) return { ...e, similarity };
  const from = e as unknown as Record<string, unknown>;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(from)) o[k] = from[k];
  o.similarity = similarity;
  return o as unknown as LabeledExample & { readonly similarity: number };
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
