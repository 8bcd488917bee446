/** An entity of the party registry: who it is, its ownership graph with list hits, who ships for it. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, must } from '../api/client';
import { LayeredGraph, type GEdge, type GNode } from '../graph';
import { Empty, ErrorBox, Loading, Page, fmtNum } from '../ui';

export function EntityPage() {
  const { id } = useParams({ from: '/entities/$id' });
  const q = useQuery({
    queryKey: ['entity', id],
    queryFn: async () => must(await api.GET('/v1/entities/{id}', { params: { path: { id } } })),
  });
  if (q.isPending) return <Loading what="the entity" />;
  if (q.isError)
    return (
      <Page title={`Entity ${id}`}>
        <ErrorBox error={q.error} />
      </Page>
    );
  const e = q.data;
  const hit = (e.list_hits?.length ?? 0) > 0;
  const parentHits = new Set((e.parent_list_hits ?? []).map((h) => h.parent));
  const nodes: GNode[] = [
    ...(e.parents ?? []).map((p) => ({
      id: p.id,
      label: p.name ?? p.id,
      layer: 0,
      marked: parentHits.has(p.id),
    })),
    { id: e.id, label: e.name ?? e.id, layer: 1, marked: hit || parentHits.size > 0 },
    ...(e.children ?? []).map((c) => ({ id: c.id, label: c.name ?? c.id, layer: 2, marked: hit })),
  ];
  const edges: GEdge[] = [
    ...(e.parents ?? []).map((p) => ({ from: p.id, to: e.id, marked: parentHits.has(p.id) })),
    ...(e.children ?? []).map((c) => ({ from: e.id, to: c.id, marked: hit })),
  ];
  return (
    <Page title={e.name ?? e.id}>
      {e.merged_into ? (
        <p className="warn">
          Merged into{' '}
          <Link to="/entities/$id" params={{ id: e.merged_into }}>
            {e.merged_into}
          </Link>
        </p>
      ) : null}
      <dl className="facts">
        <dt>Id</dt>
        <dd>{e.id}</dd>
        <dt>Other names</dt>
        <dd>{e.other_names?.join('; ') || '—'}</dd>
        <dt>Identifiers</dt>
        <dd>{e.identifiers?.map((i) => `${i.scheme} ${i.value}`).join(', ') || '—'}</dd>
        <dt>Source</dt>
        <dd>{e.source ?? '—'}</dd>
      </dl>
      <h2>Ownership</h2>
      {nodes.length === 1 ? (
        <Empty>No known parent or subsidiary.</Empty>
      ) : (
        <LayeredGraph
          nodes={nodes}
          edges={edges}
          title="Owners above, subsidiaries below; list hits in red"
        />
      )}
      <h2>List hits</h2>
      {!hit && parentHits.size === 0 ? (
        <Empty>No list hit on the entity or its owners.</Empty>
      ) : (
        <pre className="json" tabIndex={0}>
          {JSON.stringify({ list_hits: e.list_hits, parent_list_hits: e.parent_list_hits }, null, 2)}
        </pre>
      )}
      <h2>Who ships for it</h2>
      {(e.ships_for_it ?? []).length === 0 ? (
        <Empty>No filer has named it as a manufacturer.</Empty>
      ) : (
        <ul>
          {e.ships_for_it!.map((s) => (
            <li key={s.id}>
              {s.in_registry ? (
                <Link to="/entities/$id" params={{ id: s.id }}>
                  {s.name ?? s.id}
                </Link>
              ) : (
                (s.name ?? s.id)
              )}{' '}
              ({s.roles.join(', ')}) — {fmtNum(s.shipments)} shipments
            </li>
          ))}
        </ul>
      )}
      <h2>Filings</h2>
      {(e.shipments ?? []).length === 0 ? (
        <Empty>No filing names it.</Empty>
      ) : (
        <ul>
          {e.shipments!.slice(0, 50).map((s) => (
            <li key={`${s.shipment_id}:${s.party_index}`}>
              <Link to="/shipments/$id" params={{ id: s.shipment_id }}>
                {s.shipment_id}
              </Link>{' '}
              party {s.party_index} as {s.role}, {s.method} ({fmtNum(s.confidence)})
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
