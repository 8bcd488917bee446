/**
 * One filing: lines, parties, every finding at its place, the lane decision with its signals,
 * rules, holds and data versions, the officers' action log, and (for officers) the actions and the
 * screening adjudication.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, must, type Finding, type StoredFiling } from '../api/client';
import { can, useSession } from '../session';
import { Documents } from './documents';
import { ClassifierSuggestions, PgaRequirements } from './laid-out';
import { Empty, ErrorBox, Lane, Loading, Page, fmtDate, fmtNum } from '../ui';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const txt = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function ShipmentPage() {
  const { id } = useParams({ from: '/shipments/$id' });
  const q = useQuery({
    queryKey: ['shipment', id],
    queryFn: async () => must(await api.GET('/v1/shipments/{id}', { params: { path: { id } } })),
  });
  if (q.isPending) return <Loading what="the filing" />;
  if (q.isError)
    return (
      <Page title={`Shipment ${id}`}>
        <ErrorBox error={q.error} />
      </Page>
    );
  return <Filing f={q.data} />;
}

function Filing({ f }: { f: StoredFiling }) {
  const session = useSession();
  const s = obj(f.shipment);
  const transport = obj(s.transport);
  const parties = arr(s.parties).map(obj);
  const lines = arr(s.lines).map(obj);
  const hits = f.findings.filter((x) => x.code === 'SCREENING_HIT');
  return (
    <Page title={`Shipment ${f.reference}`}>
      <dl className="facts">
        <dt>Id</dt>
        <dd>{f.id}</dd>
        <dt>Type</dt>
        <dd>{f.type}</dd>
        <dt>Filing</dt>
        <dd>{f.status}</dd>
        <dt>Lane</dt>
        <dd>
          <Lane lane={f.lane} />
        </dd>
        <dt>Customs status</dt>
        <dd data-testid="customs-status">{f.customs_status.replace('_', ' ')}</dd>
        <dt>Port of entry</dt>
        <dd>{txt(transport.port_of_entry)}</dd>
        <dt>Arrival</dt>
        <dd>{txt(transport.arrival_date)}</dd>
        <dt>Filed</dt>
        <dd>{fmtDate(f.created_at)}</dd>
      </dl>

      <h2>Parties</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">City</th>
            <th scope="col">Country</th>
          </tr>
        </thead>
        <tbody>
          {parties.map((p, i) => (
            <tr key={i}>
              <td>{i}</td>
              <td>{txt(p.role)}</td>
              <td>{txt(p.name)}</td>
              <td>{txt(obj(p.address).city)}</td>
              <td>{txt(obj(p.address).country)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Lines</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Description</th>
            <th scope="col">HTS</th>
            <th scope="col">Origin</th>
            <th scope="col">Quantity</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => {
            const v = obj(l.value);
            const amount = typeof v.amount === 'number' && typeof v.currency === 'string' ? v : null;
            return (
              <tr key={i}>
                <td>{i}</td>
                <td>{txt(l.description)}</td>
                <td>{txt(l.hts)}</td>
                <td>{txt(l.origin)}</td>
                <td>
                  {arr(l.quantity)
                    .map(obj)
                    .map((x) => `${fmtNum(Number(x.value))} ${txt(x.unit)}`)
                    .join(', ')}
                </td>
                <td className="num">
                  {amount
                    ? new Intl.NumberFormat(navigator.language, {
                        style: 'currency',
                        currency: String(amount.currency),
                      }).format(Number(amount.amount) / 100)
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <PgaRequirements findings={f.findings} />
      <ClassifierSuggestions findings={f.findings} />

      <h2>Findings</h2>
      <Findings findings={f.findings} />
      {hits.length > 0 && can(session.data, 'adjudicate') ? <Adjudicate f={f} hits={hits} /> : null}

      <Decision f={f} />

      <h2>Data versions</h2>
      <ul className="plain">
        {f.data_versions.map((v) => (
          <li key={`${v.dataset}:${txt(obj(v).snapshot_id ?? obj(v).version)}`}>
            <code>{Object.values(v).map(txt).join(' · ')}</code>
          </li>
        ))}
      </ul>

      <h2>Decision log</h2>
      {f.actions.length === 0 ? (
        <Empty>No officer has acted on this filing.</Empty>
      ) : (
        <ol className="log" data-testid="action-log">
          {f.actions.map((a) => (
            <li key={a.seq}>
              <strong>{a.type.replace('_', ' ')}</strong> by {a.officer}, {fmtDate(a.at)}
              {a.agency ? ` · ${a.agency}` : ''}
              {a.note ? ` — ${a.note}` : ''}
              {a.documents?.length ? ` · documents: ${a.documents.join(', ')}` : ''}
              {a.found !== undefined
                ? ` · found: ${a.found ? 'yes' : 'no'}${a.what ? ` (${a.what})` : ''}`
                : ''}
            </li>
          ))}
        </ol>
      )}
      {can(session.data, 'act') && f.decision ? <Actions f={f} /> : null}
      <Documents id={f.id} />
    </Page>
  );
}

export function Findings({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <Empty>No findings: nothing is wrong with this filing.</Empty>;
  return (
    <ul className="findings">
      {findings.map((x, i) => (
        <li key={i} className={`finding ${x.severity}`}>
          <span className="sev">{x.severity}</span> <code>{x.code}</code> at{' '}
          <code>{x.path || '(filing)'}</code>: {x.message}
          {x.details ? (
            <details>
              <summary>details</summary>
              <pre tabIndex={0}>{JSON.stringify(x.details, null, 2)}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Decision({ f }: { f: StoredFiling }) {
  const d = f.decision;
  if (!d) return <Empty>No lane decision (the filing was not accepted, or is not decided yet).</Empty>;
  return (
    <>
      <h2>
        Decision: <Lane lane={d.lane} /> (score {fmtNum(d.score)})
      </h2>
      <p>
        Rule set <code>{d.rule_set}</code> (sha256 <code>{d.rule_set_sha256.slice(0, 12)}…</code>), risk data{' '}
        <code>{d.risk_data}</code>
        {d.trusted ? ' · trusted trader' : ''}
        {d.random.selected
          ? ` · random selection (draw ${fmtNum(d.random.draw)} < ${fmtNum(d.random.rate)})`
          : ''}
        {d.capped ? ` · capped from ${d.capped.from} at port ${d.capped.port}` : ''}
      </p>
      {d.benefit ? (
        <p>
          Without membership: <code>{JSON.stringify(d.benefit)}</code>
        </p>
      ) : null}
      <h3>Signals</h3>
      {d.signals.length === 0 ? (
        <Empty>No signal.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Place</th>
              <th scope="col">Weight</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {d.signals.map((s, i) => (
              <tr key={i}>
                <td>
                  <code>{s.code}</code>
                </td>
                <td>
                  <code>{s.path}</code>
                </td>
                <td className="num">{fmtNum(s.weight)}</td>
                <td>
                  <code className="evidence">{JSON.stringify(s.evidence)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Rules that fired</h3>
      {d.rules.length === 0 ? (
        <Empty>No rule fired.</Empty>
      ) : (
        <ul>
          {d.rules.map((r) => (
            <li key={r.id}>
              <code>{r.id}</code> → <Lane lane={r.lane} /> {r.description}
              {r.waived ? ' (waived for a trusted trader)' : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>Holds</h3>
      {d.holds.length === 0 ? (
        <Empty>No hold.</Empty>
      ) : (
        <ul>
          {(d.hold_reasons ?? d.holds.map((h) => ({ hold: h, rule: '', reason: '' }))).map((h, i) => (
            <li key={i}>
              <strong>{h.hold}</strong>
              {h.rule ? (
                <>
                  {' '}
                  by <code>{h.rule}</code>
                </>
              ) : null}
              {h.reason ? `: ${h.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

type ActionType = 'release' | 'hold' | 'request_documents' | 'exam_result';

function Actions({ f }: { f: StoredFiling }) {
  const qc = useQueryClient();
  const [type, setType] = useState<ActionType>('release');
  const act = useMutation({
    mutationFn: async (body: {
      type: ActionType;
      note?: string;
      documents?: string[];
      found?: boolean;
      what?: string;
    }) => must(await api.POST('/v1/shipments/{id}/actions', { params: { path: { id: f.id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['shipment', f.id] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    const docs = String(form.get('documents') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    act.mutate({
      type,
      note,
      ...(type === 'request_documents' ? { documents: docs } : {}),
      ...(type === 'exam_result'
        ? { found: form.get('found') === 'yes', what: String(form.get('what') ?? '') }
        : {}),
    });
  };
  return (
    <form className="actions" onSubmit={submit} aria-labelledby="act-title">
      <h2 id="act-title">Act on this filing</h2>
      <fieldset>
        <legend>Action</legend>
        {(['release', 'hold', 'request_documents', 'exam_result'] as const).map((t) => (
          <label key={t} className="inline">
            <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} />
            {t.replace('_', ' ')}
          </label>
        ))}
      </fieldset>
      <label htmlFor="act-note">Reason</label>
      <textarea id="act-note" name="note" required maxLength={2000} rows={2} />
      {type === 'request_documents' ? (
        <>
          <label htmlFor="act-docs">Documents (comma-separated)</label>
          <input id="act-docs" name="documents" required />
        </>
      ) : null}
      {type === 'exam_result' ? (
        <>
          <label htmlFor="act-found">Found a violation?</label>
          <select id="act-found" name="found" defaultValue="no">
            <option value="no">no</option>
            <option value="yes">yes</option>
          </select>
          <label htmlFor="act-what">What was found</label>
          <input id="act-what" name="what" maxLength={2000} />
        </>
      ) : null}
      <button type="submit" disabled={act.isPending}>
        Record {type.replace('_', ' ')}
      </button>
      <ErrorBox error={act.error} />
      {act.isSuccess ? (
        act.data.actions.at(-1)?.type === 'release_request' ? (
          <p role="status">
            Release requested: goods held on a list hit are released by a second officer (four eyes); the
            filing stays {act.data.customs_status.replace('_', ' ')} until then.
          </p>
        ) : (
          <p role="status">Recorded: the filing is now {act.data.customs_status.replace('_', ' ')}.</p>
        )
      ) : null}
    </form>
  );
}

/** Screening hits: a false positive (a decision with a reason), or a true match (a hold). */
function Adjudicate({ f, hits }: { f: StoredFiling; hits: readonly Finding[] }) {
  const qc = useQueryClient();
  const decide = useMutation({
    mutationFn: async (b: { party_index: number; entity_id: string; reason: string; match: boolean }) => {
      if (b.match)
        return must(
          await api.POST('/v1/shipments/{id}/actions', {
            params: { path: { id: f.id } },
            body: { type: 'hold', note: `screening true match ${b.entity_id}: ${b.reason}` },
          }),
        );
      return must(
        await api.POST('/v1/screening/decisions', {
          body: { shipment_id: f.id, party_index: b.party_index, entity_id: b.entity_id, reason: b.reason },
        }),
      );
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['shipment', f.id] }),
  });
  return (
    <div className="adjudicate">
      <h2>Screening hits</h2>
      {hits.map((h, i) => {
        const det = obj(h.details);
        const party = Number(/parties\[(\d+)\]/.exec(h.path)?.[1] ?? 0);
        const entity = txt(det.entity_id);
        const submit = (e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          decide.mutate({
            party_index: party,
            entity_id: entity,
            reason: String(form.get('reason') ?? ''),
            match: (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value') === 'match',
          });
        };
        return (
          <form key={i} onSubmit={submit} className="hit" aria-label={`Screening hit on party ${party}`}>
            <p>
              Party {party} ({h.path}) matches <code>{entity}</code>: {h.message}
            </p>
            <Explanation details={det} />
            <label htmlFor={`hit-reason-${i}`}>Reason</label>
            <input id={`hit-reason-${i}`} name="reason" required maxLength={2000} />
            <button type="submit" name="verdict" value="false_positive">
              False positive
            </button>
            <button type="submit" name="verdict" value="match">
              True match (hold)
            </button>
          </form>
        );
      })}
      <ErrorBox error={decide.error} />
      {decide.isSuccess ? <p role="status">Adjudication recorded.</p> : null}
    </div>
  );
}

/** A screening match's per-feature explanation and every list that carries the entry. */
function Explanation({ details }: { details: Json }) {
  const features = arr(obj(details.explanation).features).map(obj);
  const sources = arr(details.sources).map(obj);
  return (
    <>
      {features.length > 0 ? (
        <table className="grid">
          <caption>
            Why it matched (score {fmtNum(Number(details.score))}, threshold{' '}
            {fmtNum(Number(details.threshold))})
          </caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Contribution</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {features.map((f, i) => (
              <tr key={i}>
                <td>{txt(f.feature)}</td>
                <td className="num">{fmtNum(Number(f.contribution))}</td>
                <td>{txt(f.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {sources.length > 0 ? (
        <p>
          Sources:{' '}
          {sources
            .map((x) => `${txt(x.list)} ${txt(x.source_id)}${x.sub_list ? ` (${txt(x.sub_list)})` : ''}`)
            .join('; ')}
        </p>
      ) : null}
    </>
  );
}
