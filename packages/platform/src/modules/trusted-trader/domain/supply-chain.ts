/**
 * A member's supply-chain map for one product, tier 1 (who sells to the member) down to tier n
 * (facilities, raw-material regions), and the forced-labor nexus check across every tier: a node
 * on the UFLPA Entity List, under a Withhold Release Order or on a denied-party list, a node in
 * Xinjiang, a material from a region under a product-wide order. Each finding names the path
 * from the member down to the node, so that a reviewer sees how the nexus reaches the goods.
 */
import { z } from 'zod';
import { renderPath } from '../../../kernel/shipment.js';
import { Problem } from '../../../kernel/problem.js';
import { FORCED_LABOR_LISTS } from '../../screening/index.js';
import type { ScreenMatch, ScreenQuery } from '../../screening/index.js';
import { placesIn, wroMatches, type WroProduct } from '../../risk/index.js';

export const NODE_KINDS = ['supplier', 'facility', 'raw_material'] as const;

const NodeSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)'),
  name: z.string().trim().min(1).max(300),
  kind: z.enum(NODE_KINDS),
  tier: z.number().int().min(1).max(20),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166 alpha-2 code'),
  region: z.string().max(200).optional(),
  address: z
    .strictObject({
      street: z.string().max(200).optional(),
      city: z.string().max(100).optional(),
      state: z.string().max(100).optional(),
      postal_code: z.string().max(20).optional(),
    })
    .optional(),
  identifiers: z
    .array(z.strictObject({ scheme: z.string().min(1).max(20), value: z.string().min(1).max(64) }))
    .max(10)
    .optional(),
  /** What the node supplies (the raw material, the part), matched against product-wide orders. */
  material: z.string().max(300).optional(),
  /** The registry entity the node is (set when the map is stored). */
  entity: z.string().optional(),
});
export type SupplyNode = z.infer<typeof NodeSchema>;

export const SupplyChainSchema = z.strictObject({
  product: z.string().trim().min(1).max(200),
  hts: z
    .string()
    .regex(/^[\d.]{4,14}$/)
    .optional(),
  description: z.string().max(1000).optional(),
  nodes: z.array(NodeSchema).min(1).max(5000),
  /** `from` supplies `to`; `to: "member"` is the member itself. */
  edges: z.array(z.strictObject({ from: z.string().min(1), to: z.string().min(1) })).max(20000),
});
export type SupplyChain = z.infer<typeof SupplyChainSchema>;

export const MEMBER_NODE = 'member';

export interface MapFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * Parses a map and checks its shape: unknown or duplicate nodes, cycles (refused: a cycle has no
 * tiers), tiers that skip, nodes that reach no one. Throws SUPPLY_CHAIN_INVALID or
 * SUPPLY_CHAIN_CYCLE; returns the map with warnings otherwise.
 */
export function parseSupplyChain(input: unknown): { map: SupplyChain; warnings: MapFinding[] } {
  const r = SupplyChainSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Problem(
      'SUPPLY_CHAIN_INVALID',
      `${renderPath(i.path) || 'map'}: ${i.message}`,
      renderPath(i.path),
      {
        problems: r.error.issues.map((x) => ({ path: renderPath(x.path), message: x.message })),
      },
    );
  }
  const map = r.data;
  const index = new Map<string, number>();
  map.nodes.forEach((n, i) => {
    if (n.id === MEMBER_NODE)
      throw new Problem('SUPPLY_CHAIN_INVALID', `"${MEMBER_NODE}" names the member itself`, `nodes[${i}].id`);
    if (index.has(n.id)) throw new Problem('SUPPLY_CHAIN_INVALID', `node ${n.id} twice`, `nodes[${i}].id`);
    index.set(n.id, i);
  });
  const warnings: MapFinding[] = [];
  const out = new Map<string, string[]>();
  map.edges.forEach((e, i) => {
    if (!index.has(e.from))
      throw new Problem('SUPPLY_CHAIN_INVALID', `edge from unknown node ${e.from}`, `edges[${i}].from`);
    if (e.to !== MEMBER_NODE && !index.has(e.to))
      throw new Problem('SUPPLY_CHAIN_INVALID', `edge to unknown node ${e.to}`, `edges[${i}].to`);
    const from = map.nodes[index.get(e.from)!]!;
    const toTier = e.to === MEMBER_NODE ? 0 : map.nodes[index.get(e.to)!]!.tier;
    if (from.tier !== toTier + 1)
      warnings.push({
        code: 'SUPPLY_CHAIN_TIER_SKIPPED',
        severity: 'warning',
        path: `edges[${i}]`,
        message: `${e.from} (tier ${from.tier}) supplies ${e.to} (tier ${toTier}): tiers should step by one`,
      });
    const list = out.get(e.from) ?? [];
    list.push(e.to);
    out.set(e.from, list);
  });
  const cycle = findCycle(
    map.nodes.map((n) => n.id),
    out,
  );
  if (cycle)
    throw new Problem('SUPPLY_CHAIN_CYCLE', `the map has a cycle: ${cycle.join(' → ')}`, 'edges', { cycle });
  const reaches = new Map<string, boolean>();
  const reachesMember = (id: string): boolean => {
    const known = reaches.get(id);
    if (known !== undefined) return known;
    reaches.set(id, false);
    const ok = (out.get(id) ?? []).some((to) => to === MEMBER_NODE || reachesMember(to));
    reaches.set(id, ok);
    return ok;
  };
  map.nodes.forEach((n, i) => {
    if (!reachesMember(n.id))
      warnings.push({
        code: 'SUPPLY_CHAIN_UNLINKED',
        severity: 'warning',
        path: `nodes[${i}]`,
        message: `${n.id} (${n.name}) supplies no one that reaches the member`,
      });
  });
  return { map, warnings };
}

