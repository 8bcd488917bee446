/**
 * `tradelane file --template csv|ndjson`: an example shipment with every field and column, which
 * files as it is (accepted). The layouts are documented in docs/formats.md.
 */
import { CSV_COLUMNS } from './csv-shipments.js';

/** One formal entry of two lines, arriving on `arrival` (YYYY-MM-DD). */
export function templateShipment(arrival: string): Record<string, unknown> {
  return {
    type: 'formal',
    reference: 'ENT-0001',
    transport: {
      mode: 'ocean',
      port_of_entry: '2704',
      arrival_date: arrival,
      bill_of_lading: 'MAEU123456789',
    },
    parties: [
      {
        role: 'importer',
        name: 'Acme Imports LLC',
        address: {
          street: '100 Harbor Blvd',
          city: 'Long Beach',
          state: 'CA',
          postal_code: '90802',
          country: 'US',
        },
        identifiers: [{ scheme: 'EIN', value: '12-3456789' }],
      },
      {
        role: 'consignee',
        name: 'Acme Imports LLC',
        address: {
          street: '100 Harbor Blvd',
          city: 'Long Beach',
          state: 'CA',
          postal_code: '90802',
          country: 'US',
        },
      },
      {
        role: 'seller',
        name: 'Example Garment Co.',
        address: { street: '12 Nguyen Hue', city: 'Ho Chi Minh City', postal_code: '700000', country: 'VN' },
      },
      {
        role: 'manufacturer',
        name: 'Example Garment Co.',
        address: { street: '12 Nguyen Hue', city: 'Ho Chi Minh City', postal_code: '700000', country: 'VN' },
      },
    ],
    lines: [
      {
        description: "Men's T-shirts, knitted, of cotton",
        hts: '6109.10.00.12',
        origin: 'VN',
        quantity: [
          { value: 10, unit: 'DOZ' },
          { value: 2, unit: 'KG' },
        ],
        value: { amount: 150000, currency: 'USD' },
      },
      {
        description: "Women's T-shirts, knitted, of cotton",
        hts: '6109.10.00.40',
        origin: 'VN',
        quantity: [
          { value: 5, unit: 'DOZ' },
          { value: 1, unit: 'KG' },
        ],
        value: { amount: 40000, currency: 'USD' },
      },
    ],
  };
}

const CSV_ROLES = ['importer', 'consignee', 'seller', 'manufacturer'] as const;

/** The same shipment as CSV: a header with every column, one row per line item. */
export function templateCsv(arrival: string): string {
  const s = templateShipment(arrival) as {
    reference: string;
    type: string;
    transport: Record<string, string>;
    parties: {
      role: string;
      name: string;
      address: Record<string, string>;
      identifiers?: { scheme: string; value: string }[];
    }[];
    lines: {
      description: string;
      hts: string;
      origin: string;
      quantity: { value: number; unit: string }[];
      value: { amount: number; currency: string };
    }[];
  };
  const header = [
    ...CSV_COLUMNS.shipment,
    ...CSV_ROLES.flatMap((role) => CSV_COLUMNS.party.map((c) => `${role}_${c}`)),
    ...CSV_COLUMNS.line,
  ];
  const cell = (v: string | number | undefined) => {
    const t = v === undefined ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const rows = s.lines.map((l) => {
    const r: Record<string, string | number | undefined> = {
      reference: s.reference,
      type: s.type,
      ...s.transport,
      description: l.description,
      hts: l.hts,
      origin: l.origin,
      quantity_1: l.quantity[0]?.value,
      unit_1: l.quantity[0]?.unit,
      quantity_2: l.quantity[1]?.value,
      unit_2: l.quantity[1]?.unit,
      value_amount: l.value.amount,
      currency: l.value.currency,
    };
    for (const p of s.parties) {
      r[`${p.role}_name`] = p.name;
      for (const [k, v] of Object.entries(p.address)) r[`${p.role}_${k}`] = v;
      r[`${p.role}_id_scheme`] = p.identifiers?.[0]?.scheme;
      r[`${p.role}_id_value`] = p.identifiers?.[0]?.value;
    }
    return header.map((h) => cell(r[h])).join(',');
  });
  return [header.join(','), ...rows].join('\n') + '\n';
}
