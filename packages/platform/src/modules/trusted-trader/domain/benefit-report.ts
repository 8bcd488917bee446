/**
 * What membership is worth, measured: members' shipments against a matched non-member baseline.
 * Matching is exact on strata (HTS chapter, origin, port, value band, month); the baseline of a
 * member is the non-members' figures in the member's strata, weighted by the member's shipments
 * in each (direct standardization), so that a member shipping cotton from Vietnam through Savannah
 * is compared with non-members doing the same, not with the whole traffic. Strata without
 * non-members are left out of the comparison and counted (`matched_shipments`).
 *
 * Intervals are 95 %: Wilson for rates, normal for means and for the standardized baseline,
 * order statistics for quantiles (with the baseline's effective sample size): intervals.ts.
 */
import type { Lane } from '../../risk/index.js';
import { Z, ci, quantile, round, weightedQuantile, wilson, type Baseline } from './intervals.js';

/** One decision of the ledger as the report reads it. */
export interface LedgerFacts {
  readonly member: string | null;
  readonly tier: string | null;
  readonly period: string;
  readonly chapter: string;
  readonly origin: string;
  readonly port: string;
  readonly band: number;
  readonly lane: Lane;
  /** The lane without membership (members only). */
  readonly counterfactual: Lane | null;
  readonly exam: boolean;
  readonly held: boolean;
  /** Hours from the decision to the release; null while not released. */
  readonly releaseHours: number | null;
  /** The stratum key `chapter|origin|port|band|period`, when the store gives it whole. */
  readonly stratum?: string;
}

/**
 * A cell of the ledger (ADR 0033): what the decisions of one month, stratum, member and tier add
 * up to. `released` counts the decisions whose release hours are known, those at 0 included.
 */
export interface LedgerCell {
  readonly member: string | null;
  readonly tier: string | null;
  /** The stratum key `chapter|origin|port|band|period`. */
  readonly stratum: string;
  readonly n: number;
  readonly exams: number;
  readonly holds: number;
  readonly examsAvoided: number;
  readonly holdsAvoided: number;
  readonly released: number;
  readonly hoursSum: number;
  readonly hoursSum2: number;
}

/** `n` decisions released after `hours` (> 0): of a non-member stratum, or of a member and tier. */
export interface LedgerHours {
  readonly member: string | null;
  readonly tier: string | null;
  /** The stratum key for non-members; null for members (their own hours are not per stratum). */
  readonly stratum: string | null;
  readonly hours: number;
  readonly n: number;
}

/** The stratum key of a decision. */
export const stratumOf = (r: LedgerFacts): string =>
  r.stratum ?? `${r.chapter}|${r.origin}|${r.port}|${r.band}|${r.period}`;

/** A builder's state as plain data: typed arrays and strings, cheap to send between threads. */
export interface BenefitPartial {
  readonly decisions: number;
  /** Stratum keys in id order. */
  readonly cells: readonly string[];
  readonly strata: {
    readonly n: Float64Array;
    readonly exams: Float64Array;
    readonly holds: Float64Array;
    readonly released: Float64Array;
    readonly sum: Float64Array;
    readonly sum2: Float64Array;
  };
  readonly baseCell: Int32Array;
  readonly baseHours: Float32Array;
  readonly groups: readonly {
    readonly member: string;
    readonly tier: string | null;
    /** n, exams, holds, exams avoided, holds avoided, released, sum, sum of squares. */
    readonly counts: readonly number[];
    readonly hours: Float32Array;
    readonly cells: Int32Array;
    readonly weights: Float64Array;
  }[];
}

/** Value bands in US dollars: under de minimis, informal, formal, large, very large. */
export const VALUE_BANDS_USD = [800, 2500, 25_000, 250_000] as const;
export function valueBand(usd: number): number {
  let b = 0;
  while (b < VALUE_BANDS_USD.length && usd >= VALUE_BANDS_USD[b]!) b++;
  return b;
}

