/**
 * The table of filings in keyset pages, shared by the officers' queue and the filer's shipments:
 * its loading, error and empty states, the rows, and **More** (the next keyset page).
 */
import type { ReactNode } from 'react';
import { Empty, ErrorBox, Loading, fmtNum } from './ui';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** `num` right-aligns a figure. */
  readonly className?: string;
}

/** What the table needs of a TanStack infinite query. */
export interface KeysetPages {
  readonly isPending: boolean;
  readonly isError: boolean;
  readonly error: unknown;
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  readonly isFetchNextPageError: boolean;
  fetchNextPage(): Promise<unknown>;
}

export function FilingsTable<T>({
  q,
  rows,
  rowKey,
  columns,
  caption,
  what,
  empty,
}: {
  q: KeysetPages;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly Column<T>[];
  /** Read by screen readers (the table's caption is not shown). */
  caption: string;
  /** What is loading, for "Loading …". */
  what: string;
  /** Shown when no row matches. */
  empty: ReactNode;
}) {
  return (
    <>
      {q.isPending ? (
        <Loading what={what} />
      ) : q.isError && rows.length === 0 ? (
        <ErrorBox error={q.error} />
      ) : rows.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <table className="grid">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.hasNextPage ? (
        <p className="more">
          <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? 'Loading more…' : 'More'}
          </button>{' '}
          <span className="muted">{fmtNum(rows.length)} shown</span>
        </p>
      ) : null}
      {q.isFetchNextPageError ? <ErrorBox error={q.error} /> : null}
    </>
  );
}
