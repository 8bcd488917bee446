import type { Finding } from '../../kernel/finding.js';
import { decide, capDecision, movable, type Decision } from './domain/decide.js';
import type { TrustInput } from '../trusted-trader/index.js';
import type { Lane, RuleSet } from './domain/policy.js';
import type { BenefitApplied, DecisionRecord } from './domain/record.js';
import {
  riskSignals,
  unitValue,
  type ForcedLaborMode,
  type RiskData,
  type RiskInputs,
  type ValueStats,
} from './domain/signals.js';
import {
  appliedInputs,
  goodsTerms,
  merchandiseWords,
  type MappedNode,
  type OrderScope,
  type WroOrder,
} from './domain/forced-labor.js';
import type { CountryResolver } from '../screening/index.js';
import type { WatchlistEntry } from '../screening/index.js';
import type { Shipment } from '../../kernel/shipment.js';
import { htsDigits } from '../../kernel/hts-code.js';
import { fold } from '../../kernel/text/fold.js';
import { nth } from '../../kernel/nth.js';
import type { WrittenOut } from '../../kernel/written-out.js';
import type { DecisionRepository } from './repository.js';
import { MemoryRiskState, type RiskState } from './risk-state.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface RiskStore {
  readonly decisions: DecisionRepository;
}

/** A rule set as loaded: parsed, with the SHA-256 and text it is stored and replayed by. */
export interface LoadedRuleSet {
  readonly ruleSet: RuleSet;
  readonly sha256: string;
  readonly text: string;
}

/**
 * Recent unit values per subheading and origin (the last `capacity` of each), and their robust
 * statistics; at most `maxKeys` keys, the least recently added to evicted first.
 */
export class ValueBook {
  private readonly book = new Map<string, KeyValues>();
  /** The keys in order of their last value added (a list through the entries: no map re-insertion). */
  private oldest: KeyValues | null = null;
  private newest: KeyValues | null = null;
  /** Where the statistics are computed (one key at a time): no array sorted or copied per refresh. */
  private readonly scratch: Float64Array;
  constructor(
    private readonly capacity = 256,
    private readonly maxKeys = 50_000,
  ) {
    this.scratch = new Float64Array(capacity);
  }

  /** The statistics of a key, or null while it has fewer than `min` values. */
  stats(key: string, min: number): ValueStats | null {
    const b = this.book.get(key);
    if (!b || b.size < min) return null;
    // Refreshed once an eighth of the sample is new: exact while small, cheap once large.
    if (b.stats === null || b.dirty >= Math.max(1, b.size >> 3)) {
      b.stats = robustStats(b.values, b.size, this.scratch);
      b.dirty = 0;
    }
    return b.stats;
  }

  /** The values kept for a key, in no particular order. */
  kept(key: string): number[] {
    const b = this.book.get(key);
    return b ? Array.from(b.values.subarray(0, b.size)) : [];
  }

  add(key: string, value: number): void {
    let b = this.book.get(key);
    if (b) {
      if (b !== this.newest) {
        this.unlink(b);
        this.append(b);
      }
    } else {
      b = {
        key,
        values: new Float64Array(4),
        next: 0,
        size: 0,
        stats: null,
        dirty: 0,
        older: null,
        newer: null,
      };
      this.book.set(key, b);
      this.append(b);
      if (this.book.size > this.maxKeys) {
        const gone = this.oldest!;
        this.unlink(gone);
        this.book.delete(gone.key);
      }
    }
    // Grown by doubling up to the capacity (most keys hold a few values: 2 KiB each at once was
    // 100 MB a thread at 50,000 keys). Until full the ring has not wrapped: values sit in 0..size.
    if (b.size === b.values.length && b.size < this.capacity) {
      const grown = new Float64Array(Math.min(this.capacity, b.values.length * 2));
      grown.set(b.values);
      b.values = grown;
    }
    b.values[b.next] = value;
    b.next = (b.next + 1) % this.capacity;
    b.size = Math.min(b.size + 1, this.capacity);
    b.dirty++;
  }

  private unlink(b: KeyValues): void {
    if (b.older) b.older.newer = b.newer;
    else this.oldest = b.newer;
    if (b.newer) b.newer.older = b.older;
    else this.newest = b.older;
    b.older = b.newer = null;
  }

  private append(b: KeyValues): void {
    b.older = this.newest;
    if (this.newest) this.newest.newer = b;
    else this.oldest = b;
    this.newest = b;
  }
}

