import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';

/** The columns (NDJSON fields) of a party besides its name. */
const COLUMNS = 'id, country, type, address, birth_date, identifiers';

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** One input line of `tradelane screen`: a value to check, or a line that could not be read. */
export type PartyLine =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: { code: string; message: string; path: string } };

/**
 * Parties as NDJSON (`{"id", "name", "country"?, "type"?, "address"?}` per line) or CSV with a
 * header row naming those columns; the first non-blank character tells which. Blank lines are
 * skipped; a line that cannot be read becomes an error for that line and the others go on.
 */
export async function* partyLines(input: Readable): AsyncGenerator<PartyLine> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let header: string[] | null = null;
  let format: 'ndjson' | 'csv' | null = null;
  for await (const raw of rl) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    format ??= text.trimStart().startsWith('{') ? 'ndjson' : 'csv';
    if (format === 'ndjson') {
      try {
        yield { line: n, value: JSON.parse(text) as unknown };
      } catch (e) {
        yield { line: n, error: { code: 'MALFORMED_JSON', message: (e as Error).message, path: '' } };
      }
      continue;
    }
    let cells: string[];
    try {
      cells = (parse(text, { relax_column_count: true }) as string[][])[0] ?? [];
    } catch (e) {
      yield { line: n, error: { code: 'CSV_ROW_INVALID', message: (e as Error).message, path: '' } };
      continue;
    }
    if (header === null) {
      header = cells.map((c) => c.trim().toLowerCase());
      if (!header.includes('name')) {
        yield {
          line: n,
          error: {
            code: 'CSV_INVALID',
            message: `the input was read as CSV, as its first line does not start with "{" (NDJSON): a CSV header row naming a "name" column (and any of ${COLUMNS}) was expected, and the line was ${JSON.stringify(clip(text))}`,
            path: '',
          },
        };
        return;
      }
      continue;
    }
    if (cells.length !== header.length) {
      yield {
        line: n,
        error: {
          code: 'CSV_ROW_INVALID',
          message: `expected ${header.length} fields, found ${cells.length}`,
          path: '',
        },
      };
      continue;
    }
    const value: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = cells[i]!;
      if (v === '') return;
      value[h] =
        h === 'identifiers'
          ? v
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : v;
    });
    yield { line: n, value };
  }
}
