/**
 * Bulk filing: an NDJSON file (one shipment per line) or a CSV file (one row per line item, a
 * shipment's rows together; docs/formats.md) sent to POST /v1/shipments:batch, whose answer
 * streams one result per shipment. Progress is the results received against the shipments sent;
 * the results download as NDJSON. XMLHttpRequest rather than the typed client: it reports progress
 * while the answer streams.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { csrfToken } from '../api/client';
import { ErrorBox, fmtNum } from '../ui';

/** The cells of one CSV line (a quoted field may hold commas and doubled quotes, not a line break). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell);
  return out;
}

/** How many shipments a file holds: NDJSON lines, or CSV runs of rows with the same reference. */
export function shipmentsIn(text: string, csv: boolean): number {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!csv) return lines.length;
  const [header, ...rows] = lines;
  const at = header ? cells(header).indexOf('reference') : -1;
  let n = 0;
  let last: string | null = null;
  for (const r of rows) {
    const ref = at >= 0 ? (cells(r)[at] ?? '') : r;
    if (ref !== last) n++;
    last = ref;
  }
  return n;
}

interface Progress {
  lines: number;
  done: number;
  accepted: number;
  rejected: number;
  failed: number;
  finished: boolean;
}

export function BulkUpload() {
  const [p, setP] = useState<Progress | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(null);
    if (result) URL.revokeObjectURL(result);
    setResult(null);
    const text = await file.text();
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    const lines = shipmentsIn(text, csv);
    setP({ lines, done: 0, accepted: 0, rejected: 0, failed: 0, finished: false });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/shipments:batch');
    xhr.setRequestHeader('content-type', csv ? 'text/csv' : 'application/x-ndjson');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    const count = (finished: boolean) => {
      const got = xhr.responseText.split('\n').filter((l) => l.trim() !== '');
      const tally = { accepted: 0, rejected: 0, failed: 0 };
      for (const l of finished ? got : got.slice(0, -1)) {
        try {
          const r = JSON.parse(l) as { status?: string; error?: unknown };
          if (r.error) tally.failed++;
          else if (r.status === 'accepted') tally.accepted++;
          else tally.rejected++;
        } catch {
          // the last line may still be arriving
        }
      }
      setP({ lines, done: tally.accepted + tally.rejected + tally.failed, ...tally, finished });
    };
    xhr.onprogress = () => count(false);
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let msg = xhr.statusText;
        try {
          const b = JSON.parse(xhr.responseText) as { code: string; message: string };
          msg = `${b.code}: ${b.message}`;
        } catch {
          // not JSON
        }
        setError(new Error(msg));
        setP(null);
        return;
      }
      count(true);
      setResult(URL.createObjectURL(new Blob([xhr.responseText], { type: 'application/x-ndjson' })));
    };
    xhr.onerror = () => setError(new Error('the upload failed (network)'));
    xhr.send(text);
  };

  return (
    <section aria-labelledby="bulk-title" className="bulk">
      <h2 id="bulk-title">File many shipments</h2>
      <label htmlFor="bulk-file">
        NDJSON file (one shipment per line) or CSV file (one row per line item)
      </label>
      <input
        id="bulk-file"
        ref={input}
        type="file"
        accept=".ndjson,.jsonl,.csv,application/x-ndjson,text/csv"
        onChange={upload}
      />
      {p ? (
        <div className="bulk-progress">
          <progress id="bulk-bar" max={Math.max(1, p.lines)} value={p.done} aria-label="Lines filed">
            {p.done}/{p.lines}
          </progress>
          <p role="status" data-testid="bulk-status">
            {fmtNum(p.done)} of {fmtNum(p.lines)} shipments{p.finished ? ' — done' : '…'}:{' '}
            {fmtNum(p.accepted)} accepted, {fmtNum(p.rejected)} refused, {fmtNum(p.failed)} unreadable
          </p>
        </div>
      ) : null}
      {result ? (
        <a href={result} download="tradelane-results.ndjson">
          Download the results (NDJSON)
        </a>
      ) : null}
      <ErrorBox error={error} />
    </section>
  );
}
