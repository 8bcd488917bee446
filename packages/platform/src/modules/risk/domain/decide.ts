/**
 * The lane decision: signals weighted by the rule set, rules matched, the most severe lane, agency
 * holds, a seeded random selection, and the trusted-trader input — every part recorded, so that
 * the same inputs and rule set give the same verdict (replay).
 */
import type { Shipment } from '../../../kernel/shipment.js';
import type { TrustInput } from '../../trusted-trader/index.js';
import { LANE_RANK, type Condition, type Lane, type RuleSet } from './policy.js';
import type { Signal } from './signals.js';
import type { WrittenOut } from '../../../kernel/written-out.js';

export interface WeightedSignal extends Signal {
  readonly weight: number;
}

/** Why a hold is there: the rule that placed it, what the rule says, and the signals it read. */
export interface HoldReason {
  readonly hold: string;
  readonly rule: string;
  readonly reason: string;
  /** `code@path` of the signals behind it. */
  readonly signals: readonly string[];
}

export interface Decision {
  readonly lane: Lane;
  readonly score: number;
  readonly signals: readonly WeightedSignal[];
  readonly rules: readonly {
    readonly id: string;
    readonly lane: Lane;
    readonly description: string;
    /** Matched, but waived by a trusted trader's examination benefit (no lane, no CBP hold). */
    readonly waived?: true;
  }[];
  readonly holds: readonly string[];
  /** Every hold with its reason (decisions made before hold reasons have none). */
  readonly hold_reasons?: readonly HoldReason[];
  readonly random: { readonly selected: boolean; readonly draw: number; readonly rate: number };
  /** Set when the lane was full at the port and the selection moved down. */
  readonly capped: { readonly from: Lane; readonly port: string; readonly per_day: number } | null;
  readonly trusted: boolean;
  readonly rule_set: string;
}

/** A uniform draw in [0, 1) from a string: FNV-1a, then a 32-bit mix. Same input, same draw. */
export function draw(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

function field(s: Shipment, path: string): unknown {
  let v: unknown = s;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function holds(c: Condition, s: Shipment, codes: ReadonlySet<string>, score: number): boolean {
  if ('signal' in c) return codes.has(c.signal);
  if ('score_at_least' in c) return score >= c.score_at_least;
  if ('all' in c) return c.all.every((x) => holds(x, s, codes, score));
  if ('any' in c) return c.any.some((x) => holds(x, s, codes, score));
  if ('not' in c) return !holds(c.not, s, codes, score);
  const v = field(s, c.field);
  if (c.equals !== undefined) return v === c.equals;
  return c.in!.includes(v as string | number);
}

const worse = (a: Lane, b: Lane): Lane => (LANE_RANK[b] > LANE_RANK[a] ? b : a);

/**
 * The verdict for one filing (`id` seeds the random selection). A trusted trader (`trust`) keeps
 * the share `exam_factor` of its random and non-mandatory rule-based selections — each waived or
 * kept by a seeded draw of its own, so that a replay gives the same answer; list hits (mandatory
 * rules) and other agencies' holds are never waived.
 */
export function decide(
  rs: RuleSet,
  s: Shipment,
  id: string,
  signals: readonly Signal[],
  trust: TrustInput | null,
): Decision {
  // Written out, not `{ ...x, weight }`: on Node 20 an object literal that begins with a spread and
  // then adds a key gets a hidden class of its own, every time (ADR 0042).
  const weighted = signals.map((x): WrittenOut<WeightedSignal> => ({
    code: x.code,
    path: x.path,
    evidence: x.evidence,
    weight: rs.weights[x.code] ?? 0,
  }));
  // Each kind of signal counts once, at its weight: four lines of apparel are one sector signal.
  const perCode = new Map<string, number>();
  for (const w of weighted) perCode.set(w.code, Math.max(perCode.get(w.code) ?? 0, w.weight));
  let score = 0;
  for (const v of perCode.values()) score += v;
  score = Math.round(score * 100) / 100;
  const codes = new Set(perCode.keys());
  let lane: Lane = rs.default_lane;
  const matched: Decision['rules'][number][] = [];
  const holdSet = new Set<string>();
  const reasons: HoldReason[] = [];
  const named = (when: Condition, only?: (w: WeightedSignal) => boolean) =>
    weighted
      .filter((w) => matchesSignal(when, w.code) && (!only || only(w)))
      .map((w) => `${w.code}@${w.path}`);
  for (const r of rs.rules) {
    if (!holds(r.when, s, codes, score)) continue;
    const waived =
      trust !== null &&
      !r.mandatory &&
      LANE_RANK[r.lane] >= LANE_RANK.yellow &&
      draw(`${rs.random.seed}|waive|${r.id}|${id}`) >= trust.benefits.exam_factor;
    if (waived) {
      matched.push({ id: r.id, lane: r.lane, description: r.description, waived: true });
    } else {
      matched.push({ id: r.id, lane: r.lane, description: r.description });
      lane = worse(lane, r.lane);
      for (const h of r.holds ?? []) {
        holdSet.add(h);
        reasons.push({ hold: h, rule: r.id, reason: r.description, signals: named(r.when) });
      }
    }
    if (r.holds_from_signal) {
      for (const w of weighted) {
        const agency = w.evidence.agency;
        if (typeof agency === 'string' && codes.has(w.code) && matchesSignal(r.when, w.code)) {
          holdSet.add(agency);
          const message = typeof w.evidence.message === 'string' ? `: ${w.evidence.message}` : '';
          reasons.push({
            hold: agency,
            rule: r.id,
            reason: `${r.description}${message}`,
            signals: [`${w.code}@${w.path}`],
          });
        }
      }
    }
  }
  const rate = trust ? rs.random.rate * trust.benefits.exam_factor : rs.random.rate;
  const d = draw(`${rs.random.seed}|${id}`);
  const selected = d < rate;
  if (selected) lane = worse(lane, rs.random.lane);
  return {
    lane,
    score,
    signals: weighted,
    rules: matched,
    holds: [...holdSet].sort(),
    hold_reasons: reasons.sort((a, b) => (a.hold < b.hold ? -1 : a.hold > b.hold ? 1 : 0)),
    random: { selected, draw: Math.round(d * 1e6) / 1e6, rate },
    capped: null,
    trusted: trust !== null,
    rule_set: rs.version,
  };
}

function matchesSignal(c: Condition, code: string): boolean {
  if ('signal' in c) return c.signal === code;
  if ('all' in c) return c.all.some((x) => matchesSignal(x, code));
  if ('any' in c) return c.any.some((x) => matchesSignal(x, code));
  return false;
}

/**
 * Whether a decision may be moved down when its lane is full: not when a mandatory rule (a list
 * hit) put it there.
 */
export function movable(rs: RuleSet, d: Decision): boolean {
  const mandatory = new Set(rs.rules.filter((r) => r.mandatory).map((r) => r.id));
  return !d.rules.some((r) => mandatory.has(r.id) && r.lane === d.lane);
}

/** The decision moved down to `to` because its lane was full at the port. */
export function capDecision(d: Decision, to: Lane, port: string, perDay: number): Decision {
  return { ...d, lane: to, capped: { from: d.lane, port, per_day: perDay } };
}