/** A key's recent values (a ring), their statistics, and its neighbours in order of last use. */
interface KeyValues {
  readonly key: string;
  values: Float64Array;
  /** Where the next value goes, how many are kept, and how many came since the statistics. */
  next: number;
  size: number;
  stats: ValueStats | null;
  dirty: number;
  older: KeyValues | null;
  newer: KeyValues | null;
}

/**
 * The median of the first `n` values and their median absolute deviation from it: the middle
 * (index n >> 1) of each sorted, found by selection in `scratch` — linear, where sorting both was
 * most of the book's time. Values are positive; an infinite median (a unit value that overflowed)
 * would give NaN deviations, which only a sort orders as before, so that case sorts.
 */
function robustStats(values: Float64Array, n: number, scratch: Float64Array): ValueStats {
  const xs = scratch.subarray(0, n);
  xs.set(values.subarray(0, n));
  const median = nth(xs, n >> 1);
  if (!Number.isFinite(median)) {
    // A typed array sorts numerically, natively, NaN last.
    const dev = values
      .slice(0, n)
      .map((x) => Math.abs(x - median))
      .sort();
    return { median, mad: dev[n >> 1]!, n };
  }
  for (let i = 0; i < n; i++) xs[i] = Math.abs(values[i]! - median);
  return { median, mad: nth(xs, n >> 1), n };
}

/**
 * The risk and lane stage around the pure rules: it keeps what the rules need from the traffic
 * seen (unit values per subheading and origin, parcels per seller and consignee), counts selections
 * per port and day against the capacity caps, and records every input with the decision.
 */
export class RiskService {
  private readonly values = new ValueBook();
  /** Parcels and capacity: this process's, or shared by every process through the store. */
  private state: RiskState = new MemoryRiskState();
  private wroCache: { from: readonly WatchlistEntry[] | null; orders: WroOrder[] } = {
    from: null,
    orders: [],
  };
  /** The importer's mapped supply-chain nodes for a filing (the trusted-trader program answers). */
  private mappedNodes: (tenant: string, s: Shipment) => readonly MappedNode[] = () => [];

  private loaded: LoadedRuleSet;

  constructor(
    rules: LoadedRuleSet,
    readonly data: RiskData,
    private readonly wroEntries: () => readonly WatchlistEntry[] | null,
    private readonly countries: () => CountryResolver,
    /** The importer's trusted-trader membership at an instant (the program's members answer). */
    private trustOf: (tenant: string, s: Shipment, at: string) => TrustInput | null = () => null,
  ) {
    this.loaded = rules;
  }

  /** Puts parcels and capacity in another state (shared through the store when scaled out). */
  useState(state: RiskState): void {
    this.state = state;
  }

  /** Puts the trusted-trader program's membership in charge of the trust input. */
  useMembership(trustOf: (tenant: string, s: Shipment, at: string) => TrustInput | null): void {
    this.trustOf = trustOf;
  }

  /**
   * Puts the importers' supply-chain maps in reach of the forced-labor signals: entity orders and
   * Xinjiang anywhere in the chain, region and product orders through the nodes' places and
   * materials. The nodes that applied are recorded with the decision.
   */
  useSupplyChains(nodesOf: (tenant: string, s: Shipment) => readonly MappedNode[]): void {
    this.mappedNodes = nodesOf;
  }

  /** The rule set in force. */
  get rules(): LoadedRuleSet {
    return this.loaded;
  }

  /**
   * Puts a new rule set in force (already validated: an invalid one never gets here, and the one in
   * force stays), stored by checksum first so that its decisions can be replayed.
   */
  async replaceRules(store: RiskStore, next: LoadedRuleSet, at: string): Promise<void> {
    await store.decisions.saveRuleSet(next.sha256, next.ruleSet.version, next.text, at);
    this.loaded = next;
  }

  /** Stores the rule set by its checksum, so that decisions made with it can be replayed. */
  async register(store: RiskStore, at: string): Promise<void> {
    await store.decisions.saveRuleSet(this.rules.sha256, this.rules.ruleSet.version, this.rules.text, at);
  }

