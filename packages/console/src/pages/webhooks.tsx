/**
 * A filer's webhooks: the list, registering one (the secret is shown once), deleting one, and a
 * webhook's latest deliveries (status, attempts, next attempt, last error). A URL the API refuses
 * (not http(s), or a private or loopback host: the SSRF guard) is shown at its field.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, api, must } from '../api/client';
import { Grid } from '../grid';
import { Empty, ErrorBox, Loading, Page, fmtDate, fmtNum } from '../ui';

const EVENTS = ['shipment.decided', 'shipment.status'] as const;

export function Webhooks() {
  const qc = useQueryClient();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [shown, setShown] = useState<{ id: string; url: string } | null>(null);
  const list = useQuery({
    queryKey: ['webhooks'],
    queryFn: async () => must(await api.GET('/v1/webhooks')).webhooks,
  });
  const add = useMutation({
    mutationFn: async (b: { url: string; events: (typeof EVENTS)[number][] }) =>
      must(await api.POST('/v1/webhooks', { body: b })),
    onSuccess: (w) => {
      setSecret({ url: w.url, secret: w.secret });
      void qc.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      must(await api.DELETE('/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const events = EVENTS.filter((x) => f.get(x) === 'on');
    add.mutate({ url: String(f.get('url') ?? '').trim(), events: events.length > 0 ? events : [...EVENTS] });
  };
  const urlError = add.error instanceof ApiError && add.error.path === 'url' ? add.error : null;
  return (
    <Page title="Webhooks">
      <form className="filing" onSubmit={submit} aria-label="Register a webhook" noValidate>
        <div className={`field${urlError ? ' invalid' : ''}`}>
          <label htmlFor="wh-url">URL to call (https)</label>
          <input
            id="wh-url"
            name="url"
            type="url"
            required
            placeholder="https://example.com/tradelane"
            aria-invalid={urlError !== null}
            aria-describedby={urlError ? 'wh-url-error' : undefined}
          />
          {urlError ? (
            <p id="wh-url-error" className="field-error" data-path="url">
              <code>{urlError.code}</code>: {urlError.message}
            </p>
          ) : null}
        </div>
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((x) => (
            <label key={x} className="check">
              <input type="checkbox" name={x} defaultChecked /> {x}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Registering…' : 'Register'}
        </button>
      </form>
      {add.error && !urlError ? <ErrorBox error={add.error} /> : null}
      {secret ? (
        <div className="ok" role="status">
          Registered {secret.url}. Its signing secret, shown once: <code>{secret.secret}</code>
        </div>
      ) : null}
      <ErrorBox error={remove.error} />
      {list.isPending ? (
        <Loading what="the webhooks" />
      ) : list.isError ? (
        <ErrorBox error={list.error} />
      ) : list.data.length === 0 ? (
        <Empty>No webhook yet.</Empty>
      ) : (
        <Grid
          rows={list.data}
          rowKey={(w) => w.id}
          caption="Your webhooks"
          columns={[
            { header: 'URL', cell: (w) => w.url },
            { header: 'Events', cell: (w) => w.events.join(', ') },
            { header: 'Registered', cell: (w) => fmtDate(w.createdAt) },
            {
              header: <span className="sr-only">Actions</span>,
              cell: (w) => (
                <>
                  <button
                    type="button"
                    onClick={() => setShown({ id: w.id, url: w.url })}
                    aria-label={`Deliveries of the webhook ${w.url}`}
                  >
                    Deliveries
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => remove.mutate(w.id)}
                    aria-label={`Delete the webhook ${w.url}`}
                  >
                    Delete
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      {shown ? <Deliveries id={shown.id} url={shown.url} /> : null}
    </Page>
  );
}

/** A webhook's latest deliveries, refreshed every 5 s while shown. */
function Deliveries({ id, url }: { id: string; url: string }) {
  const q = useQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: async () =>
      must(await api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id } } })).deliveries,
    refetchInterval: 5_000,
  });
  return (
    <section aria-labelledby="deliveries-title" data-testid="deliveries">
      <h2 id="deliveries-title">Deliveries to {url}</h2>
      {q.isPending ? (
        <Loading what="the deliveries" />
      ) : q.isError ? (
        <ErrorBox error={q.error} />
      ) : q.data.length === 0 ? (
        <Empty>Nothing delivered yet: deliveries follow your filings' decisions.</Empty>
      ) : (
        <Grid
          rows={q.data}
          rowKey={(d) => d.id}
          rowClassName={(d) => (d.status === 'failed' ? 'stale' : '')}
          caption="Latest deliveries"
          columns={[
            { header: 'Event', cell: (d) => <code>{d.eventId}</code> },
            { header: 'Status', cell: (d) => d.status },
            { header: 'Attempts', cell: (d) => fmtNum(d.attempts), className: 'num' },
            { header: 'Next attempt', cell: (d) => (d.status === 'pending' ? fmtDate(d.nextAt) : '—') },
            { header: 'Last error', cell: (d) => d.lastError ?? '—' },
          ]}
        />
      )}
    </section>
  );
}
