/** The first page: for officers, today's filings, holds and the outbox; for everyone, the data in force. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, must } from '../api/client';
import { useSession } from '../session';
import { Empty, ErrorBox, Lane, Loading, Page, fmtDate, fmtNum } from '../ui';
import { DataInForce, age } from './refdata';

const LANES = ['red', 'yellow', 'blue', 'green'] as const;

export function Home() {
  const { data: who } = useSession();
  return (
    <Page title="Home">
      {who && ['officer', 'admin'].includes(who.role) ? <Dashboard /> : null}
      {who?.role === 'filer' ? (
        <p>
          <Link to="/file">File a shipment</Link> or see <Link to="/shipments">your shipments</Link>.
        </p>
      ) : null}
      {who?.role === 'analyst' ? (
        <p>
          See the <Link to="/benefits">benefits of the trusted-trader program</Link> and its{' '}
          <Link to="/trusted-traders">members</Link>.
        </p>
      ) : null}
      <DataInForce />
      <ClassifierModel />
    </Page>
  );
}

/** Officers' dashboard: today's filings by lane and port (counted by the store), holds, the outbox. */
function Dashboard() {
  const d = useQuery({
    queryKey: ['dashboard'],
    queryFn: async () => must(await api.GET('/v1/dashboard')),
    refetchInterval: 30_000,
  });
  // Holds: the newest red-lane filings waiting (one keyset page of the queue).
  const red = useQuery({
    queryKey: ['queue', 'red-head'],
    queryFn: async () => must(await api.GET('/v1/queue', { params: { query: { lane: 'red', limit: 100 } } })),
  });
  if (d.isPending) return <Loading what="today's filings" />;
  if (d.isError) return <ErrorBox error={d.error} />;
  const byLane = new Map<string, number>();
  const byPort = new Map<string, number>();
  for (const x of d.data.by_lane_port) {
    const lane = x.lane ?? 'rejected';
    byLane.set(lane, (byLane.get(lane) ?? 0) + x.n);
    const port = x.port ?? '—';
    byPort.set(port, (byPort.get(port) ?? 0) + x.n);
  }
  const o = d.data.outbox;
  const behind = o.oldest_age_s !== null && o.oldest_age_s > 60;
  const held = red.data?.items.filter((r) => r.status === 'held' || r.holds.length > 0).length;
  return (
    <div className="cards" data-testid="dashboard">
      <div className="card">
        <h2>Filed today by lane</h2>
        <p className="big">{fmtNum(d.data.total)}</p>
        {d.data.total === 0 ? (
          <Empty>No filing yet today ({d.data.day}, UTC).</Empty>
        ) : (
          <ul className="plain">
            {[...LANES, 'rejected']
              .filter((l) => byLane.has(l))
              .map((lane) => (
                <li key={lane}>
                  {lane === 'rejected' ? (
                    <span>rejected</span>
                  ) : (
                    <Link to="/queue" search={{ lane }}>
                      <Lane lane={lane} />
                    </Link>
                  )}{' '}
                  {fmtNum(byLane.get(lane))}
                </li>
              ))}
          </ul>
        )}
      </div>
      <div className="card">
        <h2>Filed today by port</h2>
        <ul className="plain">
          {[...byPort]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([port, n]) => (
              <li key={port}>
                {port === '—' ? (
                  port
                ) : (
                  <Link to="/queue" search={{ port }}>
                    {port}
                  </Link>
                )}{' '}
                {fmtNum(n)}
              </li>
            ))}
        </ul>
      </div>
      <div className="card">
        <h2>With holds</h2>
        {red.isPending ? (
          <Loading what="the red lane" />
        ) : red.isError ? (
          <ErrorBox error={red.error} />
        ) : (
          <>
            <p className="big">{fmtNum(held)}</p>
            <p className="hint">
              of the newest {fmtNum(red.data.items.length)} waiting in the{' '}
              <Link to="/queue" search={{ lane: 'red' }}>
                red lane
              </Link>
            </p>
          </>
        )}
      </div>
      <div className={`card${behind ? ' stale' : ''}`} data-testid="outbox">
        <h2>Events to publish</h2>
        <p className="big">{fmtNum(o.pending)}</p>
        <p className="hint">
          {o.pending === 0
            ? 'the outbox is empty: every filing is announced'
            : `oldest written ${fmtNum(Math.round(o.oldest_age_s ?? 0))} s ago${behind ? ' — the relay is behind' : ''}`}
        </p>
      </div>
    </div>
  );
}

/**
 * The classifier in force: its version, when it was built and how old the data it learned from is
 * (stale, in amber, past the age at which a list is).
 */
function ClassifierModel() {
  const q = useQuery({
    queryKey: ['classify-model'],
    queryFn: async () => must(await api.GET('/v1/classify/model')),
  });
  if (q.isPending) return <Loading what="the classifier" />;
  if (q.isError) return <ErrorBox error={q.error} />;
  const data = q.data.data_imported_at ? age(q.data.data_imported_at, Date.now()) : null;
  return (
    <p className={`hint${data?.stale ? ' stale' : ''}`} data-testid="classifier-model">
      HS classifier in force: <code>{q.data.version}</code>
      {q.data.built_at ? <>, built {fmtDate(q.data.built_at)}</> : null}
      {data ? (
        <>
          , from data imported {fmtNum(data.days)} days ago
          {data.stale ? <strong className="warn"> stale</strong> : null}
        </>
      ) : null}
    </p>
  );
}
