/**
 * A supervised linear model of the tariff's hierarchy: multinomial logistic regressions over
 * hashed word features, one per level — the chapter among all chapters, the heading among its
 * chapter's headings, the subheading among its heading's subheadings — so that
 * P(subheading) = P(chapter) · P(heading | chapter) · P(subheading | heading).
 *
 * Features are the description's classifier terms (text.ts), its head phrase's terms apart, and
 * adjacent term pairs, hashed with the class into one weight vector per level (the hashing trick:
 * memory is fixed whatever the vocabulary). Trained by stochastic gradient descent, each document
 * weighted (its corpus's weight), in a seeded order: the same inputs give the same model.
 * Documents are the labeled examples, the label texts (search references, scope texts) and the
 * tariff's own lines, so every class has at least its own words.
 */
import { terms } from './text.js';

/** log2 of the heading and subheading levels' weight vectors' length (2^21 floats: 8 MiB). */
const BITS = 21;
const MASK = (1 << BITS) - 1;
/**
 * The chapter level is a dense matrix, a row of every chapter's weights per feature bucket: a
 * feature's weights are read together (2^16 buckets × 97 chapters: 25 MiB).
 */
const ROW_BITS = 16;
const ROW_MASK = (1 << ROW_BITS) - 1;

/** A document to learn from: hashed features and where it is in the tree (-1: unknown below). */
export interface LinearDoc {
  readonly feats: Uint32Array;
  readonly chapter: number;
  readonly heading: number;
  readonly sub: number;
  readonly weight: number;
}

/** The tree's shape the model needs: each heading's chapter, each subheading's heading. */
export interface LinearTree {
  readonly chapters: readonly number[];
  readonly chapterOfHeading: readonly number[];
  readonly headingsOfChapter: ReadonlyMap<number, readonly number[]>;
  readonly subsOfHeading: readonly (readonly number[])[];
}

export interface LinearParams {
  readonly epochs: number;
  readonly rate: number;
}

/** FNV-1a of a string (32 bits). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The slot of a feature for a class. */
const slot = (f: number, c: number): number => {
  let h = Math.imul(f ^ Math.imul(c + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) & MASK;
};

/** A text's hashed features: its terms, its head phrase's terms, adjacent pairs (deduplicated). */
export function linearFeatures(text: string, head: string): Uint32Array {
  const ts = terms(text, 160);
  const set = new Set<number>();
  for (let i = 0; i < ts.length; i++) {
    set.add(hashString(ts[i]!));
    if (i > 0) set.add(hashString(`${ts[i - 1]!} ${ts[i]!}`));
  }
  for (const t of terms(head, 12)) set.add(hashString(`^${t}`));
  return Uint32Array.from(set);
}

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class HierarchicalLinear {
  private readonly wc: Float32Array;
  private readonly wh = new Float32Array(MASK + 1);
  private readonly ws = new Float32Array(MASK + 1);

  constructor(
    private readonly tree: LinearTree,
    docs: readonly LinearDoc[],
    params: LinearParams,
  ) {
    const nc = tree.chapters.length;
    this.wc = new Float32Array((ROW_MASK + 1) * nc);
    const chapterAt = new Map(tree.chapters.map((c, i) => [c, i]));
    const order = docs.map((_, i) => i);
    const rnd = random(docs.length);
    const buf = new Float64Array(Math.max(100, ...tree.subsOfHeading.map((s) => s.length), 1));
    const total = params.epochs * docs.length;
    let t = 0;
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const k of order) {
        const d = docs[k]!;
        if (d.feats.length === 0) continue;
        // A rate falling linearly to a tenth; features scaled to unit length.
        const rate = (params.rate * d.weight * (1 - (0.9 * t++) / total)) / Math.sqrt(d.feats.length);
        const x = 1 / Math.sqrt(d.feats.length);
        this.chapterStep(d.feats, x, chapterAt.get(d.chapter) ?? -1, rate, buf);
        if (d.heading < 0) continue;
        const hs = tree.headingsOfChapter.get(d.chapter) ?? [];
        this.step(this.wh, d.feats, x, hs, hs.indexOf(d.heading), rate, buf);
        if (d.sub < 0) continue;
        const ss = tree.subsOfHeading[d.heading] ?? [];
        this.step(this.ws, d.feats, x, ss, ss.indexOf(d.sub), rate, buf);
      }
    }
  }

  /** One gradient step of the chapters' softmax towards `gold` (its index). */
  private chapterStep(feats: Uint32Array, x: number, gold: number, rate: number, buf: Float64Array): void {
    if (gold < 0) return;
    const nc = this.tree.chapters.length;
    chapterSoftmax(this.wc, nc, feats, x, buf);
    // Only the chapters whose step is not negligible are updated (most have a probability near 0).
    const active: number[] = [];
    for (let c = 0; c < nc; c++) {
      buf[c] = rate * ((c === gold ? 1 : 0) - buf[c]!);
      if (Math.abs(buf[c]!) >= 1e-7) active.push(c);
    }
    const w = this.wc;
    for (let f = 0; f < feats.length; f++) {
      const row = (feats[f]! & ROW_MASK) * nc;
      for (const c of active) w[row + c]! += buf[c]!;
    }
  }

  /** One gradient step of the softmax over `classes` towards `gold`. */
  private step(
    w: Float32Array,
    feats: Uint32Array,
    x: number,
    classes: readonly number[],
    gold: number,
    rate: number,
    buf: Float64Array,
  ): void {
    if (gold < 0 || classes.length < 2) return;
    softmax(w, feats, x, classes, buf);
    for (let c = 0; c < classes.length; c++) {
      const g = rate * ((c === gold ? 1 : 0) - buf[c]!);
      if (Math.abs(g) < 1e-7) continue;
      const id = classes[c]!;
      for (let f = 0; f < feats.length; f++) w[slot(feats[f]!, id)]! += g;
    }
  }

  /** A query's log-probabilities, computed by level as they are asked for. */
  reader(feats: Uint32Array): LinearReading {
    return new LinearReading(this.tree, this.wc, this.wh, this.ws, feats);
  }
}

