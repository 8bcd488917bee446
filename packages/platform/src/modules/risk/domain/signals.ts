/**
 * Risk signals: each a pure function of the shipment, the findings of the earlier stages, the risk
 * data and the recorded inputs (value statistics, recent parcels), each with its evidence. Weights
 * come from the rule set, not from here.
 */
import type { Finding } from '../../../kernel/finding.js';
import type { Shipment } from '../../../kernel/shipment.js';
import { htsDigits } from '../../../kernel/hts-code.js';
import type { TrustInput } from '../../trusted-trader/index.js';
import {
  forcedLaborSignals,
  legacyWroMatches,
  merchandiseWords,
  type MappedNode,
  type WroOrder,
  type WroProduct,
} from './forced-labor.js';
import { partyText, partyWords, placesIn, placesInParty, textWords } from './places.js';
import { textMemo } from '../../../kernel/text/memo.js';

export { merchandiseWords, placesIn };
export type { MappedNode, WroOrder, WroProduct };

export interface Signal {
  readonly code: string;
  /** Where in the filing (a party, a line), when it is about one part. */
  readonly path: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface RiskData {
  readonly version: string;
  readonly xinjiang_places: readonly string[];
  readonly uflpa_sectors: readonly { readonly prefix: string; readonly sector: string }[];
  readonly brands: readonly string[];
  /** Recalled products (CPSC and others, as loaded by the operator): words that name one, and where from. */
  readonly recalls: readonly {
    readonly id: string;
    readonly product: string;
    readonly brand?: string | undefined;
    readonly hts_prefix?: string | undefined;
    readonly source: string;
  }[];
  readonly value_anomaly: {
    readonly min_samples: number;
    readonly robust_z: number;
    readonly floor_ratio: number;
  };
  readonly split_shipments: {
    readonly window_hours: number;
    readonly min_parcels: number;
    readonly low_value_usd: number;
  };
  /**
   * The areas region orders name, with the places that make a nexus with each (`places_from`:
   * `xinjiang_places` adds those); absent in risk data written before order scopes.
   */
  readonly regions?:
    | readonly {
        readonly name: string;
        readonly aliases?: readonly string[] | undefined;
        readonly country: string;
        readonly places: readonly string[];
        readonly places_from?: 'xinjiang_places' | undefined;
      }[]
    | undefined;
  /** Adjectives of countries under product orders ("Turkmen"): a description naming one names the material's origin. */
  readonly demonyms?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Unit-value statistics for an HTS subheading and origin, as they stood when the shipment came. */
export interface ValueStats {
  readonly median: number;
  /** Median absolute deviation. */
  readonly mad: number;
  readonly n: number;
}

/** What the app measured for this shipment, recorded with the decision so that it can be replayed. */
export interface RiskInputs {
  /** Per line index: the statistics its unit value was compared with (null: none yet). */
  readonly valueStats: readonly (ValueStats | null)[];
  /** Low-value parcels from the same seller to the same consignee in the window, this one included. */
  readonly recentParcels: number;
  /**
   * The importer's membership in a trusted-trader program at the decision (null: none). Decisions
   * recorded before the program existed carry `false`.
   */
  readonly trusted: TrustInput | null | false;
  /**
   * The forced-labor inputs (decisions made since order scopes): the orders and the importer's
   * mapped nodes that applied. Absent: decided before scopes, and replayed as then.
   */
  readonly forced_labor?: ForcedLaborInputs | undefined;
}

export interface ForcedLaborInputs {
  readonly orders: readonly WroOrder[];
  readonly supply_chain: readonly MappedNode[];
}

/**
 * How the forced-labor signals are read: by order scope (the orders and mapped nodes given), or as
 * before scopes (every order of the line's origin, for decisions recorded then).
 */
export type ForcedLaborMode =
  | { readonly scoped: true; readonly orders: readonly WroOrder[]; readonly nodes: readonly MappedNode[] }
  | { readonly scoped: false; readonly orders: readonly WroProduct[] };

const FINDING_SIGNALS: Readonly<Record<string, string>> = {
  SCREENING_HIT: 'denied_party',
  PARENT_LIST_HIT: 'denied_party_ownership',
  FORCED_LABOR_LIST_HIT: 'forced_labor_entity',
  PGA_DATA_REQUIRED: 'pga_unmet',
  PGA_DISCLAIM_NOT_ALLOWED: 'pga_unmet',
  PGA_DATA_OR_DISCLAIM: 'pga_may_unanswered',
  CLASSIFICATION_MISMATCH: 'misclassification',
  STAGE_FAILED: 'stage_failure',
};

/** Findings the scoped forced-labor signals read themselves (a list hit's list decides the signal). */
const SCOPED_FINDINGS: ReadonlySet<string> = new Set(['FORCED_LABOR_LIST_HIT', 'PARENT_LIST_HIT']);

const recallCache = new Map<string, string[]>();
function recallWords(product: string): string[] {
  let w = recallCache.get(product);
  if (!w) recallCache.set(product, (w = merchandiseWords(product)));
  return w;
}

type Recall = RiskData['recalls'][number];
/** Per recall list, the recalls a description names, kept per description (textMemo). */
const recallsByText = new WeakMap<readonly Recall[], (description: string) => readonly Recall[]>();
/** A brand as a one-name list, the same array each time (placesIn compiles each list once). */
const brandLists = new Map<string, readonly string[]>();

/**
 * The recalls a description names: all the recalled product's words (plurals as singulars), and
 * its brand when the recall gives one. The tariff prefix is the caller's to check.
 */
function recallsNamedIn(description: string, recalls: readonly Recall[]): readonly Recall[] {
  if (recalls.length === 0) return recalls;
  let named = recallsByText.get(recalls);
  if (!named)
    recallsByText.set(recalls, (named = textMemo((d) => Object.freeze(namedIn(d, recalls)), 10_000, 1_000)));
  return named(description);
}

function namedIn(description: string, recalls: readonly Recall[]): Recall[] {
  const words = new Set(textWords(description).map((w) => w.replace(/(es|s)$/, '')));
  return recalls.filter((r) => {
    const need = recallWords(r.product);
    if (need.length === 0 || !need.every((w) => words.has(w))) return false;
    if (!r.brand) return true;
    let brand = brandLists.get(r.brand);
    if (!brand) brandLists.set(r.brand, (brand = [r.brand]));
    return placesIn(description, brand).length > 0;
  });
}

/** Unit value of a line in US dollars per first quantity unit (null when not computable). */
export function unitValue(line: Shipment['lines'][number]): number | null {
  const q = line.quantity[0]?.value;
  if (line.value.currency.toUpperCase() !== 'USD' || !q || q <= 0) return null;
  return line.value.amount / 100 / q;
}

/** Every signal of a shipment. */
export function riskSignals(
  s: Shipment,
  findings: readonly Finding[],
  data: RiskData,
  forced: ForcedLaborMode,
  inputs: RiskInputs,
): Signal[] {
  const out: Signal[] = [];
  const seen = new Set<string>();
  const push = (sig: Signal) => {
    const k = `${sig.code}\u0000${sig.path}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(sig);
  };
  for (const f of findings) {
    const code = FINDING_SIGNALS[f.code];
    if (forced.scoped && SCOPED_FINDINGS.has(f.code)) continue;
    if (code)
      push({ code, path: f.path, evidence: { finding: f.code, message: f.message, ...(f.details ?? {}) } });
  }
  if (findings.some((f) => f.severity === 'error')) {
    push({
      code: 'filing_errors',
      path: '',
      evidence: { errors: findings.filter((f) => f.severity === 'error').map((f) => f.code) },
    });
  }
  if (forced.scoped)
    forcedLaborSignals(
      s,
      findings,
      {
        orders: forced.orders,
        nodes: forced.nodes,
        xinjiangPlaces: data.xinjiang_places,
        sectors: data.uflpa_sectors,
      },
      push,
    );
  // Forced labor: a Xinjiang nexus in a party's name or address, or in the goods' description.
  s.parties.forEach((p, i) => {
    const hit = placesInParty(partyWords(partyText(p)), data.xinjiang_places);
    if (hit.length > 0)
      push({ code: 'forced_labor_region', path: `parties[${i}]`, evidence: { places: hit, role: p.role } });
  });
  s.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    const hit = placesIn(line.description, data.xinjiang_places);
    if (hit.length > 0)
      push({ code: 'forced_labor_region', path, evidence: { places: hit, in: 'description' } });
    const hts = htsDigits(line.hts);
    const sector = data.uflpa_sectors.find((x) => hts.startsWith(x.prefix));
    if (sector && line.origin.toUpperCase() === 'CN') {
      push({
        code: 'uflpa_sector',
        path,
        evidence: { sector: sector.sector, prefix: sector.prefix, origin: 'CN' },
      });
    }
    if (!forced.scoped)
      for (const evidence of legacyWroMatches(line.description, line.origin, forced.orders))
        push({ code: 'forced_labor_wro_product', path, evidence });
    // Value anomaly: far below what is usual for this subheading and origin (robust z on MAD).
    const uv = unitValue(line);
    const st = inputs.valueStats[i] ?? null;
    let anomalous = false;
    if (uv !== null && st && st.n >= data.value_anomaly.min_samples && st.median > 0) {
      const scale = 1.4826 * st.mad || st.median * 0.1;
      const z = (st.median - uv) / scale;
      if (z >= data.value_anomaly.robust_z && uv < st.median * (1 - data.value_anomaly.floor_ratio)) {
        anomalous = true;
        push({
          code: 'value_anomaly',
          path: `${path}.value`,
          evidence: {
            unit_value_usd: round(uv),
            median_usd: round(st.median),
            mad_usd: round(st.mad),
            samples: st.n,
            robust_z: round(z),
          },
        });
      }
    }
    // Product safety: the description names a recalled product (all its words; its brand and
    // tariff prefix too when the recall gives them).
    for (const r of recallsNamedIn(line.description, data.recalls)) {
      if (r.hts_prefix && !hts.startsWith(r.hts_prefix)) continue;
      push({
        code: 'recalled_product',
        path,
        evidence: { recall: r.id, product: r.product, source: r.source },
      });
    }
    // Counterfeit: a recorded trademark in the description with an anomalous value.
    const brand = anomalous ? placesIn(line.description, data.brands)[0] : undefined;
    if (brand) {
      push({
        code: 'counterfeit',
        path,
        evidence: { brand, reason: 'recorded trademark with a unit value far below usual' },
      });
    }
  });
  const sp = data.split_shipments;
  if (s.type === 'low_value' && inputs.recentParcels >= sp.min_parcels) {
    push({
      code: 'split_shipment',
      path: '',
      evidence: { parcels_in_window: inputs.recentParcels, window_hours: sp.window_hours },
    });
  }
  return out;
}

const round = (x: number) => Math.round(x * 100) / 100;
