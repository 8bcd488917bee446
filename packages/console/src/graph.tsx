/**
 * A layered graph drawn as SVG: nodes in rows (layer 0 at the top), edges as lines; marked nodes
 * and edges (list hits, nexus paths) drawn in the warning colour. No layout library: the layers are
 * the data's own (ownership levels, supply-chain tiers).
 */
export interface GNode {
  id: string;
  label: string;
  layer: number;
  marked?: boolean;
}
export interface GEdge {
  from: string;
  to: string;
  marked?: boolean;
}

const W = 190;
const H = 44;
const GAP_X = 24;
const GAP_Y = 56;

export function LayeredGraph({ nodes, edges, title }: { nodes: GNode[]; edges: GEdge[]; title: string }) {
  const layers = [...new Set(nodes.map((n) => n.layer))].sort((a, b) => a - b);
  const pos = new Map<string, { x: number; y: number }>();
  const widest = Math.max(1, ...layers.map((l) => nodes.filter((n) => n.layer === l).length));
  const width = widest * (W + GAP_X) + GAP_X;
  layers.forEach((l, row) => {
    const inRow = nodes.filter((n) => n.layer === l);
    const offset = (width - inRow.length * (W + GAP_X) + GAP_X) / 2;
    inRow.forEach((n, i) => pos.set(n.id, { x: offset + i * (W + GAP_X), y: GAP_X + row * (H + GAP_Y) }));
  });
  const height = layers.length * (H + GAP_Y) + GAP_X;
  return (
    <figure className="graph">
      <svg viewBox={`0 0 ${width} ${height}`} width={Math.min(width, 1200)} role="img" aria-label={title}>
        <title>{title}</title>
        {edges.map((e, i) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          if (!a || !b) return null;
          return (
            <line
              key={i}
              x1={a.x + W / 2}
              y1={a.y + (a.y < b.y ? H : 0)}
              x2={b.x + W / 2}
              y2={b.y + (a.y < b.y ? 0 : H)}
              className={e.marked ? 'edge marked' : 'edge'}
            />
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n.id)!;
          return (
            <g
              key={n.id}
              transform={`translate(${p.x},${p.y})`}
              className={n.marked ? 'node marked' : 'node'}
            >
              <rect width={W} height={H} rx={6} />
              <text x={8} y={18}>
                {n.label.length > 26 ? `${n.label.slice(0, 25)}…` : n.label}
              </text>
              <text x={8} y={34} className="sub">
                {n.id.length > 28 ? `${n.id.slice(0, 27)}…` : n.id}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
