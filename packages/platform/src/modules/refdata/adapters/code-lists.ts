import { parse } from 'csv-parse/sync';
import { Problem } from '../../../kernel/problem.js';

function records(text: string, what: string, required: readonly string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Record<
      string,
      string
    >[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new Problem(
      'REFDATA_FORMAT',
      `${what}: ${err.message ?? String(e)}`,
      err.lines ? `line ${err.lines}` : '',
    );
  }
  const first = rows[0];
  if (!first) throw new Problem('REFDATA_FORMAT', `${what}: no data rows`);
  for (const col of required) {
    if (!(col in first)) throw new Problem('REFDATA_FORMAT', `${what}: missing column "${col}"`, 'line 1');
  }
  return rows;
}

/**
 * US port codes (Schedule D style CSV: port_name, port_code_raw, port_code_4). District "00" does
 * not exist: such rows are foreign pseudo-entries and are left out. The first name of a code wins.
 */
export function parsePortsCsv(text: string): [string, string][] {
  const out = new Map<string, string>();
  records(text, 'ports CSV', ['port_name']).forEach((r, i) => {
    const raw = (r.port_code_4 ?? r.port_code_raw ?? '').trim();
    const code = /^\d{3,4}$/.test(raw) ? raw.padStart(4, '0') : null;
    if (code === null)
      throw new Problem('REFDATA_FORMAT', `ports CSV line ${i + 2}: "${raw}" is not a port code`);
    if (code.startsWith('00') || out.has(code)) return;
    out.set(code, r.port_name ?? '');
  });
  return [...out.entries()];
}

/** ISO 3166-1 alpha-2 countries (UN/LOCODE country-codes.csv: CountryCode, CountryName). */
export function parseCountriesCsv(text: string): [string, string][] {
  return records(text, 'countries CSV', ['CountryCode', 'CountryName']).map((r, i) => {
    const code = r.CountryCode ?? '';
    if (!/^[A-Z]{2}$/.test(code)) {
      throw new Problem('REFDATA_FORMAT', `countries CSV line ${i + 2}: "${code}" is not an alpha-2 code`);
    }
    return [code, r.CountryName ?? ''];
  });
}
