/** Officers' queue: decided filings by lane, port and signal; refreshed live from the event stream. */
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import type { paths } from '../api/schema';
import { useSession } from '../session';
import { FilingsTable, useKeysetPages } from '../filings-table';
import { Choice, submittedFilters } from '../filters';
import type { Column } from '../grid';
import { Lane, Page, fmtDate, fmtNum } from '../ui';

export interface QueueSearch {
  lane?: string | undefined;
  port?: string | undefined;
  signal?: string | undefined;
}
type LaneName = 'green' | 'blue' | 'yellow' | 'red';
const LANES: LaneName[] = ['red', 'yellow', 'blue', 'green'];
type SortKey = 'decided_at' | 'score' | 'port';
/** Filings per page of the queue. */
const PAGE = 50;

type QueueItem = paths['/v1/queue']['get']['responses'][200]['content']['application/json']['items'][number];

const QUEUE_COLUMNS: Column<QueueItem>[] = [
  {
    header: 'Reference',
    cell: (r) => (
      <>
        <Link to="/shipments/$id" params={{ id: r.shipment_id }}>
          {r.reference}
        </Link>
        {r.front_of_line ? <span className="tag"> front of line</span> : null}
      </>
    ),
  },
  { header: 'Lane', cell: (r) => <Lane lane={r.lane} /> },
  { header: 'Score', cell: (r) => fmtNum(r.score), className: 'num' },
  { header: 'Why', cell: (r) => r.signals.join(', ') || '—' },
  { header: 'Holds', cell: (r) => r.holds.join(', ') || '—' },
  { header: 'Port', cell: (r) => r.port },
  { header: 'Filer', cell: (r) => r.tenant },
  { header: 'Status', cell: (r) => r.status.replace('_', ' ') },
  { header: 'Decided', cell: (r) => fmtDate(r.decided_at) },
];

/** Invalidates a query whenever the event stream says a filing was decided or changed status. */
export function useLiveRefresh(root: string, enabled: boolean): boolean {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const es = new EventSource('/v1/events');
    const refresh = () => void qc.invalidateQueries({ queryKey: [root] });
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.onmessage = refresh;
    for (const t of ['shipment.decided', 'shipment.status', 'shipment.filed'])
      es.addEventListener(t, refresh);
    return () => es.close();
  }, [enabled, qc, root]);
  return live;
}

export function Queue() {
  const search = useSearch({ from: '/queue' });
  const navigate = useNavigate({ from: '/queue' });
  const session = useSession();
  const [sort, setSort] = useState<SortKey>('decided_at');
  const query = {
    lane: (LANES.includes(search.lane as LaneName) ? search.lane : 'red') as LaneName,
    ...(search.port ? { port: search.port } : {}),
    ...(search.signal ? { signal: search.signal } : {}),
    limit: PAGE,
  };
  // Keyset pages: each asks from where the last one ended (`next`); a live event refetches them all.
  const q = useKeysetPages(['queue', query], async (cursor) =>
    must(await api.GET('/v1/queue', { params: { query: { ...query, ...cursor } } })),
  );
  // Agency officers do not receive the stream (it carries every filing); they refresh by hand.
  const live = useLiveRefresh('queue', session.data?.role !== 'pga_officer');
  const rows = useMemo(() => {
    const items = (q.data?.pages ?? []).flatMap((p) => p.items);
    if (sort === 'score') items.sort((a, b) => b.score - a.score);
    else if (sort === 'port') items.sort((a, b) => a.port.localeCompare(b.port));
    return items;
  }, [q.data, sort]);

  const apply = (e: FormEvent<HTMLFormElement>) =>
    void navigate({ search: submittedFilters(e, ['lane', 'port', 'signal']) });

  return (
    <Page
      title={`Queue: ${query.lane} lane`}
      actions={
        <span className="live" role="status">
          {live ? '● live' : 'not live: '}
          {live ? null : (
            <button type="button" className="link" onClick={() => void q.refetch()}>
              refresh
            </button>
          )}
        </span>
      }
    >
      <form className="filters" onSubmit={apply} aria-label="Filter the queue">
        <Choice label="Lane" name="lane" options={LANES} defaultValue={query.lane} />
        <label>
          Port
          <input name="port" defaultValue={search.port ?? ''} maxLength={10} size={6} />
        </label>
        <label>
          Signal
          <input name="signal" defaultValue={search.signal ?? ''} maxLength={40} />
        </label>
        <button type="submit">Filter</button>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="decided_at">newest</option>
            <option value="score">score</option>
            <option value="port">port</option>
          </select>
        </label>
      </form>
      <FilingsTable
        q={q}
        rows={rows}
        rowKey={(r) => r.shipment_id}
        columns={QUEUE_COLUMNS}
        caption="Decided filings waiting"
        what="the queue"
        empty="No filing waits with these filters."
      />
    </Page>
  );
}
