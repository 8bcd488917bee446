/**
 * A filer's shipments. The API has no list of a filer's filings yet, so this page shows the
 * filings made from this browser tab (their ids only, in sessionStorage) and opens any by id.
 */
import { useQueries } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { api, must } from '../api/client';
import { Empty, ErrorBox, Lane, Page, fmtDate } from '../ui';

const KEY = 'tradelane.filed';
export const filedHere = (): string[] => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
};
export const rememberFiled = (id: string): void =>
  sessionStorage.setItem(KEY, JSON.stringify([id, ...filedHere().filter((x) => x !== id)].slice(0, 100)));

export function MyShipments() {
  const ids = filedHere();
  const navigate = useNavigate();
  const qs = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['shipment', id],
      queryFn: async () => must(await api.GET('/v1/shipments/{id}', { params: { path: { id } } })),
    })),
  });
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const id = String(new FormData(e.currentTarget).get('id') ?? '').trim();
    if (id) void navigate({ to: '/shipments/$id', params: { id } });
  };
  return (
    <Page title="My shipments">
      <form className="filters" onSubmit={open}>
        <label>
          Shipment id
          <input name="id" required pattern="shp_.+" placeholder="shp_…" />
        </label>
        <button type="submit">Open</button>
      </form>
      {ids.length === 0 ? (
        <Empty>
          No filing from this session yet. <Link to="/file">File a shipment</Link>.
        </Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Filing</th>
              <th scope="col">Lane</th>
              <th scope="col">Customs status</th>
              <th scope="col">Filed</th>
            </tr>
          </thead>
          <tbody>
            {qs.map((q, i) => (
              <tr key={ids[i]}>
                <td>
                  <Link to="/shipments/$id" params={{ id: ids[i]! }}>
                    {q.data?.reference ?? ids[i]}
                  </Link>
                </td>
                {q.isError ? (
                  <td colSpan={4}>
                    <ErrorBox error={q.error} />
                  </td>
                ) : (
                  <>
                    <td>{q.data?.status ?? '…'}</td>
                    <td>
                      <Lane lane={q.data?.lane} />
                    </td>
                    <td>{q.data?.customs_status.replace('_', ' ') ?? '…'}</td>
                    <td>{fmtDate(q.data?.created_at)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