/** A growable column of numbers (32-bit floats or integers). */
class Column<A extends Float32Array | Int32Array> {
  a: A;
  n = 0;
  constructor(private readonly make: (size: number) => A) {
    this.a = make(1024);
  }
  push(x: number) {
    if (this.n === this.a.length) {
      const b = this.make(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  /** Appends `x` `count` times. */
  pushN(x: number, count: number) {
    if (this.n + count > this.a.length) {
      const b = this.make(Math.max(this.a.length * 2, this.n + count));
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
    this.a.fill(x, this.n, this.n + count);
    this.n += count;
  }
}

const floats = () => new Column((n) => new Float32Array(n));
const ints = () => new Column((n) => new Int32Array(n));

/** A member, a tier or all members: what their shipments did, and in which strata. */
class Group {
  n = 0;
  exams = 0;
  holds = 0;
  examsAvoided = 0;
  holdsAvoided = 0;
  released = 0;
  sum = 0;
  sum2 = 0;
  /** Release hours other than 0 (the releases at 0 hours are `released` less these). */
  readonly hours = floats();
  readonly cells = new Map<number, number>();
  constructor(
    readonly member: string | null,
    /** A member's tier: the one of its latest part (decisions are added in ledger order). */
    public tier: string | null,
  ) {}

  /** Adds counts (another group's, a cell's, a part's): decisions, exams, … sums of hours. */
  count(
    n: number,
    exams: number,
    holds: number,
    examsAvoided: number,
    holdsAvoided: number,
    released: number,
    sum: number,
    sum2: number,
  ): void {
    this.n += n;
    this.exams += exams;
    this.holds += holds;
    this.examsAvoided += examsAvoided;
    this.holdsAvoided += holdsAvoided;
    this.released += released;
    this.sum += sum;
    this.sum2 += sum2;
  }

  /** Adds another group's figures to this one's. */
  absorb(o: Group): void {
    this.count(o.n, o.exams, o.holds, o.examsAvoided, o.holdsAvoided, o.released, o.sum, o.sum2);
    for (let i = 0; i < o.hours.n; i++) this.hours.push(o.hours.a[i]!);
    for (const [c, w] of o.cells) this.cells.set(c, (this.cells.get(c) ?? 0) + w);
    if (this.member !== null) this.tier = o.tier;
  }
}

/** Non-members per stratum (growable columns indexed by stratum id). */
class Strata {
  size = 0;
  n = new Float64Array(4096);
  exams = new Float64Array(4096);
  holds = new Float64Array(4096);
  released = new Float64Array(4096);
  sum = new Float64Array(4096);
  sum2 = new Float64Array(4096);
  grow(id: number) {
    if (id < this.n.length) return;
    const len = Math.max(id + 1, this.n.length * 2);
    for (const k of ['n', 'exams', 'holds', 'released', 'sum', 'sum2'] as const) {
      const b = new Float64Array(len);
      b.set(this[k]);
      this[k] = b;
    }
  }
}

export interface ReportRow {
  readonly member?: string;
  readonly tier: string | null;
  readonly shipments: number;
  readonly matched_shipments: number;
  readonly exam_rate: number;
  readonly exam_rate_ci: [number, number];
  readonly baseline_exam_rate: number | null;
  readonly baseline_exam_rate_ci: [number, number] | null;
  readonly hold_rate: number;
  readonly baseline_hold_rate: number | null;
  readonly released: number;
  readonly release_hours_mean: number | null;
  readonly release_hours_mean_ci: [number, number] | null;
  readonly baseline_release_hours_mean: number | null;
  readonly baseline_release_hours_mean_ci: [number, number] | null;
  readonly release_hours_p90: number | null;
  readonly release_hours_p90_ci: [number, number] | null;
  readonly baseline_release_hours_p90: number | null;
  readonly baseline_release_hours_p90_ci: [number, number] | null;
  /** Decisions whose lane without membership held the goods (yellow, red) and now does not. */
  readonly holds_avoided: number;
  readonly holds_avoided_ci: [number, number];
  /** Decisions whose lane without membership was an examination (red) and now is not. */
  readonly exams_avoided: number;
  readonly estimated_cost_saved_usd: number | null;
  readonly estimated_cost_saved_usd_ci: [number, number] | null;
}

export interface BenefitReport {
  readonly generated_at: string;
  readonly program: string;
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly decisions: number;
  readonly non_member_shipments: number;
  readonly strata: number;
  readonly costs: { readonly exam_usd: number; readonly hold_hour_usd: number };
  readonly members: readonly ReportRow[];
  readonly tiers: readonly ReportRow[];
  readonly overall: ReportRow;
}

const HELD: ReadonlySet<Lane> = new Set(['yellow', 'red']);

/**
 * Builds the report in one pass over the ledger: `add` every decision, then `report`. Memory is
 * a few columns per stratum and one float per decision released after more than 0 hours.
 */
export class BenefitReportBuilder {
  private readonly cellIds = new Map<string, number>();
  private readonly strata = new Strata();
  /** Non-member decisions released after more than 0 hours: stratum and hours (the quantiles). */
  private readonly baseCell = ints();
  private readonly baseHours = floats();
  /** Per member and tier: a member that changes tier has a part in each. */
  private readonly memberTier = new Map<string, Group>();
  private decisions = 0;

  constructor(private readonly costs: { readonly examUsdCents: number; readonly holdHourUsdCents: number }) {}

  private cellOf(key: string): number {
    let cell = this.cellIds.get(key);
    if (cell === undefined) {
      cell = this.cellIds.size;
      this.cellIds.set(key, cell);
      this.strata.grow(cell);
      this.strata.size = this.cellIds.size;
    }
    return cell;
  }

  add(r: LedgerFacts): void {
    this.decisions++;
    const cell = this.cellOf(stratumOf(r));
    const h = r.releaseHours;
    if (r.member === null) {
      const s = this.strata;
      s.n[cell]!++;
      if (r.exam) s.exams[cell]!++;
      if (r.held) s.holds[cell]!++;
      if (h !== null) {
        s.released[cell]!++;
        s.sum[cell]! += h;
        s.sum2[cell]! += h * h;
        if (h > 0) {
          this.baseCell.push(cell);
          this.baseHours.push(h);
        }
      }
      return;
    }
    // Per member and its tier at the decision; tiers and the overall figures are sums of these.
    const g = this.groupOf(r.member, r.tier);
    g.n++;
    if (r.exam) g.exams++;
    if (r.held) g.holds++;
    const cf = r.counterfactual;
    if (cf !== null) {
      if (cf === 'red' && r.lane !== 'red') g.examsAvoided++;
      if (HELD.has(cf) && !HELD.has(r.lane)) g.holdsAvoided++;
    }
    if (h !== null) {
      g.released++;
      g.sum += h;
      g.sum2 += h * h;
      if (h > 0) g.hours.push(h);
    }
    g.cells.set(cell, (g.cells.get(cell) ?? 0) + 1);
  }

  /**
   * Adds a cell: the decisions of one month, stratum, member and tier at once (the report over
   * whole months reads cells, not decisions), with `addHours` for their hours other than 0, and
   * `add` for decisions not in any cell yet.
   */
  addCell(c: LedgerCell): void {
    this.decisions += c.n;
    const cell = this.cellOf(c.stratum);
    if (c.member === null) {
      const s = this.strata;
      s.n[cell]! += c.n;
      s.exams[cell]! += c.exams;
      s.holds[cell]! += c.holds;
      s.released[cell]! += c.released;
      s.sum[cell]! += c.hoursSum;
      s.sum2[cell]! += c.hoursSum2;
      return;
    }
    const g = this.groupOf(c.member, c.tier);
    g.count(c.n, c.exams, c.holds, c.examsAvoided, c.holdsAvoided, c.released, c.hoursSum, c.hoursSum2);
    g.cells.set(cell, (g.cells.get(cell) ?? 0) + c.n);
  }

  /** Adds release hours other than 0 that cells count (see addCell). */
  addHours(h: LedgerHours): void {
    if (h.member === null) {
      this.baseCell.pushN(this.cellOf(h.stratum ?? ''), h.n);
      this.baseHours.pushN(h.hours, h.n);
    } else this.groupOf(h.member, h.tier).hours.pushN(h.hours, h.n);
  }

  private groupOf(member: string, tier: string | null): Group {
    const gk = tier === null ? member : `${member}\u0000${tier}`;
    let g = this.memberTier.get(gk);
    if (!g) this.memberTier.set(gk, (g = new Group(member, tier)));
    return g;
  }

  /** What this builder has gathered, as plain data (sent between threads). */
  partial(): BenefitPartial {
    const s = this.strata;
    const size = this.cellIds.size;
    return {
      decisions: this.decisions,
      cells: [...this.cellIds.keys()],
      strata: {
        n: s.n.slice(0, size),
        exams: s.exams.slice(0, size),
        holds: s.holds.slice(0, size),
        released: s.released.slice(0, size),
        sum: s.sum.slice(0, size),
        sum2: s.sum2.slice(0, size),
      },
      baseCell: this.baseCell.a.slice(0, this.baseCell.n),
      baseHours: this.baseHours.a.slice(0, this.baseHours.n),
      groups: [...this.memberTier.values()].map((g) => ({
        member: g.member!,
        tier: g.tier,
        counts: [g.n, g.exams, g.holds, g.examsAvoided, g.holdsAvoided, g.released, g.sum, g.sum2],
        hours: g.hours.a.slice(0, g.hours.n),
        cells: Int32Array.from(g.cells.keys()),
        weights: Float64Array.from(g.cells.values()),
      })),
    };
  }

  /** Adds what another builder gathered (a part of the ledger read elsewhere). */
  merge(p: BenefitPartial): void {
    this.decisions += p.decisions;
    const remap = Int32Array.from(p.cells, (k) => this.cellOf(k));
    const s = this.strata;
    for (let i = 0; i < remap.length; i++) {
      const c = remap[i]!;
      s.n[c]! += p.strata.n[i]!;
      s.exams[c]! += p.strata.exams[i]!;
      s.holds[c]! += p.strata.holds[i]!;
      s.released[c]! += p.strata.released[i]!;
      s.sum[c]! += p.strata.sum[i]!;
      s.sum2[c]! += p.strata.sum2[i]!;
    }
    for (let i = 0; i < p.baseCell.length; i++) {
      this.baseCell.push(remap[p.baseCell[i]!]!);
      this.baseHours.push(p.baseHours[i]!);
    }
    for (const pg of p.groups) {
      const g = this.groupOf(pg.member, pg.tier);
      const [n, exams, holds, examsAvoided, holdsAvoided, released, sum, sum2] = pg.counts as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      g.count(n, exams, holds, examsAvoided, holdsAvoided, released, sum, sum2);
      for (const h of pg.hours) g.hours.push(h);
      for (let i = 0; i < pg.cells.length; i++) {
        const c = remap[pg.cells[i]!]!;
        g.cells.set(c, (g.cells.get(c) ?? 0) + pg.weights[i]!);
      }
    }
  }

  report(program: string, generatedAt: string): BenefitReport {
    const sortedBase = this.sortBaseline();
    const row = (g: Group) => this.row(g, sortedBase);
    // The period covered: the months of the strata (the key's last part), once per stratum.
    let from: string | null = null;
    let to: string | null = null;
    for (const key of this.cellIds.keys()) {
      const period = key.slice(key.lastIndexOf('|') + 1);
      if (from === null || period < from) from = period;
      if (to === null || period > to) to = period;
    }
    const members = new Map<string, Group>();
    const tiers = new Map<string, Group>();
    const overall = new Group(null, null);
    for (const part of this.memberTier.values()) {
      let m = members.get(part.member!);
      if (!m) members.set(part.member!, (m = new Group(part.member, part.tier)));
      const tk = part.tier ?? 'none';
      let t = tiers.get(tk);
      if (!t) tiers.set(tk, (t = new Group(null, tk)));
      for (const g of [m, t, overall]) g.absorb(part);
    }
    return {
      generated_at: generatedAt,
      program,
      period: { from, to },
      decisions: this.decisions,
      non_member_shipments: this.decisions - overall.n,
      strata: this.cellIds.size,
      costs: { exam_usd: this.costs.examUsdCents / 100, hold_hour_usd: this.costs.holdHourUsdCents / 100 },
      members: [...members.values()].sort((a, b) => a.member!.localeCompare(b.member!)).map(row),
      tiers: [...tiers.values()].sort((a, b) => a.tier!.localeCompare(b.tier!)).map(row),
      overall: row(overall),
    };
  }

  /**
   * Non-member release hours other than 0 grouped by stratum, each group sorted (offsets and
   * values), and each stratum's releases at 0 hours: its releases less those listed.
   */
  private sortBaseline(): Baseline {
    const cells = this.cellIds.size;
    const start = new Int32Array(cells + 1);
    const n = this.baseHours.n;
    for (let i = 0; i < n; i++) start[this.baseCell.a[i]! + 1]!++;
    for (let c = 0; c < cells; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, cells);
    const hours = new Float32Array(n);
    for (let i = 0; i < n; i++) hours[fill[this.baseCell.a[i]!]!++] = this.baseHours.a[i]!;
    for (let c = 0; c < cells; c++) hours.subarray(start[c], start[c + 1]).sort();
    const zeros = new Float64Array(cells);
    for (let c = 0; c < cells; c++) zeros[c] = this.strata.released[c]! - (start[c + 1]! - start[c]!);
    return { start, hours, zeros };
  }

  private row(g: Group, base: Baseline): ReportRow {
    const s = this.strata;
    let matched = 0;
    let wExam = 0;
    let vExam = 0;
    let wHold = 0;
    let wRel = 0;
    let wMean = 0;
    let vMean = 0;
    let effDen = 0;
    const relCells: [number, number][] = [];
    for (const [c, w] of g.cells) {
      const n = s.n[c]!;
      if (n === 0) continue;
      matched += w;
      const p = s.exams[c]! / n;
      wExam += w * p;
      vExam += (w * w * p * (1 - p)) / n;
      wHold += (w * s.holds[c]!) / n;
      const r = s.released[c]!;
      if (r > 0) {
        const mean = s.sum[c]! / r;
        const variance = r > 1 ? Math.max(0, (s.sum2[c]! - r * mean * mean) / (r - 1)) : 0;
        wRel += w;
        wMean += w * mean;
        vMean += (w * w * variance) / r;
        effDen += (w * w) / r;
        relCells.push([c, w]);
      }
    }
    const examRate = g.n ? g.exams / g.n : 0;
    const bExam = matched ? wExam / matched : null;
    const bExamSe = matched ? Math.sqrt(vExam) / matched : 0;
    const mean = g.released ? g.sum / g.released : null;
    const sd =
      g.released > 1 ? Math.sqrt(Math.max(0, (g.sum2 - g.released * mean! * mean!) / (g.released - 1))) : 0;
    const meanSe = g.released ? sd / Math.sqrt(g.released) : 0;
    const bMean = wRel ? wMean / wRel : null;
    const bMeanSe = wRel ? Math.sqrt(vMean) / wRel : 0;
    const p90 = quantile(g.hours.a.subarray(0, g.hours.n).sort(), g.released - g.hours.n, 0.9);
    const bP90 = wRel ? weightedQuantile(relCells, wRel, (wRel * wRel) / effDen, base, 0.9) : null;
    let cost: number | null = null;
    let costCi: [number, number] | null = null;
    if (bExam !== null && bMean !== null && mean !== null) {
      const e = this.costs.examUsdCents / 100;
      const hr = this.costs.holdHourUsdCents / 100;
      cost = g.n * ((bExam - examRate) * e + (bMean - mean) * hr);
      const varExam = g.n ? (examRate * (1 - examRate)) / g.n : 0;
      const se = g.n * Math.sqrt(e * e * (bExamSe ** 2 + varExam) + hr * hr * (bMeanSe ** 2 + meanSe ** 2));
      costCi = ci(cost - Z * se, cost + Z * se, 2);
    }
    const [ha, hb] = wilson(g.holdsAvoided, g.n);
    return {
      ...(g.member !== null ? { member: g.member } : {}),
      tier: g.tier,
      shipments: g.n,
      matched_shipments: matched,
      exam_rate: round(examRate),
      exam_rate_ci: ci(...wilson(g.exams, g.n)),
      baseline_exam_rate: bExam === null ? null : round(bExam),
      baseline_exam_rate_ci:
        bExam === null ? null : ci(Math.max(0, bExam - Z * bExamSe), Math.min(1, bExam + Z * bExamSe)),
      hold_rate: round(g.n ? g.holds / g.n : 0),
      baseline_hold_rate: matched ? round(wHold / matched) : null,
      released: g.released,
      release_hours_mean: mean === null ? null : round(mean, 2),
      release_hours_mean_ci: mean === null ? null : ci(Math.max(0, mean - Z * meanSe), mean + Z * meanSe, 2),
      baseline_release_hours_mean: bMean === null ? null : round(bMean, 2),
      baseline_release_hours_mean_ci:
        bMean === null ? null : ci(Math.max(0, bMean - Z * bMeanSe), bMean + Z * bMeanSe, 2),
      release_hours_p90: p90 ? round(p90.value, 2) : null,
      release_hours_p90_ci: p90 ? p90.ci : null,
      baseline_release_hours_p90: bP90 ? round(bP90.value, 2) : null,
      baseline_release_hours_p90_ci: bP90 ? bP90.ci : null,
      holds_avoided: g.holdsAvoided,
      holds_avoided_ci: [Math.round(ha * g.n), Math.round(hb * g.n)],
      exams_avoided: g.examsAvoided,
      estimated_cost_saved_usd: cost === null ? null : round(cost, 2),
      estimated_cost_saved_usd_ci: costCi,
    };
  }
}
