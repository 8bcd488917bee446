/**
 * A compact BM25 index: each posting holds its whole precomputed contribution (idf × saturated,
 * length-normalised term frequency), so that a query is a few additions per posting into a reused
 * accumulator. Documents are weighted bags of terms (a field counts `weight` times per term).
 */
import { isOffsets } from '../offsets.js';

export interface WeightedField {
  readonly terms: readonly string[];
  readonly weight: number;
}

/** An index's postings, flat: term i's documents and scores are [offsets[i], offsets[i + 1]). */
export interface Bm25Data {
  readonly size: number;
  readonly terms: string[];
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
  readonly score: Float32Array;
}

/** Whether a value is an index's data with consistent sizes (a cached one is checked). */
export function isBm25Data(v: unknown): v is Bm25Data {
  const d = v as Partial<Bm25Data> | null;
  return (
    typeof d?.size === 'number' &&
    Array.isArray(d.terms) &&
    d.docs instanceof Int32Array &&
    d.score instanceof Float32Array &&
    d.docs.length === d.score.length &&
    // Postings are read in place between consecutive offsets (Bm25Index.fromData).
    isOffsets(d.offsets, d.terms.length, d.docs.length) &&
    d.docs.every((x) => x >= 0 && x < d.size!)
  );
}

/** Numbers a caller may read and not write (an index's answer, see Bm25Index.run). */
export interface ReadonlyNumbers {
  readonly [i: number]: number;
  readonly length: number;
}

/**
 * A ranked index over documents numbered from 0. Its postings are held flat, as `Bm25Data` keeps
 * them: term i's documents (ascending) and scores are `docs` and `score` over
 * [offsets[i], offsets[i + 1]). A server holds its indexes for its life and every full garbage
 * collection marks what it holds: a postings object and two typed arrays per term were ~0.1 M
 * objects of a ready server's 2.7 M (docs/benchmarks.md, issue 22).
 */
export class Bm25Index {
  /** Term → its number i (into `offsets`). */
  private readonly termAt: Map<string, number>;
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly score: Float32Array;
  /**
   * The last search's answer (`run`): its documents docs[0..n), and per document its score and
   * coverage — 0 for a document it did not find. The next search clears only what this one set,
   * so nothing outside may write them: callers get them as ReadonlyNumbers.
   */
  private readonly docsFound: Int32Array;
  private readonly scoreSums: Float64Array;
  private readonly coverSums: Float64Array;
  private readonly mark: Uint8Array;
  private n = 0;
  private searches = 0;

  private constructor(
    readonly size: number,
    termAt: Map<string, number>,
    offsets: Int32Array,
    docs: Int32Array,
    score: Float32Array,
  ) {
    this.termAt = termAt;
    this.offsets = offsets;
    this.docs = docs;
    this.score = score;
    this.scoreSums = new Float64Array(size);
    this.coverSums = new Float64Array(size);
    this.mark = new Uint8Array(size);
    this.docsFound = new Int32Array(size);
  }

  /** The postings, flat (kept by the artefact cache): terms, offsets into docs and scores. */
  data(): Bm25Data {
    const at = [...this.termAt.values()];
    const offsets = new Int32Array(at.length + 1);
    at.forEach((k, i) => (offsets[i + 1] = offsets[i]! + this.offsets[k + 1]! - this.offsets[k]!));
    const docs = new Int32Array(offsets[at.length]!);
    const score = new Float32Array(docs.length);
    at.forEach((k, i) => {
      docs.set(this.docs.subarray(this.offsets[k]!, this.offsets[k + 1]!), offsets[i]!);
      score.set(this.score.subarray(this.offsets[k]!, this.offsets[k + 1]!), offsets[i]!);
    });
    return { size: this.size, terms: [...this.termAt.keys()], offsets, docs, score };
  }

  /** The index again from its data (its flat arrays, read in place). */
  static fromData(d: Bm25Data): Bm25Index {
    const termAt = new Map<string, number>();
    d.terms.forEach((t, i) => termAt.set(t, i));
    return new Bm25Index(d.size, termAt, d.offsets, d.docs, d.score);
  }