  /**
   * Every Withhold Release Order and Finding with its scope (entity, region or product, as the
   * list says), its country as a code, the goods it names and, for a region order, the places of
   * its area (risk data).
   */
  wroOrders(): WroOrder[] {
    const entries = this.wroEntries();
    if (entries === this.wroCache.from) return this.wroCache.orders;
    const resolver = this.countries();
    const orders: WroOrder[] = [];
    for (const e of entries ?? []) {
      const x = e.extra ?? {};
      const merchandise = typeof x.merchandise === 'string' ? x.merchandise : '';
      if (!merchandise) continue;
      const countryName = e.countries[0] ?? '';
      const country = resolver.resolve(countryName) ?? '';
      const scope: OrderScope =
        x.scope === 'region' || x.scope === 'product' || x.scope === 'entity'
          ? x.scope
          : e.names.length > 0
            ? 'entity'
            : 'product';
      const region = scope === 'region' ? (x.region ?? '') : '';
      const names = [countryName, ...(this.data.demonyms?.[country] ?? [])].filter(Boolean);
      orders.push({
        id: e.id,
        scope,
        country,
        merchandise,
        words: merchandiseWords(merchandise),
        ...(x.order_type ? { type: x.order_type } : {}),
        ...(x.status ? { status: x.status } : {}),
        goods: goodsTerms(merchandise, [region, ...names]),
        country_names: names,
        ...(scope === 'region' ? { region, places: this.regionPlaces(region, country) } : {}),
      });
    }
    this.wroCache = { from: entries, orders };
    return orders;
  }

  /** The orders for the supply-chain nexus check (`wroMatches` reads their scopes). */
  wroProducts(): WroOrder[] {
    return this.wroOrders();
  }

  /** The places of an area a region order names (risk data `regions`; none when it is not there). */
  regionPlaces(region: string, country: string): string[] {
    const key = fold(region).trim();
    const r = (this.data.regions ?? []).find(
      (x) =>
        (x.country.toUpperCase() === country || country === '') &&
        [x.name, ...(x.aliases ?? [])].some((n) => fold(n).trim() === key),
    );
    if (!r) return [];
    return [...r.places, ...(r.places_from === 'xinjiang_places' ? this.data.xinjiang_places : [])];
  }

  /** The orders as read before scopes: every order with a country, as if product-wide (replay). */
  private legacyOrders(): WroOrder[] {
    if (this.legacyCache.from !== this.wroOrders()) {
      const from = this.wroOrders();
      this.legacyCache = { from, orders: from.filter((o) => o.country !== '') };
    }
    return this.legacyCache.orders;
  }
  private legacyCache: { from: WroOrder[] | null; orders: WroOrder[] } = { from: null, orders: [] };

  /** What the rules compare this filing with: measured now, recorded with the decision. */
  private measure(tenant: string, s: Shipment, at: string, keys: readonly string[]): RiskInputs {
    const min = this.data.value_anomaly.min_samples;
    const valueStats = keys.map((k) => this.values.stats(k, min));
    let recentParcels = 0;
    const usd = s.lines.reduce(
      (a, l) => a + (l.value.currency.toUpperCase() === 'USD' ? l.value.amount / 100 : Infinity),
      0,
    );
    if (s.type === 'low_value' && usd < this.data.split_shipments.low_value_usd) {
      const key = parcelKey(s);
      if (key) {
        const window = this.data.split_shipments.window_hours * 3_600_000;
        recentParcels = this.state.parcel(key, Date.parse(at), window);
      }
    }
    return { valueStats, recentParcels, trusted: this.trustOf(tenant, s, at) };
  }

  /** The decision for a filing that the earlier stages have judged. Never throws. */
  decide(tenant: string, id: string, s: Shipment, findings: readonly Finding[], at: string): DecisionRecord {
    const rs = this.rules.ruleSet;
    const base = { rule_set_sha256: this.rules.sha256, risk_data: this.data.version };
    let inputs: RiskInputs = { valueStats: [], recentParcels: 0, trusted: null };
    try {
      // Each line's unit-value key, read (measure) and then added to.
      const keys = s.lines.map(valueKey);
      inputs = this.measure(tenant, s, at, keys);
      const orders = this.wroOrders();
      const nodes = this.mappedNodes(tenant, s);
      const signals = riskSignals(s, findings, this.data, { scoped: true, orders, nodes }, inputs);
      const written: WrittenOut<RiskInputs> = {
        valueStats: inputs.valueStats,
        recentParcels: inputs.recentParcels,
        trusted: inputs.trusted,
        forced_labor: appliedInputs(signals, orders, nodes),
      };
      inputs = written;
      const trust = inputs.trusted || null;
      const record = decide(rs, s, id, signals, trust);
      const capped = this.applyCapacity(rs, s, at, record);
      s.lines.forEach((l, i) => {
        const uv = unitValue(l);
        if (uv !== null && uv > 0) this.values.add(keys[i]!, uv);
      });
      const benefit = trust ? benefitOf(trust, capped, decide(rs, s, id, signals, null)) : null;
      return recordOf(capped, inputs, base, benefit);
    } catch (e) {
      // A shipment that breaks a stage gets a finding-like signal and a yellow lane: never lost.
      const message = e instanceof Error ? e.message : String(e);
      const d = decide(
        rs,
        s,
        id,
        [{ code: 'stage_failure', path: '', evidence: { stage: 'risk', error: message } }],
        null,
      );
      return {
        ...d,
        lane: d.lane === 'green' || d.lane === 'blue' ? 'yellow' : d.lane,
        inputs,
        ...base,
        failure: message,
      };
    }
  }

