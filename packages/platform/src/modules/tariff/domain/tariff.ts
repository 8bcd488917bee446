import { formatHts, htsDigits, htsLevel, type HtsLevel } from '../../../kernel/hts-code.js';
import { Bm25Index, type WeightedField } from '../../../kernel/text/bm25.js';
import { tokens } from '../../../kernel/text/tokens.js';
import { requiredUnits } from '../../../kernel/units.js';

/** One row of the tariff as published (a numbered line or an indent-only label row). */
export interface TariffRow {
  /** Digits only; '' for a label row ("Horses:"). */
  readonly code: string;
  readonly indent: number;
  readonly description: string;
  readonly units: readonly string[];
  readonly general: string;
  readonly special: string;
  readonly column2: string;
  readonly additional: string;
}

export interface TariffEditionInfo {
  /** e.g. "2026 Basic" */
  readonly edition: string;
  /** First day the edition is in force (YYYY-MM-DD). */
  readonly effectiveFrom: string;
  readonly snapshotId: string;
  readonly sha256: string;
}

export interface StatisticalLine {
  readonly row: TariffRow;
  /** Canonical keys of the units of quantity the line reports (see units.ts). */
  readonly requiredUnits: readonly string[];
}

export interface Rate {
  readonly text: string;
  /** Digits of the line the rate was published on (itself or the nearest ancestor that has one). */
  readonly from: string;
}

export interface TariffLine {
  readonly hts: string;
  readonly htsDotted: string;
  readonly level: HtsLevel;
  readonly description: string;
  readonly indent: number;
  readonly units: readonly string[];
  /** Ancestors from the heading down (labels included), nearest last. */
  readonly path: readonly { hts: string | null; description: string }[];
  readonly rates: { general: Rate | null; special: Rate | null; column2: Rate | null };
  readonly additionalDuties: string;
  /** Direct numbered children. */
  readonly children: readonly { hts: string; description: string }[];
}

export interface SearchHit {
  readonly hts: string;
  readonly htsDotted: string;
  readonly level: HtsLevel;
  readonly description: string;
  readonly context: string;
  readonly score: number;
}

interface Node {
  readonly row: TariffRow;
  readonly parent: number; // index, -1 for a root
}

const OWN_WEIGHT = 1;
const ANCESTOR_WEIGHT = 0.45;
const K1 = 1.2;
const B = 0.75;

/**
 * One HTSUS edition in memory: the hierarchy from indent levels, inherited rates and a ranked
 * text index (BM25 over each line's own words and, at a lower weight, its ancestors' words).
 */
export class Tariff {
  readonly info: TariffEditionInfo;
  private readonly nodes: Node[] = [];
  private readonly byCode = new Map<string, number>();
  /** Statistical lines: the row and the unit keys it requires, for the validation hot path. */
  private readonly lines = new Map<string, StatisticalLine>();
  private readonly childIdx = new Map<number, number[]>();
  private index: Bm25Index | null = null;
  /** The node of each indexed document (numbered lines only). */
  private docNode: number[] = [];
  /** Sorted statistical (10-digit) codes, for prefix scans. */
  private readonly statistical: string[] = [];

  constructor(info: TariffEditionInfo, rows: readonly TariffRow[]) {
    this.info = info;
    const stack: number[] = [];
    for (const row of rows) {
      while (stack.length > 0 && this.nodes[stack[stack.length - 1]!]!.row.indent >= row.indent) stack.pop();
      const parent = stack.length > 0 ? stack[stack.length - 1]! : -1;
      // A new heading (4 digits) is always a root, whatever indent a malformed file gives it.
      const idx = this.nodes.push({ row, parent: row.code.length === 4 ? -1 : parent }) - 1;
      if (row.code.length === 4) stack.length = 0;
      stack.push(idx);
      if (row.code !== '') {
        if (!this.byCode.has(row.code)) this.byCode.set(row.code, idx);
        const numberedParent = this.numberedAncestor(idx);
        if (numberedParent >= 0) {
          const list = this.childIdx.get(numberedParent);
          if (list) list.push(idx);
          else this.childIdx.set(numberedParent, [idx]);
        }
        if (row.code.length === 10) {
          this.statistical.push(row.code);
          if (!this.lines.has(row.code))
            this.lines.set(row.code, { row, requiredUnits: requiredUnits(row.units) });
        }
      }
    }
    this.statistical.sort();
  }

