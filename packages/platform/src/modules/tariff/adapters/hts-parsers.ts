import { parse } from 'csv-parse/sync';
import { normalizeHts } from '../../../kernel/hts-code.js';
import { Problem } from '../../../kernel/problem.js';
import type { TariffRow } from '../domain/tariff.js';

/**
 * Parsers for the USITC HTSUS exports. Both formats give, per row, the dotted HTS number (empty on
 * label rows), the indent, the description, the units of quantity and the three rate columns.
 */

const CSV_COLUMNS = [
  'HTS Number',
  'Indent',
  'Description',
  'Unit of Quantity',
  'General Rate of Duty',
] as const;

export function parseUnits(raw: unknown): string[] {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (t === '') return [];
    try {
      list = t.startsWith('[') ? JSON.parse(t) : [t];
    } catch {
      list = t
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map((s) => s.replace(/"/g, ''));
    }
  }
  if (!Array.isArray(list)) return [];
  return list.map((u) => String(u).trim()).filter((u) => u !== '');
}

function toRow(
  at: string,
  number: string,
  indent: unknown,
  description: unknown,
  units: unknown,
  general: unknown,
  special: unknown,
  column2: unknown,
  additional: unknown,
): TariffRow {
  const code = number.trim() === '' ? '' : normalizeHts(number);
  if (code === null) throw new Problem('REFDATA_FORMAT', `${at}: "${number}" is not an HTS number`, at);
  const ind = Number(indent);
  if (!Number.isInteger(ind) || ind < 0 || ind > 20) {
    throw new Problem(
      'REFDATA_FORMAT',
      `${at}: indent "${String(indent)}" is not a small non-negative integer`,
      at,
    );
  }
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  return {
    code,
    indent: ind,
    description: s(description),
    units: parseUnits(units),
    general: s(general),
    special: s(special),
    column2: s(column2),
    additional: s(additional),
  };
}

export function countRows(rows: readonly TariffRow[]): Record<string, number> {
  const c = { rows: rows.length, headings: 0, subheadings: 0, tariff_lines: 0, statistical: 0, labels: 0 };
  for (const r of rows) {
    if (r.code.length === 4) c.headings++;
    else if (r.code.length === 6) c.subheadings++;
    else if (r.code.length === 8) c.tariff_lines++;
    else if (r.code.length === 10) c.statistical++;
    else c.labels++;
  }
  return c;
}

/** USITC "CSV export" (UTF-8, optional BOM, header row). */
export function parseHtsCsv(text: string): TariffRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      relax_quotes: false,
    }) as Record<string, string>[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    throw new Problem(
      'REFDATA_FORMAT',
      `HTS CSV: ${err.message ?? String(e)}`,
      err.lines ? `line ${err.lines}` : '',
    );
  }
  const first = records[0];
  if (!first) throw new Problem('REFDATA_FORMAT', 'HTS CSV: no data rows');
  for (const col of CSV_COLUMNS) {
    if (!(col in first)) throw new Problem('REFDATA_FORMAT', `HTS CSV: missing column "${col}"`, 'line 1');
  }
  return records.map((r, i) =>
    toRow(
      `line ${i + 2}`,
      r['HTS Number'] ?? '',
      r['Indent'],
      r['Description'],
      r['Unit of Quantity'],
      r['General Rate of Duty'],
      r['Special Rate of Duty'],
      r['Column 2 Rate of Duty'],
      r['Additional Duties'],
    ),
  );
}

/** USITC JSON export: an array of {htsno, indent, description, units, general, special, other, …}. */
export function parseHtsJson(text: string): TariffRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Problem('REFDATA_FORMAT', `HTS JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Problem('REFDATA_FORMAT', 'HTS JSON: expected an array of records');
  if (data.length === 0) throw new Problem('REFDATA_FORMAT', 'HTS JSON: no records');
  return data.map((rec: unknown, i) => {
    if (!rec || typeof rec !== 'object')
      throw new Problem('REFDATA_FORMAT', `HTS JSON: record ${i} is not an object`, `[${i}]`);
    const r = rec as Record<string, unknown>;
    if (!('indent' in r) || !('description' in r)) {
      throw new Problem('REFDATA_FORMAT', `HTS JSON: record ${i} lacks indent or description`, `[${i}]`);
    }
    return toRow(
      `[${i}]`,
      typeof r.htsno === 'string' ? r.htsno : '',
      r.indent,
      r.description,
      r.units,
      r.general,
      r.special,
      r.other,
      r.additionalDuties,
    );
  });
}

/** Edition name and effective date from a file name such as hts_2026_basic_edition.csv or 2026HTSRev3.json. */
export function editionFromName(name: string): { edition: string; effectiveFrom: string } | null {
  const m = /(20\d{2})\D{0,8}?(basic|rev(?:ision)?[\s_-]*(\d+))/i.exec(name);
  if (!m) return null;
  if (/^basic$/i.test(m[2]!)) return { edition: `${m[1]} Basic`, effectiveFrom: `${m[1]}-01-01` };
  return null; // a revision's effective date is not in its name: ask for it
}
