/** Alerts raised when a list change hit a stored party; officers acknowledge them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, must } from '../api/client';
import { can, useSession } from '../session';
import { Empty, ErrorBox, Loading, Page, fmtDate, fmtNum } from '../ui';

export function Alerts() {
  const { data: who } = useSession();
  const qc = useQueryClient();
  const [open, setOpen] = useState(true);
  const q = useQuery({
    queryKey: ['alerts', open],
    queryFn: async () =>
      must(await api.GET('/v1/alerts', { params: { query: { open: open ? 'true' : 'false', limit: 200 } } }))
        .alerts,
  });
  const ack = useMutation({
    mutationFn: async (a: { id: string; tenant: string }) =>
      must(
        await api.POST('/v1/alerts/{id}/acknowledge', {
          params: { path: { id: a.id }, query: { tenant: a.tenant } },
        }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['alerts'] }),
  });
  return (
    <Page title="Alerts">
      <label className="inline">
        <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} /> Open alerts only
      </label>
      <ErrorBox error={ack.error} />
      {q.isPending ? (
        <Loading what="alerts" />
      ) : q.isError ? (
        <ErrorBox error={q.error} />
      ) : q.data.length === 0 ? (
        <Empty>No alert: no list change has hit a stored party.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Raised</th>
              <th scope="col">Party</th>
              <th scope="col">Listed as</th>
              <th scope="col">List</th>
              <th scope="col">Score</th>
              <th scope="col">Seen in</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((a) => (
              <tr key={a.id}>
                <td>{fmtDate(a.createdAt)}</td>
                <td>{String((a.party as { name?: unknown }).name ?? a.partyKey)}</td>
                <td>
                  {a.matchedName} <code>{a.entryId}</code>
                </td>
                <td>{a.list}</td>
                <td className="num">{fmtNum(a.score)}</td>
                <td>
                  <Link to="/shipments/$id" params={{ id: a.seenIn }}>
                    {a.seenIn}
                  </Link>
                </td>
                <td>
                  {a.acknowledgedAt ? (
                    fmtDate(a.acknowledgedAt)
                  ) : can(who, 'acknowledge') ? (
                    <button
                      type="button"
                      onClick={() => ack.mutate({ id: a.id, tenant: a.tenant })}
                      disabled={ack.isPending}
                    >
                      Acknowledge
                    </button>
                  ) : (
                    'open'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
