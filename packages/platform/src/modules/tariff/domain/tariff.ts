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

const OWN_WEIGHT = 1;
const ANCESTOR_WEIGHT = 0.45;
const K1 = 1.2;
const B = 0.75;

/**
 * One HTSUS edition in memory: the hierarchy from indent levels, inherited rates and a ranked
 * text index (BM25 over each line's own words and, at a lower weight, its ancestors' words).
 *
 * The rows are held as columns (one array a field, repeated texts once), not as an object a row:
 * an edition is ~35,000 rows, held for the process's life, and every full collection of a serving
 * process marked each row's objects again (ADR 0039). A row is built when asked (a statistical line once).
 */
export class Tariff {
  readonly info: TariffEditionInfo;
  private readonly code: string[] = [];
  private readonly indent: number[] = [];
  private readonly description: string[] = [];
  private readonly general: string[] = [];
  private readonly special: string[] = [];
  private readonly column2: string[] = [];
  private readonly additional: string[] = [];
  /** Row `i`'s units are `units[unitStart[i] .. unitStart[i + 1])`. */
  private readonly units: string[] = [];
  private readonly unitStart: Int32Array;
  /** Index of the parent row, -1 for a root. */
  private readonly parent: Int32Array;
  private readonly byCode = new Map<string, number>();
  /** Statistical lines: the row of each 10-digit code (its first). */
  private readonly lineRow = new Map<string, number>();
  /**
   * Statistical lines built when first asked for, then kept: validation asks for one a filed line,
   * and traffic uses a part of the edition's ~20,000 lines.
   */
  private readonly built = new Map<number, StatisticalLine>();
  /** Row `i`'s numbered children are `children[childStart[i] .. childStart[i + 1])`. */
  private readonly childStart: Int32Array;
  private readonly children: Int32Array;
  private index: Bm25Index | null = null;
  /** The row of each indexed document (numbered lines only). */
  private docNode: number[] = [];
  /** Sorted statistical (10-digit) codes, for prefix scans. */
  private readonly statistical: string[] = [];

  constructor(info: TariffEditionInfo, rows: readonly TariffRow[]) {
    this.info = info;
    const n = rows.length;
    this.unitStart = new Int32Array(n + 1);
    this.parent = new Int32Array(n);
    // Rates, units and label texts repeat ("Free", "kg", "Other:"): one string each.
    const texts = new Map<string, string>();
    const once = (t: string) => {
      const kept = texts.get(t);
      if (kept !== undefined) return kept;
      texts.set(t, t);
      return t;
    };
    const numberedParent = new Int32Array(n);
    const childCount = new Int32Array(n + 1);
    const stack: number[] = [];
    rows.forEach((row, idx) => {
      while (stack.length > 0 && this.indent[stack[stack.length - 1]!]! >= row.indent) stack.pop();
      const parent = stack.length > 0 ? stack[stack.length - 1]! : -1;
      // A new heading (4 digits) is always a root, whatever indent a malformed file gives it.
      this.parent[idx] = row.code.length === 4 ? -1 : parent;
      this.code.push(row.code);
      this.indent.push(row.indent);
      this.description.push(once(row.description));
      this.general.push(once(row.general));
      this.special.push(once(row.special));
      this.column2.push(once(row.column2));
      this.additional.push(once(row.additional));
      for (const u of row.units) this.units.push(once(u));
      this.unitStart[idx + 1] = this.units.length;
      if (row.code.length === 4) stack.length = 0;
      stack.push(idx);
      numberedParent[idx] = -1;
      if (row.code !== '') {
        if (!this.byCode.has(row.code)) this.byCode.set(row.code, idx);
        const np = this.numberedAncestor(idx);
        numberedParent[idx] = np;
        if (np >= 0) childCount[np + 1]!++;
        if (row.code.length === 10) {
          this.statistical.push(row.code);
          if (!this.lineRow.has(row.code)) this.lineRow.set(row.code, idx);
        }
      }
    });
    for (let i = 0; i < n; i++) childCount[i + 1]! += childCount[i]!;
    this.childStart = childCount;
    this.children = new Int32Array(childCount[n]!);
    const fill = childCount.slice(0, n);
    for (let i = 0; i < n; i++) if (numberedParent[i]! >= 0) this.children[fill[numberedParent[i]!]!++] = i;
    this.statistical.sort();
  }

