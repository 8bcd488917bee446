/**
 * The misdeclaration check: how plausible the *declared* code is for a description, against the
 * best alternatives — as a reviewer reads an entry, not "is the top suggestion confident".
 *
 * The ranker's scores over a description's candidate subheadings (the declared one always among
 * them) are a conditional logit: their softmax is each candidate's share. A level's plausibility
 * is the share of the candidates in the declared chapter, heading or subheading. Each level has a
 * threshold calibrated when the model is built: a low quantile of the plausibility the model gives
 * the *right* code of its own labeled examples, each ranked with itself left out — so that about
 * that share of correctly declared lines would be flagged (5 % at chapter level, 1 % at heading,
 * 0.5 % at subheading level: the budget of 5 % false flags, mostly spent where a wrong
 * code costs most). The examples left out are harder than most declarations (subject lines,
 * rulings asked for because the goods were unclear): on held-out rulings the check flags fewer
 * right lines than this (docs/evaluation.md). A line is implausible at the coarsest level under its
 * threshold.
 */
import type { Candidates, ClassifierModel } from './model.js';
import type { LabeledExample } from './types.js';

export type CheckLevel = 'chapter' | 'heading' | 'subheading';
export const CHECK_LEVELS: readonly CheckLevel[] = ['chapter', 'heading', 'subheading'];

/** The declared code's share of the candidates at each level (0–1). */
export type Plausibility = Readonly<Record<CheckLevel, number>>;

export interface CheckThresholds extends Plausibility {
  /** Left-out examples the thresholds were calibrated on. */
  readonly n: number;
}

/** The share of correctly declared calibration lines each level may flag. */
export const FLAG_QUANTILES: Plausibility = { chapter: 0.05, heading: 0.01, subheading: 0.005 };

/** Sources whose descriptions read like declarations (the calibration prefers them). */
const DECLARATION_LIKE = new Set([
  'cbp-ruling',
  'cbp-ruling-2026',
  'cbp-ruling-pre2010',
  'uk-atar',
  'operator-history',
  'officer-correction',
]);

/** At most this many left-out examples calibrate the thresholds (each costs a query). */
const MAX_CALIBRATION = 800;

export interface CheckResult {
  readonly declared: string;
  readonly plausibility: Plausibility;
  /** The coarsest level at which the declared code is implausible; null: plausible. */
  readonly implausibleAt: CheckLevel | null;
  /** The best candidate (10 digits) and its share. */
  readonly suggested: { readonly hts: string; readonly share: number } | null;
  /** The nearest labeled examples filed outside the declared code at the failing level (or all). */
  readonly evidence: readonly (LabeledExample & { readonly similarity: number })[];
  readonly rules: readonly string[];
}

const prefix: Record<CheckLevel, number> = { chapter: 2, heading: 4, subheading: 6 };

/** The declared code's plausibility at each level, and the best candidate, from the candidates. */
export function plausibilityOf(
  c: Candidates,
  declared: string,
): { plausibility: Plausibility; best: { hts: string; share: number } | null } {
  if (c.items.length === 0) {
    return { plausibility: { chapter: 0, heading: 0, subheading: 0 }, best: null };
  }
  let m = -Infinity;
  for (const x of c.items) if (x.fused > m) m = x.fused;
  let z = 0;
  const e = c.items.map((x) => {
    const v = Math.exp(x.fused - m);
    z += v;
    return v;
  });
  const share = { chapter: 0, heading: 0, subheading: 0 };
  let best = 0;
  c.items.forEach((x, i) => {
    for (const level of CHECK_LEVELS) {
      if (x.hts.slice(0, prefix[level]) === declared.slice(0, prefix[level])) share[level] += e[i]! / z;
    }
    if (e[i]! > e[best]! || (e[i] === e[best] && x.hts < c.items[best]!.hts)) best = i;
  });
  return { plausibility: share, best: { hts: c.items[best]!.hts, share: e[best]! / z } };
}

/** The q-quantile of xs (0 for none). */
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/**
 * Thresholds from the model's own labeled examples, each left out of its neighbours: the declared
 * (right) code's plausibility at each level, and its FLAG_QUANTILES quantile.
 */
export function calibrateCheck(
  model: ClassifierModel,
  quantiles: Plausibility = FLAG_QUANTILES,
): CheckThresholds {
  const all: number[] = [];
  const preferred: number[] = [];
  for (let i = 0; i < model.exampleCount; i++) {
    const e = model.example(i)!;
    if (e.hts.length < 6 || !model.knowsSubheading(e.hts)) continue;
    all.push(i);
    if (DECLARATION_LIKE.has(e.source)) preferred.push(i);
  }
  const pool = preferred.length >= 200 ? preferred : all;
  const step = Math.max(1, pool.length / MAX_CALIBRATION);
  const seen: Record<CheckLevel, number[]> = { chapter: [], heading: [], subheading: [] };
  for (let k = 0; k < pool.length; k += step) {
    const i = pool[Math.floor(k)]!;
    const e = model.example(i)!;
    const c = model.candidates(e.description, e.hts, i);
    if (!c) continue;
    const { plausibility } = plausibilityOf(c, e.hts);
    for (const level of CHECK_LEVELS) seen[level].push(plausibility[level]);
  }
  return {
    chapter: quantile(seen.chapter, quantiles.chapter),
    heading: quantile(seen.heading, quantiles.heading),
    subheading: quantile(seen.subheading, quantiles.subheading),
    n: seen.chapter.length,
  };
}

/** Checks a declared code (6 to 10 digits) against a description; null when no word is known. */
export function checkDeclared(
  model: ClassifierModel,
  thresholds: CheckThresholds,
  description: string,
  declared: string,
): CheckResult | null {
  const c = model.candidates(description, declared);
  if (!c) return null;
  const { plausibility, best } = plausibilityOf(c, declared);
  const implausibleAt = CHECK_LEVELS.find((l) => plausibility[l] < thresholds[l]) ?? null;
  const n = prefix[implausibleAt ?? 'subheading'];
  const disagree = c.nearest.filter((e) => e.hts.slice(0, n) !== declared.slice(0, n));
  return {
    declared,
    plausibility: {
      chapter: round(plausibility.chapter),
      heading: round(plausibility.heading),
      subheading: round(plausibility.subheading),
    },
    implausibleAt,
    suggested: best ? { hts: best.hts, share: round(best.share) } : null,
    evidence: (disagree.length > 0 ? disagree : c.nearest).slice(0, 3).map((e) => ({
      ...e,
      description: e.description.slice(0, 200),
    })),
    rules: c.rules,
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