/** The chapters' probabilities (in the tree's order) into `out`. */
function chapterSoftmax(w: Float32Array, nc: number, feats: Uint32Array, x: number, out: Float64Array): void {
  out.fill(0, 0, nc);
  for (let f = 0; f < feats.length; f++) {
    const row = (feats[f]! & ROW_MASK) * nc;
    for (let c = 0; c < nc; c++) out[c]! += w[row + c]!;
  }
  let max = -Infinity;
  for (let c = 0; c < nc; c++) if ((out[c]! *= x) > max) max = out[c]!;
  let sum = 0;
  for (let c = 0; c < nc; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < nc; c++) out[c]! /= sum;
}

function softmax(
  w: Float32Array,
  feats: Uint32Array,
  x: number,
  classes: readonly number[],
  out: Float64Array,
): void {
  let max = -Infinity;
  for (let c = 0; c < classes.length; c++) {
    const id = classes[c]!;
    let z = 0;
    for (let f = 0; f < feats.length; f++) z += w[slot(feats[f]!, id)]!;
    z *= x;
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < classes.length; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < classes.length; c++) out[c]! /= sum;
}

/** Log-probabilities of one query at the three levels, each level's softmax computed once. */
export class LinearReading {
  private readonly chapter = new Map<number, number>();
  private readonly heading = new Map<number, number>();
  private readonly sub = new Map<number, number>();
  private readonly x: number;
  private readonly buf: Float64Array;

  constructor(
    private readonly tree: LinearTree,
    private readonly wc: Float32Array,
    private readonly wh: Float32Array,
    private readonly ws: Float32Array,
    private readonly feats: Uint32Array,
  ) {
    this.x = feats.length > 0 ? 1 / Math.sqrt(feats.length) : 0;
    this.buf = new Float64Array(Math.max(100, ...tree.subsOfHeading.map((s) => s.length)));
    chapterSoftmax(wc, tree.chapters.length, feats, this.x, this.buf);
    tree.chapters.forEach((c, i) => this.chapter.set(c, this.buf[i]!));
  }

  private fill(m: Map<number, number>, w: Float32Array, classes: readonly number[]): void {
    if (classes.length === 1) {
      m.set(classes[0]!, 1);
      return;
    }
    softmax(w, this.feats, this.x, classes, this.buf);
    classes.forEach((c, i) => m.set(c, this.buf[i]!));
  }

  /** The chapters, most probable first. */
  bestChapters(n: number): number[] {
    return [...this.chapter.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n)
      .map(([c]) => c);
  }

  /** P(chapter). */
  pChapter(chapter: number): number {
    return this.chapter.get(chapter) ?? 0;
  }

  /** P(heading | its chapter). */
  pHeading(chapter: number, heading: number): number {
    if (!this.heading.has(heading)) {
      this.fill(this.heading, this.wh, this.tree.headingsOfChapter.get(chapter) ?? [heading]);
    }
    return this.heading.get(heading) ?? 0;
  }

  /** P(subheading | its heading). */
  pSub(heading: number, sub: number): number {
    if (!this.sub.has(sub)) this.fill(this.sub, this.ws, this.tree.subsOfHeading[heading] ?? [sub]);
    return this.sub.get(sub) ?? 0;
  }
}
