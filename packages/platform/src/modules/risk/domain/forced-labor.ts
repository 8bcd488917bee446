/**
 * Forced labor: which Withhold Release Orders apply to a filing, by each order's scope.
 *
 * - An **entity** order applies where its entity is a party (a screening hit), in a party's
 *   ownership chain (a registry parent's hit) or a node of the importer's supply-chain map.
 * - A **region** order applies to the goods it names when there is a nexus with its area: a
 *   party, the description or a mapped node naming one of the area's places.
 * - A **product** order applies to the goods it names when their material comes from the
 *   order's country — the line's origin, a description naming the country, or a mapped node there
 *   supplying the material — whatever the country of export.
 *
 * Decisions made before order scopes existed applied every order as if it covered all its
 * country's goods; that reading is kept (`legacyWroMatches`) so that they replay as they were made.
 */
import type { Finding } from '../../../kernel/finding.js';
import type { Shipment } from '../../../kernel/shipment.js';
import { htsDigits } from '../../../kernel/hts-code.js';
import { fold } from '../../../kernel/text/fold.js';
import { PairMemo } from '../../../kernel/text/memo.js';
import { stem } from '../../../kernel/text/stem.js';
import { stopWordsWith } from '../../../kernel/text/stop-words.js';
import { partyText, partyWords, placesIn, placesInParty, textWords, type PartyWords } from './places.js';

export type OrderScope = 'entity' | 'region' | 'product';

/** A Withhold Release Order that names goods and a country (the shape read before scopes). */
export interface WroProduct {
  readonly id: string;
  readonly country: string;
  readonly merchandise: string;
  /** The merchandise's words, lower-case, without stop words (the pre-scope matching). */
  readonly words: readonly string[];
}

/** An order as the lane decision reads it; the ones that applied are recorded with the decision. */
export interface WroOrder extends WroProduct {
  readonly scope: OrderScope;
  /** WRO or Finding. */
  readonly type?: string | undefined;
  /** `modified` or `revoked` when the list says so (a revoked order never applies). */
  readonly status?: string | undefined;
  /** The goods the order names: stems of its merchandise, its country and area left out. */
  readonly goods: readonly string[];
  /** Names of the order's country (as the list gives it, and adjectives): a description naming one names the material's origin. */
  readonly country_names: readonly string[];
  /** Region orders: the area as the order names it, and the places that make a nexus with it. */
  readonly region?: string | undefined;
  readonly places?: readonly string[] | undefined;
}

/** A node of the importer's supply-chain map, as the lane decision receives it. */
export interface MappedNode {
  /** The map (its product key) and the node's id in it. */
  readonly map: string;
  readonly node: string;
  readonly name: string;
  readonly tier: number;
  readonly kind: string;
  /** ISO alpha-2. */
  readonly country: string;
  /** Name, address and region as one text (place names). */
  readonly text: string;
  readonly material?: string | undefined;
  /** The node's hits on the forced-labor and denied-party lists (the map's nexus check). */
  readonly hits: readonly { readonly list: string; readonly entry: string }[];
  /** The filing's lines the map covers. */
  readonly lines: readonly number[];
}

/** What the forced-labor signals are computed from (besides the filing and its findings). */
export interface ForcedLaborContext {
  readonly orders: readonly WroOrder[];
  readonly nodes: readonly MappedNode[];
  readonly xinjiangPlaces: readonly string[];
  readonly sectors: readonly { readonly prefix: string; readonly sector: string }[];
}

