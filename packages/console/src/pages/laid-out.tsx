/**
 * A filing's findings laid out by what they mean: the partner agencies that want data (per line:
 * agency, program, flagged or inferred, what to do) and the classifier's suggestions where the
 * declared number reads wrong (declared, suggested with the model's share, the nearest ruling).
 */
import type { Finding } from '../api/client';
import { fmtPct } from '../ui';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const txt = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const lineOf = (path: string): string => {
  const m = /^lines\[(\d+)\]/.exec(path);
  return m ? m[1]! : '—';
};
const hts = (s: unknown): string => {
  const d = txt(s).replace(/\D/g, '');
  return d.length === 10 ? `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6, 8)}.${d.slice(8)}` : txt(s);
};

export function PgaRequirements({ findings }: { findings: readonly Finding[] }) {
  const rows = findings.filter((f) => f.code.startsWith('PGA_') && typeof obj(f.details).agency === 'string');
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="pga-req-title">
      <h2 id="pga-req-title">Partner agency requirements</h2>
      <table className="grid" data-testid="pga-requirements">
        <caption className="sr-only">What each partner agency wants, per line</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Agency</th>
            <th scope="col">Program</th>
            <th scope="col">Basis</th>
            <th scope="col">What to do</th>
            <th scope="col">Finding</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f, i) => {
            const d = obj(f.details);
            const r = obj(d.recommendation);
            const disclaims = arr(d.allowed_disclaims).map(txt);
            return (
              <tr key={i}>
                <td className="num">{lineOf(f.path)}</td>
                <td>{txt(d.agency)}</td>
                <td>{txt(d.program)}</td>
                <td>{d.basis === 'inferred' ? 'inferred from the goods' : 'CBP flag'}</td>
                <td>
                  {txt(r.action).replace('_', ' ') || '—'}
                  {disclaims.length > 0 ? (
                    <span className="muted"> (disclaims: {disclaims.join(', ')})</span>
                  ) : null}
                </td>
                <td>
                  <code>{f.code}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function ClassifierSuggestions({ findings }: { findings: readonly Finding[] }) {
  const rows = findings.filter((f) => f.code === 'CLASSIFICATION_MISMATCH');
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="cls-title">
      <h2 id="cls-title">Classifier suggestions</h2>
      <table className="grid" data-testid="classifier-suggestions">
        <caption className="sr-only">Where the declared number reads wrong for the description</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Declared</th>
            <th scope="col">Suggested</th>
            <th scope="col">Model&apos;s share</th>
            <th scope="col">Wrong at</th>
            <th scope="col">Nearest ruling</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f, i) => {
            const d = obj(f.details);
            const near = obj(arr(d.evidence)[0]);
            const text = arr(d.suggested_tariff_text).map(txt);
            return (
              <tr key={i}>
                <td className="num">{lineOf(f.path)}</td>
                <td>
                  <code>{hts(d.declared)}</code>
                </td>
                <td>
                  <code>{hts(d.suggested)}</code>
                  {text.length > 0 ? <span className="muted"> {text.slice(-1)[0]}</span> : null}
                </td>
                <td className="num">
                  {fmtPct(typeof d.suggested_share === 'number' ? d.suggested_share : null)}
                </td>
                <td>{txt(d.level)}</td>
                <td>
                  {near.description ? (
                    <>
                      “{txt(near.description).slice(0, 80)}” <code>{hts(near.hts)}</code>{' '}
                      <span className="muted">{txt(near.source)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
