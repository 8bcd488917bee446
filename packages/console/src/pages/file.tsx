/**
 * A filer files one shipment. The answer's findings are shown at the field they concern (by their
 * path: `lines[0].hts`); findings about places the form has no field for are listed above it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError, api, type Finding } from '../api/client';
import { ErrorBox, Lane, Page } from '../ui';
import { BulkUpload } from './bulk';
import { PgaCheck } from './pga-check';

interface Field {
  path: string;
  label: string;
  type?: string;
  value: string;
  options?: string[];
}

// A low-value (Section 321 / Type 86) filing: the common case; the bulk API takes every type.
const FIELDS: Field[] = [
  { path: 'reference', label: 'Reference (AWB, B/L)', value: '' },
  { path: 'type', label: 'Type', value: 'low_value', options: ['low_value', 'formal'] },
  {
    path: 'transport.mode',
    label: 'Transport mode',
    value: 'air',
    options: ['air', 'ocean', 'truck', 'rail', 'mail'],
  },
  { path: 'transport.port_of_entry', label: 'Port of entry (4-digit code)', value: '' },
  { path: 'transport.arrival_date', label: 'Arrival date', type: 'date', value: '' },
  { path: 'parties[0].name', label: 'Seller name', value: '' },
  { path: 'parties[0].address.city', label: 'Seller city', value: '' },
  { path: 'parties[0].address.country', label: 'Seller country (ISO alpha-2)', value: '' },
  { path: 'parties[1].name', label: 'Consignee name', value: '' },
  { path: 'parties[1].address.city', label: 'Consignee city', value: '' },
  { path: 'parties[1].address.country', label: 'Consignee country', value: 'US' },
  { path: 'lines[0].description', label: 'Goods description', value: '' },
  { path: 'lines[0].hts', label: 'HTS number (10 digits)', value: '' },
  { path: 'lines[0].origin', label: 'Country of origin', value: '' },
  { path: 'lines[0].quantity[0].value', label: 'Quantity', type: 'number', value: '1' },
  { path: 'lines[0].quantity[0].unit', label: 'Unit', value: 'No.' },
  { path: 'lines[0].value.amount', label: 'Value (USD)', type: 'number', value: '' },
];

const fieldId = (path: string) => `f-${path.replace(/[^\w]+/g, '-')}`;

/** The filing body from the form's values (dotted paths with [i] indexes). */
function body(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, raw] of Object.entries(values)) {
    if (raw === '') continue;
    const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
    let at: Record<string, unknown> | unknown[] = out;
    keys.forEach((k, i) => {
      const last = i === keys.length - 1;
      const nextIsIndex = /^\d+$/.test(keys[i + 1] ?? '');
      const slot = at as Record<string, unknown>;
      if (last) {
        slot[k] =
          path === 'lines[0].value.amount'
            ? Math.round(Number(raw) * 100)
            : path.endsWith('quantity[0].value')
              ? Number(raw)
              : raw;
      } else {
        slot[k] ??= nextIsIndex ? [] : {};
        at = slot[k] as Record<string, unknown>;
      }
    });
  }
  const line = (out.lines as Record<string, unknown>[] | undefined)?.[0];
  if (line?.value) (line.value as Record<string, unknown>).currency = 'USD';
  const parties = out.parties as Record<string, unknown>[] | undefined;
  if (parties?.[0]) parties[0].role = 'seller';
  if (parties?.[1]) parties[1].role = 'consignee';
  return out;
}

/** The findings at a field: its own path, or a path inside it (`lines[0].value` for the amount). */
const at = (findings: readonly Finding[], path: string) =>
  findings.filter((f) => f.path === path || path.startsWith(`${f.path}.`) || f.path.startsWith(`${path}.`));

type Answer = { id: string; status: string; lane?: string; findings: Finding[] };

export function FileShipment() {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(FIELDS.map((f) => [f.path, f.value])),
  );
  const qc = useQueryClient();
  const file = useMutation({
    mutationFn: async (b: Record<string, unknown>): Promise<Answer> => {
      const r = await api.POST('/v1/shipments', { body: b as never });
      if (r.response.ok && r.data) return r.data;
      const e = (r.error ?? {}) as {
        code?: string;
        message?: string;
        path?: string;
        findings?: Finding[];
        details?: unknown;
      };
      // Refused filings (422) answer with their findings; malformed bodies (400) with their issues.
      if (Array.isArray(e.findings)) return { id: '', status: 'rejected', findings: e.findings };
      const issues = (e.details as { issues?: { code: string; path: string; message: string }[] } | undefined)
        ?.issues;
      if (issues)
        return {
          id: '',
          status: 'rejected',
          findings: issues.map((i) => ({
            ...i,
            path: i.path.replace(/^body\.?/, ''),
            severity: 'error' as const,
          })),
        };
      throw new ApiError(r.response.status, e.code ?? 'HTTP', e.message ?? '', e.path ?? '');
    },
    // A filed shipment is the newest of the filer's list: refetch it.
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['shipments'] }),
  });
  const findings = file.data?.findings ?? [];
  const placed = new Set(FIELDS.flatMap((f) => at(findings, f.path)));
  const elsewhere = findings.filter((f) => !placed.has(f));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    file.mutate(body(values));
  };
  return (
    <Page title="File a shipment">
      {file.data ? (
        <div
          role="status"
          className={file.data.status === 'accepted' ? 'ok' : 'error'}
          data-testid="file-outcome"
        >
          {file.data.status === 'accepted' ? (
            <>
              Accepted:{' '}
              <Link to="/shipments/$id" params={{ id: file.data.id }}>
                {file.data.id}
              </Link>{' '}
              <Lane lane={file.data.lane} />
            </>
          ) : (
            <>
              Refused: {findings.filter((f) => f.severity === 'error').length} error(s), shown at their
              fields.
            </>
          )}
        </div>
      ) : null}
      <ErrorBox error={file.error} />
      {elsewhere.length > 0 ? (
        <ul className="findings">
          {elsewhere.map((f, i) => (
            <li key={i} className={`finding ${f.severity}`}>
              <code>{f.code}</code> at <code>{f.path || '(filing)'}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="filing" onSubmit={submit} noValidate>
        {FIELDS.map((f) => {
          const here = at(findings, f.path);
          const id = fieldId(f.path);
          const err = here.some((x) => x.severity === 'error');
          return (
            <div key={f.path} className={`field${err ? ' invalid' : ''}`}>
              <label htmlFor={id}>{f.label}</label>
              {f.options ? (
                <select
                  id={id}
                  value={values[f.path]}
                  onChange={(e) => setValues({ ...values, [f.path]: e.target.value })}
                >
                  {f.options.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  type={f.type ?? 'text'}
                  step={f.type === 'number' ? 'any' : undefined}
                  value={values[f.path]}
                  aria-invalid={err}
                  aria-describedby={here.length > 0 ? `${id}-findings` : undefined}
                  onChange={(e) => setValues({ ...values, [f.path]: e.target.value })}
                />
              )}
              {here.length > 0 ? (
                <ul id={`${id}-findings`} className="field-findings" data-path={f.path}>
                  {here.map((x, i) => (
                    <li key={i} className={x.severity}>
                      <code>{x.code}</code>: {x.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          );
        })}
        <button type="submit" disabled={file.isPending}>
          {file.isPending ? 'Filing…' : 'File'}
        </button>
      </form>
      <PgaCheck draft={() => body(values)} />
      <BulkUpload />
    </Page>
  );
}
