/**
 * A member's supply-chain maps as the lane decision reads them: for a filing of the member, the
 * nodes of the maps that cover its lines (by tariff subheading) that can make a forced-labor
 * nexus — a list hit from the map's nexus check, a place, a material — each with the lines its
 * map covers. The risk stage applies the orders (docs/risk.md) and records the nodes that applied.
 */
import type { Shipment } from '../../../kernel/shipment.js';
import type { MappedNode } from '../../risk/index.js';
import type { WrittenOut } from '../../../kernel/written-out.js';
import type { NexusFinding, SupplyChain } from './supply-chain.js';

/** A stored map reduced to what the lane decision needs. */
export interface PreparedMap {
  readonly product: string;
  /** The tariff digits the map covers (its `hts`, at most six); '' covers every line. */
  readonly prefix: string;
  readonly nodes: readonly Omit<MappedNode, 'lines'>[];
}

/** Prepares a stored map: its nodes with a list hit, a place or a material. */
export function prepareMap(row: {
  readonly product: string;
  readonly map: SupplyChain;
  readonly nexus: readonly NexusFinding[];
}): PreparedMap {
  const hits = new Map<string, { list: string; entry: string }[]>();
  for (const f of row.nexus) {
    if (f.code !== 'NEXUS_LIST_HIT' && f.code !== 'NEXUS_DENIED_PARTY') continue;
    const list = hits.get(f.node) ?? [];
    list.push({ list: String(f.evidence.list), entry: String(f.evidence.entry) });
    hits.set(f.node, list);
  }
  const nodes: Omit<MappedNode, 'lines'>[] = [];
  for (const n of row.map.nodes) {
    const a = n.address;
    const text = [n.name, a?.street, a?.city, a?.state, a?.postal_code, n.region].filter(Boolean).join(' ');
    const nodeHits = hits.get(n.id) ?? [];
    // Every node with something to read: hits, a place (any address or region), a material.
    if (nodeHits.length === 0 && !a && !n.region && !n.material && n.kind !== 'raw_material') continue;
    nodes.push({
      map: row.product,
      node: n.id,
      name: n.name,
      tier: n.tier,
      kind: n.kind,
      country: n.country.toUpperCase(),
      text,
      ...(n.material ? { material: n.material } : {}),
      hits: nodeHits,
    });
  }
  return { product: row.product, prefix: (row.map.hts ?? '').replace(/\D/g, '').slice(0, 6), nodes };
}

/** The nodes of a member's maps for a filing's lines, each with the lines its map covers. */
export function nodesForFiling(maps: readonly PreparedMap[], s: Shipment): MappedNode[] {
  const out: MappedNode[] = [];
  for (const m of maps) {
    const lines: number[] = [];
    s.lines.forEach((l, i) => {
      if (l.hts.replace(/\D/g, '').startsWith(m.prefix)) lines.push(i);
    });
    if (lines.length === 0) continue;
    for (const n of m.nodes) {
      // Written out, not `{ ...n, lines }`: a literal that begins with a spread and adds a key gets
      // a hidden class of its own every time on Node 20 (ADR 0042). The same keys in the same
      // order; `material` is undefined on a node without one, which JSON leaves out as before.
      const node: WrittenOut<MappedNode> = {
        map: n.map,
        node: n.node,
        name: n.name,
        tier: n.tier,
        kind: n.kind,
        country: n.country,
        text: n.text,
        material: n.material,
        hits: n.hits,
        lines,
      };
      out.push(node);
    }
  }
  return out;
}