  get size(): number {
    return this.byCode.size;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  lookup(code: string): TariffLine | null {
    const idx = this.byCode.get(code);
    if (idx === undefined) return null;
    const node = this.nodes[idx]!;
    const path: { hts: string | null; description: string }[] = [];
    for (let p = node.parent; p >= 0; p = this.nodes[p]!.parent) {
      const r = this.nodes[p]!.row;
      path.unshift({ hts: r.code === '' ? null : r.code, description: r.description });
    }
    return {
      hts: code,
      htsDotted: formatHts(code),
      level: htsLevel(code)!,
      description: node.row.description,
      indent: node.row.indent,
      units: node.row.units,
      path,
      rates: {
        general: this.inherited(idx, 'general'),
        special: this.inherited(idx, 'special'),
        column2: this.inherited(idx, 'column2'),
      },
      additionalDuties: node.row.additional,
      children: (this.childIdx.get(idx) ?? []).map((c) => ({
        hts: this.nodes[c]!.row.code,
        description: this.nodes[c]!.row.description,
      })),
    };
  }

  /** A statistical (10-digit) line with the unit keys it requires, or undefined: one lookup. */
  statisticalLine(code: string): StatisticalLine | undefined {
    return this.lines.get(code);
  }

  /** All 10-digit statistical lines under a 4-, 6- or 8-digit prefix. */
  statisticalUnder(prefix: string): string[] {
    const out: string[] = [];
    let lo = 0;
    let hi = this.statistical.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.statistical[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.statistical.length && this.statistical[i]!.startsWith(prefix); i++) {
      out.push(this.statistical[i]!);
    }
    return out;
  }

  /** Ranked text search; a query of digits (with or without dots) lists the lines under that prefix. */
  search(query: string, limit = 20, level?: HtsLevel): SearchHit[] {
    const digits = htsDigits(query);
    if (/^\d{2,10}$/.test(digits)) {
      const hits: SearchHit[] = [];
      for (const [code] of this.byCode) {
        if (!code.startsWith(digits) || (level && htsLevel(code) !== level)) continue;
        hits.push(this.hit(this.byCode.get(code)!, 1));
        if (hits.length >= limit) break;
      }
      return hits;
    }
    const q = new Map(tokens(query).map((t) => [t, 1]));
    if (q.size === 0) return [];
    const index = this.buildIndex();
    const scored: [number, number][] = [];
    index.search(q, (doc, score) => {
      if (!level || htsLevel(this.nodes[this.docNode[doc]!]!.row.code) === level) scored.push([doc, score]);
    });
    const code = (doc: number) => this.nodes[this.docNode[doc]!]!.row.code;
    const ranked = scored.sort((a, b) => b[1] - a[1] || code(a[0]).localeCompare(code(b[0]))).slice(0, limit);
    return ranked.map(([doc, score]) => this.hit(this.docNode[doc]!, Math.round(score * 1000) / 1000));
  }

  private hit(idx: number, score: number): SearchHit {
    const row = this.nodes[idx]!.row;
    const ctx: string[] = [];
    for (let p = this.nodes[idx]!.parent; p >= 0; p = this.nodes[p]!.parent)
      ctx.unshift(this.nodes[p]!.row.description);
    return {
      hts: row.code,
      htsDotted: formatHts(row.code),
      level: htsLevel(row.code)!,
      description: row.description,
      context: ctx.join(' › '),
      score,
    };
  }

  private numberedAncestor(idx: number): number {
    for (let p = this.nodes[idx]!.parent; p >= 0; p = this.nodes[p]!.parent) {
      if (this.nodes[p]!.row.code !== '') return p;
    }
    return -1;
  }

  private inherited(idx: number, field: 'general' | 'special' | 'column2'): Rate | null {
    for (let p = idx; p >= 0; p = this.nodes[p]!.parent) {
      const r = this.nodes[p]!.row;
      if (r[field] !== '' && r.code !== '') return { text: r[field], from: r.code };
    }
    return null;
  }

  /** Built on the first text search: validation never needs it. */
  private buildIndex(): Bm25Index {
    if (this.index) return this.index;
    const own = this.nodes.map((node) => tokens(node.row.description));
    const docs: WeightedField[][] = [];
    this.nodes.forEach((node, idx) => {
      if (node.row.code === '') return;
      const fields: WeightedField[] = [{ terms: own[idx]!, weight: OWN_WEIGHT }];
      for (let p = node.parent; p >= 0; p = this.nodes[p]!.parent)
        fields.push({ terms: own[p]!, weight: ANCESTOR_WEIGHT });
      docs.push(fields);
      this.docNode.push(idx);
    });
    this.index = Bm25Index.build(docs, K1, B);
    return this.index;
  }
}