interface SignalOut {
  readonly code: string;
  readonly path: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

// ---- goods ------------------------------------------------------------------------------------

/** Words of an order's merchandise that do not name goods. */
const GOODS_STOP = stopWordsWith(
  'product products produced produce made make derivative derivatives downstream wholly whole part parts ' +
    'input inputs goods containing contain contains outside certain based harvested mined artisanal small ' +
    'mine mines vessel vessels company companies region area fields field processed manufactured grown ' +
    'using use used htsus like limited but not their they them there where who whose also only',
);

/** The goods an order names: its merchandise without its country, its area and words that name no goods. */
export function goodsTerms(merchandise: string, leaveOut: readonly string[] = []): string[] {
  let text = fold(merchandise);
  for (const p of leaveOut) if (p.trim()) text = text.split(fold(p)).join(' ');
  const out = new Set<string>();
  for (const w of textWords(text)) if (!GOODS_STOP.has(w) && !/\d/.test(w)) out.add(stem(w));
  return [...out];
}

/** No places (one array: placesIn compiles each list once). */
const NO_PLACES: readonly string[] = [];

/**
 * Goods of lines already read, by description and tariff number (bulk files repeat them), kept per
 * sector list: a line's goods include its sectors, and risk data read again may list others.
 */
const goodsCaches = new WeakMap<ForcedLaborContext['sectors'], PairMemo<ReadonlySet<string>>>();

/** The goods of a line: its description's stems and the sectors its tariff number is in. */
function lineGoods(
  line: Shipment['lines'][number],
  sectors: ForcedLaborContext['sectors'],
): ReadonlySet<string> {
  let goodsCache = goodsCaches.get(sectors);
  if (!goodsCache) goodsCaches.set(sectors, (goodsCache = new PairMemo(50_000)));
  let out = goodsCache.get(line.description, line.hts);
  if (out) return out;
  const set = new Set(textWords(line.description).map(stem));
  const hts = htsDigits(line.hts);
  for (const s of sectors)
    if (hts.startsWith(s.prefix)) for (const w of textWords(s.sector)) set.add(stem(w));
  goodsCache.set(line.description, line.hts, (out = set));
  return out;
}

/**
 * What the signals read of an order set, once per set: orders by id, the scoped ones, and for each
 * good the places in `scoped` of the orders naming it (ascending).
 */
interface OrderIndex {
  readonly byId: ReadonlyMap<string, WroOrder>;
  readonly scoped: readonly WroOrder[];
  readonly byGood: ReadonlyMap<string, readonly number[]>;
}
const orderIndexes = new WeakMap<readonly WroOrder[], OrderIndex>();

function indexOrders(orders: readonly WroOrder[]): OrderIndex {
  let x = orderIndexes.get(orders);
  if (!x) {
    const scoped = orders.filter((o) => active(o) && o.scope !== 'entity' && o.goods.length > 0);
    const byGood = new Map<string, number[]>();
    scoped.forEach((o, k) => {
      for (const g of new Set(o.goods)) {
        const at = byGood.get(g);
        if (at) at.push(k);
        else byGood.set(g, [k]);
      }
    });
    x = { byId: new Map(orders.map((o) => [o.id, o])), scoped, byGood };
    orderIndexes.set(orders, x);
  }
  return x;
}

const NO_ORDERS: readonly number[] = [];

/**
 * The places in `scoped` of the orders naming at least one of a line's goods, ascending: the only
 * orders goodsMatch can match (it wants one good in common). Read through the index, a line is not
 * compared with every order (most lines share no good with any).
 */
function ordersSharingGoods(goods: ReadonlySet<string>, byGood: OrderIndex['byGood']): readonly number[] {
  let one: readonly number[] | null = null;
  let many: Set<number> | null = null;
  for (const g of goods) {
    const at = byGood.get(g);
    if (!at) continue;
    if (one === null) one = at;
    else {
      many ??= new Set(one);
      for (const k of at) many.add(k);
    }
  }
  if (many) return [...many].sort((a, b) => a - b);
  return one ?? NO_ORDERS;
}

/** The order's goods found in a set of stems: at least half of them (and one). */
function goodsMatch(order: WroOrder, goods: ReadonlySet<string>): string[] | null {
  if (order.goods.length === 0) return null;
  // Counted first: the goods matched are listed only for an order that shares half of them.
  let n = 0;
  for (const g of order.goods) if (goods.has(g)) n++;
  return n > 0 && n * 2 >= order.goods.length ? order.goods.filter((g) => goods.has(g)) : null;
}

// ---- the scoped signals ----------------------------------------------------------------------

const active = (o: WroOrder | undefined): o is WroOrder => o !== undefined && o.status !== 'revoked';

/** An entity order's evidence. */
const entityEvidence = (o: WroOrder) => ({
  order: o.id,
  scope: o.scope,
  merchandise: o.merchandise,
  ...(o.type ? { order_type: o.type } : {}),
  ...(o.status ? { status: o.status } : {}),
});

/**
 * The forced-labor signals of a filing by order scope, pushed in order: list hits on the parties
 * and their parents, region and product orders per line, and the importer's mapped nodes.
 */
export function forcedLaborSignals(
  s: Shipment,
  findings: readonly Finding[],
  ctx: ForcedLaborContext,
  push: (sig: SignalOut) => void,
): void {
  const { byId, scoped, byGood } = indexOrders(ctx.orders);
  for (const f of findings) {
    const d = (f.details ?? {}) as Record<string, unknown>;
    if (f.code === 'FORCED_LABOR_LIST_HIT') {
      const base = { finding: f.code, message: f.message, ...d, via: 'party' };
      if (d.list === 'uflpa') push({ code: 'forced_labor_entity', path: f.path, evidence: base });
      const o = byId.get(String(d.entity_id));
      if (d.list === 'cbp-wro' && active(o) && o.scope === 'entity')
        push({ code: 'forced_labor_wro_entity', path: f.path, evidence: { ...base, ...entityEvidence(o) } });
    } else if (f.code === 'PARENT_LIST_HIT') {
      const matches = Array.isArray(d.matches) ? (d.matches as Record<string, unknown>[]) : [];
      const owner = { finding: f.code, message: f.message, entity_id: d.entity_id, parent_id: d.parent_id };
      const rest: Record<string, unknown>[] = [];
      for (const m of matches) {
        const o = byId.get(String(m.entity_id));
        if (m.list === 'uflpa')
          push({
            code: 'forced_labor_entity',
            path: f.path,
            evidence: { ...owner, via: 'ownership', link: d.link, match: m },
          });
        else if (m.list === 'cbp-wro') {
          if (active(o) && o.scope === 'entity')
            push({
              code: 'forced_labor_wro_entity',
              path: f.path,
              evidence: { ...owner, via: 'ownership', link: d.link, match: m, ...entityEvidence(o) },
            });
        } else rest.push(m);
      }
      if (rest.length > 0)
        push({
          code: 'denied_party_ownership',
          path: f.path,
          evidence: { finding: f.code, message: f.message, ...d, matches: rest },
        });
    }
  }
  let parties: PartyWords | null = null;
  s.lines.forEach((line, i) => {
    const path = `lines[${i}]`;
    const nodes = ctx.nodes.length ? ctx.nodes.filter((n) => n.lines.includes(i)) : [];
    const goods = scoped.length > 0 ? lineGoods(line, ctx.sectors) : null;
    for (const k of goods ? ordersSharingGoods(goods, byGood) : NO_ORDERS) {
      const o = scoped[k]!;
      const matched = goodsMatch(o, goods!);
      if (!matched) continue;
      const base = { order: o.id, scope: o.scope, merchandise: o.merchandise, matched };
      if (o.scope === 'region') {
        const places = o.places ?? NO_PLACES;
        parties ??= partyWords(s.parties.map(partyText).join('\n'));
        const inParties = placesInParty(parties, places);
        const inLine = placesIn(line.description, places);
        const node = nodes.find((n) => placesIn(n.text, places).length > 0);
        const via = inParties.length ? 'party' : inLine.length ? 'description' : node ? 'supply_chain' : null;
        if (!via) continue;
        push({
          code: 'forced_labor_wro_region',
          path,
          evidence: {
            ...base,
            region: o.region,
            places: [...new Set([...inParties, ...inLine, ...(node ? placesIn(node.text, places) : [])])],
            via,
            ...(node ? nodeRef(node) : {}),
          },
        });
      } else {
        const origin = line.origin.toUpperCase() === o.country;
        const named = !origin && placesIn(line.description, o.country_names).length > 0;
        const node =
          origin || named
            ? undefined
            : nodes.find(
                (n) =>
                  n.country.toUpperCase() === o.country &&
                  goodsMatch(o, new Set(textWords(`${n.material ?? ''} ${n.name}`).map(stem))) !== null,
              );
        if (!origin && !named && !node) continue;
        push({
          code: 'forced_labor_wro_product',
          path,
          evidence: {
            ...base,
            country: o.country,
            via: origin ? 'origin' : named ? 'description' : 'supply_chain',
            ...(node ? nodeRef(node) : {}),
          },
        });
      }
    }
    // The importer's map: listed entities and Xinjiang anywhere in the chain of these goods.
    for (const n of nodes) {
      const ref = { via: 'supply_chain', ...nodeRef(n) };
      for (const h of n.hits) {
        const o = byId.get(h.entry);
        if (h.list === 'uflpa')
          push({ code: 'forced_labor_entity', path, evidence: { ...ref, list: h.list, entity_id: h.entry } });
        else if (h.list === 'cbp-wro' && active(o) && o.scope === 'entity')
          push({
            code: 'forced_labor_wro_entity',
            path,
            evidence: { ...ref, list: h.list, entity_id: h.entry, ...entityEvidence(o) },
          });
      }
      const places = placesIn(n.text, ctx.xinjiangPlaces);
      if (places.length > 0) push({ code: 'forced_labor_region', path, evidence: { ...ref, places } });
    }
  });
}

const nodeRef = (n: MappedNode) => ({ map: n.map, node: n.node, node_name: n.name, tier: n.tier });

/**
 * The orders and mapped nodes that the signals name: what a decision records, so that it replays
 * from them whatever the lists and maps have become.
 */
export function appliedInputs(
  signals: readonly { readonly evidence: Readonly<Record<string, unknown>> }[],
  orders: readonly WroOrder[],
  nodes: readonly MappedNode[],
): { orders: WroOrder[]; supply_chain: MappedNode[] } {
  const ids = new Set<unknown>();
  const refs = new Set<string>();
  for (const x of signals) {
    if (x.evidence.order !== undefined) ids.add(x.evidence.order);
    if (x.evidence.node !== undefined) refs.add(`${String(x.evidence.map)}\u0000${String(x.evidence.node)}`);
  }
  // Most filings have no forced-labor signal: then nothing is looked up in either list.
  return {
    orders: ids.size === 0 ? [] : orders.filter((o) => ids.has(o.id)),
    supply_chain: refs.size === 0 ? [] : nodes.filter((n) => refs.has(`${n.map}\u0000${n.node}`)),
  };
}

// ---- for supply-chain maps and for the decisions made before scopes ---------------------------

/**
 * The product- and region-wide orders that goods described by `text` from `country` fall under:
 * a region order only with a place of its area in `where` (a node's address and region). Entity
 * orders are found by name (screening), never here. Orders without a scope (as built before
 * scopes) are read as product-wide.
 */
export function wroMatches(text: string, country: string, wro: readonly WroProduct[], where = '') {
  const code = country.toUpperCase();
  const out: {
    order: string;
    merchandise: string;
    country: string;
    matched: string[];
    scope: OrderScope;
    places?: readonly string[];
  }[] = [];
  let goods: Set<string> | null = null;
  for (const w of wro) {
    if (w.country !== code) continue;
    if (!('scope' in w)) {
      for (const m of legacyWroMatches(text, country, [w])) out.push({ ...m, scope: 'product' });
      continue;
    }
    const o = w as WroOrder;
    if (o.scope === 'entity' || !active(o)) continue;
    goods ??= new Set(textWords(text).map(stem));
    const matched = goodsMatch(o, goods);
    if (!matched) continue;
    const places = o.scope === 'region' ? placesIn(where, o.places ?? NO_PLACES) : [];
    if (o.scope === 'region' && places.length === 0) continue;
    out.push({
      order: o.id,
      merchandise: o.merchandise,
      country: o.country,
      matched,
      scope: o.scope,
      ...(o.scope === 'region' ? { places } : {}),
    });
  }
  return out;
}

/** Words of an order's merchandise text that do not name the goods (the pre-scope reading). */
const STOP = stopWordsWith('products derivatives made');

/** The merchandise words a WRO names, as read before scopes. */
export function merchandiseWords(merchandise: string): string[] {
  return [...new Set(textWords(merchandise).filter((w) => w.length > 1 && !STOP.has(w)))].map((w) =>
    w.replace(/(es|s)$/, ''),
  );
}

const byCountry = new WeakMap<readonly WroProduct[], Map<string, WroProduct[]>>();

function wroByCountry(wro: readonly WroProduct[]): Map<string, WroProduct[]> {
  let m = byCountry.get(wro);
  if (!m) {
    m = new Map();
    for (const w of wro) {
      if (w.words.length === 0) continue;
      const list = m.get(w.country) ?? [];
      list.push(w);
      m.set(w.country, list);
    }
    byCountry.set(wro, m);
  }
  return m;
}

/**
 * Every order of a country whose merchandise words are half or more in the text, whatever its
 * scope: how orders were applied before scopes (kept for replaying those decisions).
 */
export function legacyWroMatches(text: string, country: string, wro: readonly WroProduct[]) {
  const orders = wroByCountry(wro).get(country.toUpperCase()) ?? [];
  if (orders.length === 0) return [];
  const desc = new Set(
    textWords(text)
      .filter((w) => w.length > 1)
      .map((w) => w.replace(/(es|s)$/, '')),
  );
  const out: { order: string; merchandise: string; country: string; matched: string[] }[] = [];
  for (const w of orders) {
    const shared = w.words.filter((x) => desc.has(x));
    if (shared.length * 2 >= w.words.length)
      out.push({ order: w.id, merchandise: w.merchandise, country: w.country, matched: shared });
  }
  return out;
}