  /**
   * The pure part: signals and rules (used again by replay). A decision recorded since order
   * scopes replays with the orders and mapped nodes it recorded; one recorded before, with every
   * order read as it was then.
   */
  verdict(rs: RuleSet, id: string, s: Shipment, findings: readonly Finding[], inputs: RiskInputs) {
    const fl = inputs.forced_labor;
    const forced: ForcedLaborMode = fl
      ? { scoped: true, orders: fl.orders, nodes: fl.supply_chain }
      : { scoped: false, orders: this.legacyOrders() };
    const signals = riskSignals(s, findings, this.data, forced, inputs);
    return decide(rs, s, id, signals, inputs.trusted || null);
  }

  private applyCapacity<T extends ReturnType<typeof decide>>(rs: RuleSet, s: Shipment, at: string, d: T): T {
    const port = s.transport.port_of_entry;
    const cap = (rs.capacity ?? []).find((c) => c.lane === d.lane && (c.port === port || c.port === '*'));
    if (!cap) return d;
    const key = `${at.slice(0, 10)}|${port}|${d.lane}`;
    if (this.state.take(key, cap.per_day, !movable(rs, d))) return d;
    return capDecision(d, cap.move_to as Lane, port, cap.per_day) as T;
  }
}

/**
 * A decision's record: the decision's keys, then its inputs and versions, then what membership
 * changed (members only) — the same keys in the same order as `{ ...d, inputs, ...base, benefit }`,
 * written out because on Node 20 an object literal that begins with a spread and then adds keys
 * gets a hidden class of its own every time: each record was a new class and its descriptors in
 * the old generation, ~1 KB a filing that only a full collection frees (ADR 0042).
 */
function recordOf(
  d: Decision,
  inputs: RiskInputs,
  base: { readonly rule_set_sha256: string; readonly risk_data: string },
  benefit: BenefitApplied | null,
): DecisionRecord {
  const record: WrittenOut<Omit<DecisionRecord, 'benefit' | 'failure' | 'action'>> = {
    lane: d.lane,
    score: d.score,
    signals: d.signals,
    rules: d.rules,
    holds: d.holds,
    hold_reasons: d.hold_reasons,
    random: d.random,
    capped: d.capped,
    trusted: d.trusted,
    rule_set: d.rule_set,
    inputs,
    rule_set_sha256: base.rule_set_sha256,
    risk_data: base.risk_data,
  };
  // Added to the literal's own class (a transition every record shares), not spread into a new one.
  return benefit ? Object.assign(record, { benefit }) : record;
}

const FORCED_LABOR_HOLDS: ReadonlySet<string> = new Set(['CBP-UFLPA', 'CBP-WRO']);

/** What membership changed: the decision against the one without it (same signals and draws). */
function benefitOf(trust: TrustInput, d: Decision, without: Decision): BenefitApplied {
  const b = trust.benefits;
  const forcedLabor = d.holds.some((h) => FORCED_LABOR_HOLDS.has(h));
  return {
    member: trust.member,
    tier: trust.tier,
    program: trust.program,
    policy_from: trust.policy_from,
    counterfactual_lane: without.lane,
    waived_rules: d.rules.filter((r) => r.waived).map((r) => r.id),
    random_waived: without.random.selected && !d.random.selected,
    exam_location: d.lane === 'red' && b.exam_at_premises ? 'importer_premises' : null,
    front_of_line: forcedLabor && b.front_of_line_forced_labor,
    bonded_facility_move: forcedLabor && b.bonded_facility_move,
    ruling_priority: b.ruling_priority,
    processing_fee_reduction: b.processing_fee_reduction,
  };
}

const valueKey = (l: Shipment['lines'][number]) =>
  `${htsDigits(l.hts).slice(0, 6)}|${l.origin.toUpperCase()}`;

function parcelKey(s: Shipment): string | null {
  const seller = s.parties.find((p) => p.role === 'seller' || p.role === 'shipper');
  const consignee = s.parties.find((p) => p.role === 'consignee');
  if (!seller || !consignee) return null;
  const norm = (x: string) => x.toLowerCase().replace(/\s+/g, ' ').trim();
  return `${norm(seller.name)}|${norm(consignee.name)}|${norm(consignee.address?.postal_code ?? '')}`;
}
