/**
 * PGA pre-check of a draft: the filing as it stands in the form, sent to POST /v1/pga/determine
 * (nothing is filed), answered per line with the agencies that want data, whether it is required,
 * what to file or disclaim, and what ACE would reject.
 */
import { useMutation } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { Empty, ErrorBox } from '../ui';

export function PgaCheck({ draft }: { draft: () => Record<string, unknown> }) {
  const check = useMutation({
    mutationFn: async () => must(await api.POST('/v1/pga/determine', { body: draft() as never })),
  });
  const d = check.data;
  return (
    <section aria-labelledby="pga-title" className="pga-check">
      <h2 id="pga-title">Partner agencies (PGA) pre-check</h2>
      <p className="muted">Checks the draft above against the agencies&apos; flags; nothing is filed.</p>
      <button type="button" onClick={() => check.mutate()} disabled={check.isPending}>
        {check.isPending ? 'Checking…' : 'Check partner agencies'}
      </button>
      <ErrorBox error={check.error} />
      {d ? (
        <div data-testid="pga-result">
          {d.lines.every((l) => l.agencies.length === 0) ? (
            <Empty>No partner agency wants data for these lines.</Empty>
          ) : (
            <table className="grid">
              <caption className="sr-only">What each agency wants, per line</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">HTS</th>
                  <th scope="col">Agency</th>
                  <th scope="col">Program</th>
                  <th scope="col">Requirement</th>
                  <th scope="col">What to do</th>
                </tr>
              </thead>
              <tbody>
                {d.lines.flatMap((l) =>
                  l.agencies.map((a, i) => (
                    <tr key={`${l.line}-${i}`}>
                      <td className="num">{l.line + 1}</td>
                      <td>{l.hts}</td>
                      <td>{a.agency}</td>
                      <td>{a.program}</td>
                      <td>
                        {a.requirement}
                        {a.source === 'inferred' ? ' (inferred)' : ''}
                      </td>
                      <td>
                        {a.recommendation.action === 'disclaim'
                          ? `disclaim${a.recommendation.code ? ` (${a.recommendation.code})` : ''}`
                          : 'file the agency data'}
                        {a.recommendation.reasons.length > 0 ? (
                          <span className="muted"> — {a.recommendation.reasons.join('; ')}</span>
                        ) : null}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
          {d.rejects.length > 0 ? (
            <>
              <h3>ACE would reject</h3>
              <ul className="findings">
                {d.rejects.map((r, i) => (
                  <li key={i} className="finding error">
                    <code>{r.code}</code> at <code>{r.path}</code>: {r.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