  /** Builds the index over documents given in order (document i is number i). */
  static build(docs: readonly (readonly WeightedField[])[], k1 = 1.2, b = 0.75): Bm25Index {
    const entries = new Map<string, { docs: number[]; tf: number[] }>();
    const lengths = new Float64Array(docs.length);
    const tf = new Map<string, number>();
    docs.forEach((fields, d) => {
      tf.clear();
      let len = 0;
      for (const f of fields) {
        if (f.weight <= 0) continue;
        for (const t of f.terms) {
          tf.set(t, (tf.get(t) ?? 0) + f.weight);
          len += f.weight;
        }
      }
      lengths[d] = len;
      for (const [t, n] of tf) {
        let e = entries.get(t);
        if (!e) entries.set(t, (e = { docs: [], tf: [] }));
        e.docs.push(d);
        e.tf.push(n);
      }
    });
    const size = docs.length;
    let total = 0;
    for (const l of lengths) total += l;
    const avg = size > 0 ? total / size || 1 : 1;
    const termAt = new Map<string, number>();
    const offsets = new Int32Array(entries.size + 1);
    let k = 0;
    for (const [term, p] of entries) {
      termAt.set(term, k);
      offsets[k + 1] = offsets[k]! + p.docs.length;
      k++;
    }
    const flatDocs = new Int32Array(offsets[entries.size]!);
    const flatScore = new Float32Array(flatDocs.length);
    k = 0;
    for (const p of entries.values()) {
      const at = offsets[k++]!;
      const idf = Math.log(1 + (size - p.docs.length + 0.5) / (p.docs.length + 0.5));
      for (let i = 0; i < p.docs.length; i++) {
        const tf = p.tf[i]!;
        const len = lengths[p.docs[i]!]!;
        flatDocs[at + i] = p.docs[i]!;
        flatScore[at + i] = (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg));
      }
    }
    return new Bm25Index(size, termAt, offsets, flatDocs, flatScore);
  }

  /** The term's inverse document frequency (the largest for a term no document holds). */
  idf(term: string): number {
    return this.idfAt(this.termAt.get(term) ?? -1);
  }

  has(term: string): boolean {
    return this.termAt.has(term);
  }

  /** How many documents hold the term. */
  df(term: string): number {
    const k = this.termAt.get(term);
    return k === undefined ? 0 : this.offsets[k + 1]! - this.offsets[k]!;
  }

  /**
   * Scores the documents that share a term with the query (term → weight in the query); calls
   * `each(doc, score, covered)` for every one, in no particular order, where `covered` sums the
   * `cover` weights of the query's terms the document holds (0 without `cover`). Postings longer
   * than `maxDf` are skipped (a term in most documents tells nothing and costs most).
   */
  search(
    query: ReadonlyMap<string, number>,
    each: (doc: number, score: number, covered: number) => void,
    maxDf = Infinity,
    cover?: ReadonlyMap<string, number>,
  ): void {
    const n = this.run(query, maxDf, cover);
    const { docsFound: found, scoreSums: scores, coverSums: covers } = this;
    for (let i = 0; i < n; i++) {
      const d = found[i]!;
      each(d, scores[d]!, covers[d]!);
    }
  }

  /**
   * The same search without a call per document: returns how many documents it found, n, and
   * leaves them in `found[0..n)` (beyond n: older answers' documents) and their sums in `scores`
   * and `covers` (0 for every other document), to be read until this index's next search.
   */
  run(query: ReadonlyMap<string, number>, maxDf = Infinity, cover?: ReadonlyMap<string, number>): number {
    this.clear();
    let n = 0;
    for (const [term, qw] of query) {
      const k = this.termAt.get(term);
      if (k !== undefined) n = this.add(k, qw, cover?.get(term) ?? 0, maxDf, n);
    }
    this.n = n;
    this.searches++;
    return n;
  }

  /**
   * `run` for a query whose terms' places in this index are known (SharedTerms): term j's place is
   * places[from + j] (-1: no document holds it), its weight weights[j] and its cover weight
   * covers[j] (0 without). The same sums in the same order as `run` of the same query.
   */
  runAt(
    places: ReadonlyNumbers,
    from: number,
    weights: ReadonlyNumbers,
    terms: number,
    maxDf = Infinity,
    covers?: ReadonlyNumbers,
  ): number {
    this.clear();
    let n = 0;
    for (let j = 0; j < terms; j++) {
      const k = places[from + j]!;
      if (k >= 0) n = this.add(k, weights[j]!, covers ? covers[j]! : 0, maxDf, n);
    }
    this.n = n;
    this.searches++;
    return n;
  }

  /** The inverse document frequency of the term at place k (-1: none holds it; `idf` by place). */
  idfAt(k: number): number {
    const n = k < 0 ? 0 : this.offsets[k + 1]! - this.offsets[k]!;
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /** Every term of the dictionary with its place (SharedTerms). */
  terms(): IterableIterator<[string, number]> {
    return this.termAt.entries();
  }

  /** Clears what the last search set (its documents' marks and sums). */
  private clear(): void {
    const { scoreSums: scores, coverSums: covers, mark, docsFound: found } = this;
    for (let i = 0; i < this.n; i++) {
      const d = found[i]!;
      mark[d] = 0;
      scores[d] = 0;
      covers[d] = 0;
    }
    this.n = 0;
  }

  /** Adds the postings of the term at place k (weight qw, cover weight cw) to the sums; returns n. */
  private add(k: number, qw: number, cw: number, maxDf: number, n: number): number {
    const { scoreSums: scores, coverSums: covers, mark, docsFound: found, docs, score, offsets } = this;
    const from = offsets[k]!;
    const to = offsets[k + 1]!;
    if (to - from > maxDf) return n;
    for (let i = from; i < to; i++) {
      const d = docs[i]!;
      if (mark[d] === 0) {
        mark[d] = 1;
        found[n++] = d;
      }
      scores[d] = scores[d]! + qw * score[i]!;
      covers[d] = covers[d]! + cw;
    }
    return n;
  }

  /** The last search's documents, found[0..n) (`run`). */
  get found(): ReadonlyNumbers {
    return this.docsFound;
  }

  /** The last search's score of every document (0: not found). */
  get scores(): ReadonlyNumbers {
    return this.scoreSums;
  }

  /** The last search's coverage of every document (0: not found, or no `cover`). */
  get covers(): ReadonlyNumbers {
    return this.coverSums;
  }

  /** How many searches this index has run: the last one's answer is still in `scores` while this has not moved. */
  get runs(): number {
    return this.searches;
  }

  /** The contribution of one term to one document (0 when absent), for explanations. */
  termScore(term: string, doc: number): number {
    const k = this.termAt.get(term);
    if (k === undefined) return 0;
    const i = positionOf(this.docs, this.offsets[k]!, this.offsets[k + 1]!, doc);
    return i < 0 ? 0 : this.score[i]!;
  }

  /**
   * One document's score and coverage exactly as `search` reports them (the same sums in the same
   * order; 0 and 0 for a document that holds no term of the query): for a document looked at after
   * the search, without keeping every score it gave.
   */
  scoreOf(
    query: ReadonlyMap<string, number>,
    doc: number,
    maxDf = Infinity,
    cover?: ReadonlyMap<string, number>,
  ): { score: number; covered: number } {
    let score = 0;
    let covered = 0;
    for (const [term, qw] of query) {
      const k = this.termAt.get(term);
      if (k === undefined) continue;
      const from = this.offsets[k]!;
      const to = this.offsets[k + 1]!;
      if (to - from > maxDf) continue;
      const i = positionOf(this.docs, from, to, doc);
      if (i < 0) continue;
      score = score + qw * this.score[i]!;
      covered = covered + (cover?.get(term) ?? 0);
    }
    return { score, covered };
  }
}