  /** Row `i` as published. */
  private row(i: number): TariffRow {
    return {
      code: this.code[i]!,
      indent: this.indent[i]!,
      description: this.description[i]!,
      units: this.units.slice(this.unitStart[i], this.unitStart[i + 1]),
      general: this.general[i]!,
      special: this.special[i]!,
      column2: this.column2[i]!,
      additional: this.additional[i]!,
    };
  }

  private childrenOf(i: number): Int32Array {
    return this.children.subarray(this.childStart[i], this.childStart[i + 1]);
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
    const path: { hts: string | null; description: string }[] = [];
    for (let p = this.parent[idx]!; p >= 0; p = this.parent[p]!) {
      path.unshift({ hts: this.code[p] === '' ? null : this.code[p]!, description: this.description[p]! });
    }
    return {
      hts: code,
      htsDotted: formatHts(code),
      level: htsLevel(code)!,
      description: this.description[idx]!,
      indent: this.indent[idx]!,
      units: this.units.slice(this.unitStart[idx], this.unitStart[idx + 1]),
      path,
      rates: {
        general: this.inherited(idx, 'general'),
        special: this.inherited(idx, 'special'),
        column2: this.inherited(idx, 'column2'),
      },
      additionalDuties: this.additional[idx]!,
      children: Array.from(this.childrenOf(idx), (c) => ({
        hts: this.code[c]!,
        description: this.description[c]!,
      })),
    };
  }

  /** A statistical (10-digit) line with the unit keys it requires, or undefined: one lookup. */
  statisticalLine(code: string): StatisticalLine | undefined {
    const i = this.lineRow.get(code);
    if (i === undefined) return undefined;
    let line = this.built.get(i);
    if (!line) {
      const row = this.row(i);
      line = { row, requiredUnits: requiredUnits(row.units) };
      this.built.set(i, line);
    }
    return line;
  }

  /** Whether a code is a statistical (10-digit) line of the edition. */
  isStatistical(code: string): boolean {
    return this.lineRow.has(code);
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
      if (!level || htsLevel(this.code[this.docNode[doc]!]!) === level) scored.push([doc, score]);
    });
    const code = (doc: number) => this.code[this.docNode[doc]!]!;
    const ranked = scored.sort((a, b) => b[1] - a[1] || code(a[0]).localeCompare(code(b[0]))).slice(0, limit);
    return ranked.map(([doc, score]) => this.hit(this.docNode[doc]!, Math.round(score * 1000) / 1000));
  }

  private hit(idx: number, score: number): SearchHit {
    const code = this.code[idx]!;
    const ctx: string[] = [];
    for (let p = this.parent[idx]!; p >= 0; p = this.parent[p]!) ctx.unshift(this.description[p]!);
    return {
      hts: code,
      htsDotted: formatHts(code),
      level: htsLevel(code)!,
      description: this.description[idx]!,
      context: ctx.join(' › '),
      score,
    };
  }

  private numberedAncestor(idx: number): number {
    for (let p = this.parent[idx]!; p >= 0; p = this.parent[p]!) {
      if (this.code[p] !== '') return p;
    }
    return -1;
  }

  private inherited(idx: number, field: 'general' | 'special' | 'column2'): Rate | null {
    const rates = this[field];
    for (let p = idx; p >= 0; p = this.parent[p]!) {
      if (rates[p] !== '' && this.code[p] !== '') return { text: rates[p]!, from: this.code[p]! };
    }
    return null;
  }

  /** Built on the first text search: validation never needs it. */
  private buildIndex(): Bm25Index {
    if (this.index) return this.index;
    const own = this.description.map((d) => tokens(d));
    const docs: WeightedField[][] = [];
    this.code.forEach((code, idx) => {
      if (code === '') return;
      const fields: WeightedField[] = [{ terms: own[idx]!, weight: OWN_WEIGHT }];
      for (let p = this.parent[idx]!; p >= 0; p = this.parent[p]!)
        fields.push({ terms: own[p]!, weight: ANCESTOR_WEIGHT });
      docs.push(fields);
      this.docNode.push(idx);
    });
    this.index = Bm25Index.build(docs, K1, B);
    return this.index;
  }
}
