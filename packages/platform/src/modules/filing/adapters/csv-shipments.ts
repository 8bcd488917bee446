import { parse } from 'csv-parse';
import { PARTY_ROLES } from '../../../kernel/shipment.js';
import type { BulkItem } from '../../../platform/ingest/items.js';

/**
 * Shipments as CSV, one row per line item; consecutive rows with the same `reference` form one
 * shipment. Columns (header row required):
 *   reference, type, mode, port_of_entry, arrival_date, bill_of_lading,
 *   <role>_name, <role>_street, <role>_city, <role>_state, <role>_postal_code, <role>_country,
 *   <role>_id_scheme, <role>_id_value   (for any role: seller, consignee, importer, …)
 *   description, hts, origin, quantity_1, unit_1, quantity_2, unit_2, value_amount, currency
 * A row that cannot be read (broken quoting, wrong column count) becomes an error item for its
 * line; the rows around it go on.
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

export async function* csvItems(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<BulkItem> {
  const skipped: BulkItem[] = [];
  const parser = parse({
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim()),
    relax_column_count: false,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      const e = err as { lines?: number; message: string } | undefined;
      const line = e?.lines ?? 0;
      skipped.push({
        line,
        problem: { code: 'CSV_ROW_INVALID', message: e?.message ?? 'unreadable row', path: `line ${line}` },
      });
    },
  });
  const feed = (async () => {
    try {
      for await (const chunk of stream)
        if (!parser.write(chunk)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();

  let current: { line: number; ship: Record<string, unknown> } | null = null;
  // Skipped rows are reported in line order; a broken row ends the shipment being grouped, so that
  // a shipment is never accepted with a line silently missing.
  const before = function* (line: number): Generator<BulkItem> {
    skipped.sort((a, b) => a.line - b.line);
    while (skipped.length > 0 && skipped[0]!.line < line) {
      if (current) {
        yield { line: current.line, value: current.ship };
        current = null;
      }
      yield skipped.shift()!;
    }
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Rec; info: { lines: number } }>) {
      yield* before(info.lines);
      if (current && current.ship.reference === record.reference) {
        (current.ship.lines as unknown[]).push(lineOf(record));
        continue;
      }
      if (current) yield { line: current.line, value: current.ship };
      current = { line: info.lines, ship: shipmentOf(record) };
    }
  } catch (e) {
    yield* before(Number.MAX_SAFE_INTEGER);
    if (current) yield { line: current.line, value: current.ship };
    current = null;
    yield { line: 0, problem: { code: 'CSV_INVALID', message: (e as Error).message, path: '' } };
  }
  yield* before(Number.MAX_SAFE_INTEGER);
  if (current) yield { line: current.line, value: current.ship };
  await feed;
}
