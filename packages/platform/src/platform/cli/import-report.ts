/** How a command reports an import of reference data: one line per data set. */

/** What an import did with one data set (the refdata importer's outcome). */
export type ImportReport =
  | {
      readonly dataset: string;
      readonly source: string;
      readonly outcome: 'imported';
      readonly snapshot: string;
      readonly rowCounts: Readonly<Record<string, number>>;
      readonly edition?: string;
    }
  | {
      readonly dataset: string;
      readonly source: string;
      readonly outcome: 'unchanged';
      readonly snapshot: string;
    }
  | { readonly dataset: string; readonly source: string; readonly outcome: 'failed'; readonly error: string };

/**
 * One line per data set: imported (with counts), unchanged, or FAILED with the reason and what
 * serves instead. `loaded`: the data sets that had a snapshot in force before the import, when
 * known (a failed one without says so, not that a previous snapshot keeps serving).
 */
export function printImport(
  outcomes: readonly ImportReport[],
  out: (s: string) => void,
  loaded?: ReadonlySet<string>,
): void {
  for (const o of outcomes) {
    if (o.outcome === 'imported') {
      const counts = Object.entries(o.rowCounts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      out(
        `imported  ${o.dataset.padEnd(10)} ${o.edition ? `${o.edition}  ` : ''}${counts}  snapshot ${o.snapshot}  from ${o.source}`,
      );
    } else if (o.outcome === 'unchanged') {
      out(`unchanged ${o.dataset.padEnd(10)} snapshot ${o.snapshot}  from ${o.source}`);
    } else {
      const serving =
        o.dataset === '*'
          ? 'nothing was imported'
          : !loaded || loaded.has(o.dataset)
            ? 'the previous snapshot keeps serving'
            : `no ${o.dataset} is loaded`;
      out(`FAILED    ${o.dataset.padEnd(10)} ${o.error}  (from ${o.source}; ${serving})`);
    }
  }
  if (outcomes.length === 0) out('no data set found');
}
