/** The trusted-trader program: members and applications; a member with its supply-chain maps. */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, must } from '../api/client';
import { LayeredGraph } from '../graph';
import { Empty, ErrorBox, Loading, Page, fmtDate } from '../ui';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

export function TrustedTraders() {
  const q = useQuery({
    queryKey: ['trusted'],
    queryFn: async () => must(await api.GET('/v1/trusted-traders')).members,
  });
  return (
    <Page title="Trusted traders">
      {q.isPending ? (
        <Loading what="members" />
      ) : q.isError ? (
        <ErrorBox error={q.error} />
      ) : q.data.length === 0 ? (
        <Empty>No member and no application yet.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Company</th>
              <th scope="col">Status</th>
              <th scope="col">Eligible</th>
              <th scope="col">Applied</th>
              <th scope="col">Self-assessment due</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to="/trusted-traders/$id" params={{ id: m.id }}>
                    {String(obj(m.company).name ?? m.id)}
                  </Link>
                </td>
                <td>{m.status.replace('_', ' ')}</td>
                <td>
                  {obj(m.eligibility).eligible === undefined
                    ? '—'
                    : obj(m.eligibility).eligible
                      ? 'yes'
                      : 'no'}
                </td>
                <td>{fmtDate(m.applied_at)}</td>
                <td>{fmtDate(m.self_assessment_due)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function TrustedTraderPage() {
  const { id } = useParams({ from: '/trusted-traders/$id' });
  const q = useQuery({
    queryKey: ['trusted', id],
    queryFn: async () => must(await api.GET('/v1/trusted-traders/{id}', { params: { path: { id } } })),
  });
  const [product, setProduct] = useState<string | null>(null);
  if (q.isPending) return <Loading what="the member" />;
  if (q.isError)
    return (
      <Page title={`Member ${id}`}>
        <ErrorBox error={q.error} />
      </Page>
    );
  const m = q.data;
  const checks = Object.entries(obj(m.eligibility)).filter(([k]) => k !== 'eligible');
  const chosen = product ?? m.supply_chains[0]?.product ?? null;
  return (
    <Page title={String(obj(m.company).name ?? m.id)}>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{m.status.replace('_', ' ')}</dd>
        <dt>Program</dt>
        <dd>{m.program}</dd>
        <dt>Officer</dt>
        <dd>{m.officer ?? '—'}</dd>
        <dt>Certified</dt>
        <dd>{fmtDate(m.certified_at)}</dd>
        <dt>Open request</dt>
        <dd>{m.open_request ?? '—'}</dd>
      </dl>
      <h2>Eligibility</h2>
      {checks.length === 0 ? (
        <Empty>Not assessed.</Empty>
      ) : (
        <pre className="json" tabIndex={0}>
          {JSON.stringify(Object.fromEntries(checks), null, 2)}
        </pre>
      )}
      <h2>Requirements</h2>
      {Object.keys(m.requirements).length === 0 ? (
        <Empty>No requirement.</Empty>
      ) : (
        <ul>
          {Object.entries(m.requirements).map(([k, v]) => (
            <li key={k}>
              <code>{k}</code>: {String(obj(v).status ?? JSON.stringify(v))}
            </li>
          ))}
        </ul>
      )}
      <h2>Supply chains</h2>
      {m.supply_chains.length === 0 ? (
        <Empty>No supply-chain map filed.</Empty>
      ) : (
        <>
          <label htmlFor="product">Product</label>
          <select id="product" value={chosen ?? ''} onChange={(e) => setProduct(e.target.value)}>
            {m.supply_chains.map((s) => (
              <option key={s.product} value={s.product}>
                {s.product} ({s.tiers} tiers, {s.nexus} nexus)
              </option>
            ))}
          </select>
          {chosen ? <SupplyChainMap member={m.id} product={chosen} /> : null}
        </>
      )}
    </Page>
  );
}

function SupplyChainMap({ member, product }: { member: string; product: string }) {
  const q = useQuery({
    queryKey: ['trusted', member, 'chain', product],
    queryFn: async () =>
      must(
        await api.GET('/v1/trusted-traders/{id}/supply-chains/{product}', {
          params: { path: { id: member, product } },
        }),
      ),
  });
  if (q.isPending) return <Loading what="the map" />;
  if (q.isError) return <ErrorBox error={q.error} />;
  const map = obj(q.data.map);
  const nexus = (q.data.nexus as unknown[]).map(obj);
  const onPath = new Set(nexus.flatMap((n) => (Array.isArray(n.path) ? (n.path as string[]) : [])));
  const nodes = [
    { id: 'member', label: 'Member', layer: 0, marked: nexus.length > 0 },
    ...(Array.isArray(map.nodes) ? map.nodes : []).map(obj).map((n) => ({
      id: String(n.id),
      label: `${String(n.name)} (${String(n.country)})`,
      layer: Number(n.tier),
      marked: onPath.has(String(n.id)),
    })),
  ];
  const edges = (Array.isArray(map.edges) ? map.edges : []).map(obj).map((e) => ({
    from: String(e.to),
    to: String(e.from),
    marked: onPath.has(String(e.from)) && (e.to === 'member' || onPath.has(String(e.to))),
  }));
  return (
    <>
      <LayeredGraph nodes={nodes} edges={edges} title={`${product}: tier by tier; nexus paths in red`} />
      <h3>Nexus</h3>
      {nexus.length === 0 ? (
        <Empty>No forced-labor nexus found.</Empty>
      ) : (
        <ul>
          {nexus.map((n, i) => (
            <li key={i}>
              <code>{String(n.code)}</code> at {String(n.name)} (tier {String(n.tier)}): {String(n.message)}
            </li>
          ))}
        </ul>
      )}
      <p>
        Checked {fmtDate(q.data.checked_at)} ·{' '}
        <a
          href={`/v1/trusted-traders/${encodeURIComponent(member)}/supply-chains/${encodeURIComponent(product)}/evidence-pack?format=html`}
        >
          evidence pack
        </a>
      </p>
    </>
  );
}
