/** Small shared pieces: loading, error and empty states, lanes, locale formatting. */
import type { ReactNode } from 'react';
import { ApiError } from './api/client';

const locale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const numFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const pctFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
const usdFmt = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });

export const fmtDate = (iso: string | null | undefined): string =>
  iso ? dateFmt.format(new Date(iso)) : '—';
export const fmtNum = (n: number | null | undefined): string => (n == null ? '—' : numFmt.format(n));
export const fmtPct = (n: number | null | undefined): string => (n == null ? '—' : pctFmt.format(n));
export const fmtUsd = (n: number | null | undefined): string => (n == null ? '—' : usdFmt.format(n));

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div className="error" role="alert">
      <strong>{e ? e.code : 'Error'}</strong>: {error instanceof Error ? error.message : String(error)}
      {e?.path ? <span className="path"> (at {e.path})</span> : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

export function Lane({ lane }: { lane: string | null | undefined }) {
  if (!lane) return <span className="lane">—</span>;
  return <span className={`lane lane-${lane}`}>{lane}</span>;
}

/** A query's three states before its data: loading, error, or the page. */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions}
      </div>
      {children}
    </section>
  );
}