/**
 * One dictionary for the terms of several indices searched with the same queries: a query's term
 * is looked up once, and its place in each index read from an array, instead of a look-up in each
 * index's own dictionary (the classifier searches four with every new description, and those
 * look-ups were a third of its searches' time: docs/benchmarks.md, issue 22).
 */
export class SharedTerms {
  private readonly idOf = new Map<string, number>();
  /** Per index, each term's place there by its id here (-1: not there). */
  private readonly placeOf: Int32Array[];

  constructor(indices: readonly Bm25Index[]) {
    for (const index of indices) {
      for (const [term] of index.terms()) if (!this.idOf.has(term)) this.idOf.set(term, this.idOf.size);
    }
    this.placeOf = indices.map((index) => {
      const places = new Int32Array(this.idOf.size).fill(-1);
      for (const [term, k] of index.terms()) places[this.idOf.get(term)!] = k;
      return places;
    });
  }

  /**
   * The query's terms, in its order: term j's place in index i into places[i * stride + j], its
   * weight into weights[j]. Returns how many terms (at most `stride`).
   */
  read(
    query: ReadonlyMap<string, number>,
    places: Int32Array,
    weights: Float64Array,
    stride: number,
  ): number {
    let j = 0;
    for (const [term, w] of query) {
      if (j === stride) break;
      const id = this.idOf.get(term);
      for (let i = 0; i < this.placeOf.length; i++) {
        places[i * stride + j] = id === undefined ? -1 : this.placeOf[i]![id]!;
      }
      weights[j++] = w;
    }
    return j;
  }
}

/** Where a document is in a sorted postings list, docs[from, to), or -1. */
function positionOf(docs: Int32Array, from: number, to: number, doc: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid]!;
    if (v === doc) return mid;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
