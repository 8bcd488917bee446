/** Reference data: the snapshots in force, their age, superseded and failed loads. */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { Empty, ErrorBox, Loading, Page, fmtDate, fmtNum } from '../ui';

const DAY = 86_400_000;
/** A list older than this shows as a warning. */
const STALE_DAYS = 7;

const useSnapshots = () =>
  useQuery({
    queryKey: ['refdata'],
    queryFn: async () => must(await api.GET('/v1/refdata/status')).snapshots,
  });

/** Age from the publisher's date where the publisher dates the list, else from the import. */
export function age(asOf: string, now: number): { days: number; stale: boolean } {
  const days = Math.floor((now - Date.parse(asOf)) / DAY);
  return { days, stale: days > STALE_DAYS };
}

/** The active snapshots, with a warning for stale ones (shown on the home page too). */
export function DataInForce() {
  const q = useSnapshots();
  if (q.isPending) return <Loading what="the reference data" />;
  if (q.isError) return <ErrorBox error={q.error} />;
  const active = q.data.filter((s) => s.status === 'active');
  if (active.length === 0) return <Empty>No reference data is loaded: run `tradelane refdata import`.</Empty>;
  const now = performance.timeOrigin + performance.now();
  return (
    <table className="grid">
      <caption>Data in force</caption>
      <thead>
        <tr>
          <th scope="col">Dataset</th>
          <th scope="col">Edition</th>
          <th scope="col">Publisher's date</th>
          <th scope="col">Imported</th>
          <th scope="col">Age</th>
          <th scope="col">Rows</th>
        </tr>
      </thead>
      <tbody>
        {active.map((s) => {
          const a = age(s.asOf ?? s.importedAt, now);
          return (
            <tr key={s.id} className={a.stale ? 'stale' : ''}>
              <td>{s.dataset}</td>
              <td>{s.edition ?? '—'}</td>
              <td>{fmtDate(s.asOf)}</td>
              <td>{fmtDate(s.importedAt)}</td>
              <td>
                {fmtNum(a.days)} days{a.stale ? <strong className="warn"> stale</strong> : null}
              </td>
              <td className="num">
                {fmtNum(Object.values(s.rowCounts).reduce<number>((t, n) => t + Number(n), 0))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Refdata() {
  const q = useSnapshots();
  const failed = (q.data ?? []).filter((s) => s.status === 'failed');
  return (
    <Page title="Reference data">
      <DataInForce />
      <h2>Recent failures</h2>
      {q.isPending ? null : failed.length === 0 ? (
        <Empty>No failed load.</Empty>
      ) : (
        <ul>
          {failed.slice(-20).map((s) => (
            <li key={s.id}>
              <strong>{s.dataset}</strong> {fmtDate(s.createdAt)}: {s.error}
            </li>
          ))}
        </ul>
      )}
      <h2>Every snapshot</h2>
      <ul className="plain">
        {(q.data ?? []).map((s) => (
          <li key={s.id}>
            <code>{s.id}</code> {s.dataset} {s.status} · {s.source} · sha256 {s.sha256.slice(0, 12)}…
          </li>
        ))}
      </ul>
    </Page>
  );
}
