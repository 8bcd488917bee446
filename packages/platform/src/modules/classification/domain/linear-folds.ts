/**
 * The hierarchical linear model (linear.ts) as the classifier uses it: built from the labeled
 * examples, the label texts and the tariff's lines, with two more each without one half of the
 * examples the ranker is fitted on (an example left out is read by the one that never saw it),
 * and its part of a line's hand-weighted score. Off unless a ClassifierParams `lr…` weight is set.
 */
import { classifierText, headPhrase } from './text.js';
import type { Line, TariffTree } from './tree.js';
import {
  HierarchicalLinear,
  linearFeatures,
  type LinearDoc,
  type LinearReading,
  type LinearTree,
} from './linear.js';
import type { ClassifierInputs, ClassifierParams, LabeledExample } from './types.js';

export class LinearFolds {
  private constructor(
    /** The tariff's shape as the model sees it (the candidate search reads headings by chapter). */
    readonly tree: LinearTree,
    private readonly full: HierarchicalLinear,
    private readonly folds: readonly HierarchicalLinear[],
    /** Each example's half (0 or 1; -1: in neither, read by the full model). */
    private readonly foldOf: Int8Array,
  ) {}

  /**
   * Builds the linear model from the labeled examples (each `weightOf`), the label texts and the
   * tariff's lines, and, with `crossFit`, two more each without one half of the examples the
   * ranker and the check are fitted on (the full-weight ones when there are 200, else all): those
   * read their own half left out.
   */
  static build(
    inputs: ClassifierInputs,
    params: ClassifierParams,
    tariff: TariffTree,
    examples: readonly LabeledExample[],
    weightOf: Float64Array,
    crossFit: boolean,
  ): LinearFolds {
    const p = params;
    const chapterOfHeading = tariff.headings.map((h) => Number(h.slice(0, 2)));
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
      subsOfHeading: tariff.subsOfHeading,
    };
    const docs: LinearDoc[] = [];
    const owner: number[] = [];
    const push = (text: string, head: string, code: string, weight: number, example: number) => {
      const h = tariff.headingIndex.get(code.slice(0, 4));
      if (h === undefined || weight <= 0) return;
      const s = code.length >= 6 ? (tariff.subIndex.get(code.slice(0, 6)) ?? -1) : -1;
      docs.push({
        feats: linearFeatures(text, head),
        chapter: chapterOfHeading[h]!,
        heading: h,
        sub: s,
        weight,
      });
      owner.push(example);
    };
    examples.forEach((e, i) => {
      const text = classifierText(e.description, p.passage);
      push(text, headPhrase(text), e.hts, weightOf[i]!, i);
    });
    for (const x of inputs.texts ?? []) push(x.text, headPhrase(x.text), x.code, p.lrTexts, -1);
    // One document per subheading: its HS text, and its lines' paths (each label once).
    const subText = new Map<string, Set<string>>();
    for (const li of inputs.lines) {
      if (!tariff.known.has(li.hts)) continue;
      const c6 = li.hts.slice(0, 6);
      let set = subText.get(c6);
      if (!set) subText.set(c6, (set = new Set([inputs.hs.get(c6) ?? ''])));
      for (const x of li.path) set.add(x.description);
      set.add(li.description);
    }
    for (const [c6, set] of subText) {
      push([...set].join(' '), headPhrase(inputs.hs.get(c6) ?? ''), c6, p.lrTariff, -1);
    }
    const linearParams = { epochs: p.lrEpochs, rate: p.lrRate };
    const full = new HierarchicalLinear(tree, docs, linearParams);
    const foldOf = new Int8Array(examples.length).fill(-1);
    // Nothing is fitted on left-out examples: no halves are needed.
    if (!crossFit) return new LinearFolds(tree, full, [], foldOf);
    // The halves: the examples the ranker and the check are fitted on, alternately.
    const fitted: number[] = [];
    const whole = examples.filter((_, i) => weightOf[i]! >= 1).length >= 200;
    examples.forEach((e, i) => {
      if (e.hts.length >= 6 && (!whole || weightOf[i]! >= 1)) fitted.push(i);
    });
    fitted.forEach((i, k) => (foldOf[i] = k % 2));
    const folds = [0, 1].map(
      (f) =>
        new HierarchicalLinear(
          tree,
          docs.filter((_, d) => owner[d]! < 0 || foldOf[owner[d]!] !== f),
          linearParams,
        ),
    );
    return new LinearFolds(tree, full, folds, foldOf);
  }

  /** The linear model that never saw example `exclude` (the full one for a new description). */
  of(exclude: number): HierarchicalLinear {
    const f = exclude >= 0 ? this.foldOf[exclude]! : -1;
    return f >= 0 ? this.folds[f]! : this.full;
  }
}

/** The hand-weighted linear model's part of a line's score. */
export function linearScore(lin: LinearReading, line: Line, p: ClassifierParams): number {
  return (
    p.lrChapter * logOf(lin.pChapter(line.chapter)) +
    p.lrHeading * logOf(lin.pHeading(line.chapter, line.h)) +
    p.lrSub * logOf(lin.pSub(line.h, line.s))
  );
}

/** A probability's logarithm, floored (the ranker's features of the linear model, and its score). */
export const logOf = (p: number): number => Math.log(Math.max(p, 1e-4));