/** A cycle in a directed graph (as the list of nodes, first repeated last), or null. Iterative. */
export function findCycle(
  ids: readonly string[],
  out: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const state = new Map<string, 1 | 2>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top.id) ?? [];
      if (top.next >= succ.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const to = succ[top.next++]!;
      const st = state.get(to);
      if (st === 1) {
        const from = stack.findIndex((f) => f.id === to);
        return [...stack.slice(from).map((f) => f.id), to];
      }
      if (st === undefined && out.has(to)) {
        state.set(to, 1);
        stack.push({ id: to, next: 0 });
      } else if (st === undefined) state.set(to, 2);
    }
  }
  return null;
}

export interface NexusFinding {
  readonly code: 'NEXUS_LIST_HIT' | 'NEXUS_DENIED_PARTY' | 'NEXUS_XINJIANG' | 'NEXUS_WRO_PRODUCT';
  readonly node: string;
  readonly name: string;
  readonly tier: number;
  /** From the member down to the node (node ids). */
  readonly path: readonly string[];
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface NexusContext {
  readonly screen: (q: ScreenQuery) => readonly ScreenMatch[];
  readonly xinjiangPlaces: readonly string[];
  readonly wro: readonly WroProduct[];
}

/** The paths from the member down to every node (shortest, by tier). */
function pathsDown(map: SupplyChain): Map<string, string[]> {
  const suppliers = new Map<string, string[]>();
  for (const e of map.edges) {
    const list = suppliers.get(e.to) ?? [];
    list.push(e.from);
    suppliers.set(e.to, list);
  }
  const paths = new Map<string, string[]>();
  const queue: string[] = [MEMBER_NODE];
  paths.set(MEMBER_NODE, [MEMBER_NODE]);
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const s of suppliers.get(at) ?? []) {
      if (paths.has(s)) continue;
      paths.set(s, [...paths.get(at)!, s]);
      queue.push(s);
    }
  }
  return paths;
}

/** The forced-labor and denied-party nexus across every tier of a map. */
export function nexusCheck(map: SupplyChain, ctx: NexusContext): NexusFinding[] {
  const paths = pathsDown(map);
  const out: NexusFinding[] = [];
  for (const n of map.nodes) {
    const path = paths.get(n.id) ?? [n.id];
    const base = { node: n.id, name: n.name, tier: n.tier, path };
    const a = n.address;
    const address = [a?.street, a?.city, a?.state, a?.postal_code, n.region].filter(Boolean).join(', ');
    for (const m of ctx.screen({
      name: n.name,
      country: n.country,
      ...(address ? { address } : {}),
      ...(n.identifiers ? { identifiers: n.identifiers.map((x) => x.value) } : {}),
    })) {
      const forced = FORCED_LABOR_LISTS.has(m.entry.list);
      out.push({
        ...base,
        code: forced ? 'NEXUS_LIST_HIT' : 'NEXUS_DENIED_PARTY',
        message: `tier ${n.tier} ${n.kind} ${n.name} matches ${m.entry.list} entry ${m.matchedName} (score ${m.score.toFixed(2)})`,
        evidence: { list: m.entry.list, entry: m.entry.id, matched_name: m.matchedName, score: m.score },
      });
    }
    const places = placesIn([n.name, address, n.material ?? ''].join(' '), ctx.xinjiangPlaces);
    if (places.length > 0 || (n.country.toUpperCase() === 'CN' && /\bxinjiang\b|新疆/i.test(n.region ?? '')))
      out.push({
        ...base,
        code: 'NEXUS_XINJIANG',
        message: `tier ${n.tier} ${n.kind} ${n.name} is in or names Xinjiang (${places.join(', ') || n.region}): the UFLPA presumption applies`,
        evidence: { places: places.length ? places : [n.region] },
      });
    for (const w of wroMatches(
      `${n.material ?? ''} ${n.kind === 'raw_material' ? n.name : ''}`,
      n.country,
      ctx.wro,
      `${n.name} ${address}`,
    ))
      out.push({
        ...base,
        code: 'NEXUS_WRO_PRODUCT',
        message: `tier ${n.tier} ${n.name}: ${w.merchandise} from ${w.country} is under Withhold Release Order ${w.order}`,
        evidence: w,
      });
  }
  return out.sort((x, y) => x.tier - y.tier || x.node.localeCompare(y.node));
}
