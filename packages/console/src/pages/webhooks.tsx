/**
 * A filer's webhooks: the list, registering one (the secret is shown once), deleting one. A URL the
 * API refuses (not http(s), or a private or loopback host: the SSRF guard) is shown at its field.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, api, must } from '../api/client';
import { Empty, ErrorBox, Loading, Page, fmtDate } from '../ui';

const EVENTS = ['shipment.decided', 'shipment.status'] as const;

export function Webhooks() {
  const qc = useQueryClient();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
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
        <table className="grid">
          <caption className="sr-only">Your webhooks</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Registered</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((w) => (
              <tr key={w.id}>
                <td>{w.url}</td>
                <td>{w.events.join(', ')}</td>
                <td>{fmtDate(w.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => remove.mutate(w.id)}
                    aria-label={`Delete the webhook ${w.url}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
