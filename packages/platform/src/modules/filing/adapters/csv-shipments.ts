import { parse as parseCsv } from 'csv-parse/sync';
import { PARTY_ROLES } from '../../../kernel/shipment.js';
import { Problem } from '../../../kernel/problem.js';
import type { BulkItem } from '../../../platform/ingest/items.js';
import { decodeUtf8 } from '../../../platform/ingest/json-text.js';

/**
 * Shipments as CSV, one row per line item; consecutive rows with the same `reference` form one
 * shipment. Columns (header row required):
 *   reference, type, mode, port_of_entry, arrival_date, bill_of_lading,
 *   <role>_name, <role>_street, <role>_city, <role>_state, <role>_postal_code, <role>_country,
 *   <role>_id_scheme, <role>_id_value   (for any role: seller, consignee, importer, …)
 *   description, hts, origin, quantity_1, unit_1, quantity_2, unit_2, value_amount, currency
 * The text is UTF-8. A row that cannot be read (broken quoting, wrong column count, a NUL character,
 * bytes that are not UTF-8) becomes an error item for its line; the rows around it go on. A header
 * that is not UTF-8 is one INVALID_UTF8 item and nothing more. A quoted field does not span lines.
 */
export const CSV_COLUMNS = {
  shipment: ['reference', 'type', 'mode', 'port_of_entry', 'arrival_date', 'bill_of_lading'],
  party: ['name', 'street', 'city', 'state', 'postal_code', 'country', 'id_scheme', 'id_value'],
  line: [
    'description',
    'hts',
    'origin',
    'quantity_1',
    'unit_1',
    'quantity_2',
    'unit_2',
    'value_amount',
    'currency',
  ],
} as const;

type Rec = Record<string, string>;

/** A number where the cell holds one; otherwise the text, so that the shape check names the cell. */
function num(v: string | undefined): unknown {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

const opt = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function lineOf(r: Rec): Record<string, unknown> {
  const quantity: { value: unknown; unit: unknown }[] = [];
  for (const k of ['1', '2']) {
    if (opt(r[`quantity_${k}`]) !== undefined || opt(r[`unit_${k}`]) !== undefined) {
      quantity.push({ value: num(r[`quantity_${k}`]), unit: r[`unit_${k}`] });
    }
  }
  return {
    description: r.description,
    hts: r.hts,
    origin: r.origin,
    quantity,
    value: { amount: num(r.value_amount), currency: r.currency },
  };
}

function shipmentOf(r: Rec): Record<string, unknown> {
  const parties: Record<string, unknown>[] = [];
  for (const role of PARTY_ROLES) {
    if (opt(r[`${role}_name`]) === undefined) continue;
    const address = opt(r[`${role}_country`])
      ? Object.fromEntries(
          (['street', 'city', 'state', 'postal_code', 'country'] as const)
            .filter((f) => opt(r[`${role}_${f}`]) !== undefined)
            .map((f) => [f, r[`${role}_${f}`]]),
        )
      : undefined;
    const id = opt(r[`${role}_id_scheme`])
      ? [{ scheme: r[`${role}_id_scheme`], value: r[`${role}_id_value`] ?? '' }]
      : undefined;
    parties.push({
      role,
      name: r[`${role}_name`],
      ...(address ? { address } : {}),
      ...(id ? { identifiers: id } : {}),
    });
  }
  return {
    type: r.type,
    reference: r.reference,
    transport: {
      mode: r.mode,
      port_of_entry: r.port_of_entry,
      arrival_date: r.arrival_date,
      ...(opt(r.bill_of_lading) ? { bill_of_lading: r.bill_of_lading } : {}),
    },
    parties,
    lines: [lineOf(r)],
  };
}

type TextLine =
  { line: number; text: string } | { line: number; problem: { code: string; message: string; path: string } };

/** One line's bytes (without its newline) decoded strictly: invalid UTF-8 is a problem, not U+FFFD. */
function decodeLine(bytes: Buffer, line: number): TextLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
  try {
    return { line, text: decodeUtf8(bytes.subarray(0, end), `line ${line}`) };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { line, problem: { code: e.code, message: e.message, path: e.path } };
  }
}

/**
 * The lines of a byte or text stream, numbered from 1, without their line ends; each line decoded
 * on its own, strictly (as NDJSON lines are), so that one bad byte spoils its own line only.
 */
async function* textLines(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<TextLine> {
  // The bytes of the line not yet ended, as they came (only the chunk at hand is scanned).
  let parts: Buffer[] = [];
  let line = 0;
  for await (const chunk of stream) {
    const buf =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    let nl = buf.indexOf(10);
    while (nl !== -1) {
      const piece = buf.subarray(from, nl);
      yield decodeLine(parts.length === 0 ? piece : Buffer.concat([...parts, piece]), ++line);
      parts = [];
      from = nl + 1;
      nl = buf.indexOf(10, from);
    }
    if (from < buf.length) parts.push(buf.subarray(from));
  }
  if (parts.length > 0) yield decodeLine(Buffer.concat(parts), ++line);
}

const rowProblem = (line: number, code: 'CSV_ROW_INVALID' | 'TEXT_NUL', message: string): BulkItem => ({
  line,
  problem: { code, message: `line ${line}: ${message}`, path: `line ${line}` },
});

/**
 * The shipments of a CSV stream. Each physical line is one record: a quoted field may hold commas
 * and doubled quotes but not a line break, so a quote left open spoils its own line only — it is
 * reported with that line's number and the next line is read as the next record.
 */
export async function* csvItems(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<BulkItem> {
  let header: string[] | null = null;
  let current: { line: number; ship: Record<string, unknown> } | null = null;
  // A broken row ends the shipment being grouped: a shipment is never accepted with a line missing.
  const flush = function* (): Generator<BulkItem> {
    if (current) yield { line: current.line, value: current.ship };
    current = null;
  };
  for await (const read of textLines(stream)) {
    const line = read.line;
    if ('problem' in read) {
      // Not UTF-8: that row only, as a NUL is; without its header nothing of the file can be read.
      yield* flush();
      yield read;
      if (header === null) return;
      continue;
    }
    const raw = line === 1 ? read.text.replace(/^\uFEFF/, '') : read.text;
    if (raw.trim() === '') continue;
    let cells: string[];
    try {
      cells = (parseCsv(raw, { relax_column_count: true }) as string[][])[0] ?? [];
    } catch (e) {
      yield* flush();
      yield rowProblem(line, 'CSV_ROW_INVALID', (e as Error).message.replace(/ at line \d+/, ''));
      continue;
    }
    if (header === null) {
      header = cells.map((h) => h.trim());
      continue;
    }
    if (raw.includes('\u0000')) {
      yield* flush();
      yield rowProblem(line, 'TEXT_NUL', 'a cell holds a NUL character');
      continue;
    }
    if (cells.length !== header.length) {
      yield* flush();
      yield rowProblem(
        line,
        'CSV_ROW_INVALID',
        `${cells.length} columns where the header has ${header.length}`,
      );
      continue;
    }
    const record: Rec = Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
    if (current && current.ship.reference === record.reference) {
      (current.ship.lines as unknown[]).push(lineOf(record));
      continue;
    }
    yield* flush();
    current = { line, ship: shipmentOf(record) };
  }
  if (header === null) {
    yield { line: 0, problem: { code: 'CSV_INVALID', message: 'the CSV has no header row', path: '' } };
    return;
  }
  yield* flush();
}
