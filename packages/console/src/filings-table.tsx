/**
 * The table of filings in keyset pages, shared by the officers' queue and the filer's shipments:
 * the pages' query, its loading, error and empty states, the rows, and **More** (the next page).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Grid, type Column } from './grid';
import { Empty, ErrorBox, Loading, fmtNum } from './ui';

/**
 * A list's keyset pages (TanStack's infinite query under `key`): each page asks from where the
 * last one ended, its `next` given as the following one's `cursor` (none for the first).
 */
export function useKeysetPages<P extends { readonly next: string | null }>(
  key: readonly unknown[],
  page: (cursor: { cursor?: string }) => Promise<P>,
) {
  return useInfiniteQuery({
    queryKey: key,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => page(pageParam ? { cursor: pageParam } : {}),
    getNextPageParam: (last) => last.next,
  });
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
        <Grid rows={rows} rowKey={rowKey} columns={columns} caption={caption} />
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
