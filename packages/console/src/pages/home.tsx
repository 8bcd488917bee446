/** The first page: for officers, the queue by lane and port; for everyone, the data in force. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, must } from '../api/client';
import { can, useSession } from '../session';
import { Empty, ErrorBox, Lane, Loading, Page } from '../ui';
import { DataInForce } from './refdata';

const LANES = ['red', 'yellow', 'blue', 'green'] as const;

export function Home() {
  const { data: who } = useSession();
  return (
    <Page title="Home">
      {can(who, 'queue') ? <QueueSummary /> : null}
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

function QueueSummary() {
  const q = useQuery({
    queryKey: ['queue', 'summary'],
    queryFn: async () =>
      (
        await Promise.all(
          LANES.map(
            async (lane) =>
              must(await api.GET('/v1/queue', { params: { query: { lane, limit: 500 } } })).items,
          ),
        )
      ).flat(),
  });
  if (q.isPending) return <Loading what="the queue" />;
  if (q.isError) return <ErrorBox error={q.error} />;
  if (q.data.length === 0) return <Empty>The queue is empty.</Empty>;
  const byLane = new Map<string, number>();
  const byPort = new Map<string, number>();
  let held = 0;
  for (const r of q.data) {
    byLane.set(r.lane, (byLane.get(r.lane) ?? 0) + 1);
    byPort.set(r.port, (byPort.get(r.port) ?? 0) + 1);
    if (r.status === 'held' || r.holds.length > 0) held++;
  }
  return (
    <div className="cards">
      <div className="card">
        <h2>Waiting by lane</h2>
        <ul className="plain">
          {[...byLane].map(([lane, n]) => (
            <li key={lane}>
              <Link to="/queue" search={{ lane }}>
                <Lane lane={lane} /> {n}
              </Link>
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>Waiting by port</h2>
        <ul className="plain">
          {[...byPort]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([port, n]) => (
              <li key={port}>
                <Link to="/queue" search={{ port }}>
                  {port}
                </Link>{' '}
                {n}
              </li>
            ))}
        </ul>
      </div>
      <div className="card">
        <h2>With holds</h2>
        <p className="big">{held}</p>
        <p className="hint">of the newest {q.data.length} waiting</p>
      </div>
    </div>
  );
}

/** The classifier in force: its version and build time. */
function ClassifierModel() {
  const q = useQuery({
    queryKey: ['classify-model'],
    queryFn: async () => must(await api.GET('/v1/classify/model')),
  });
  if (q.isPending) return <Loading what="the classifier" />;
  if (q.isError) return <ErrorBox error={q.error} />;
  return (
    <p className="hint">
      HS classifier in force: <code>{q.data.version}</code>
    </p>
  );
}
