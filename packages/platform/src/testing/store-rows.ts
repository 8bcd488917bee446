/**
 * What the store's tests build their rows from: filings, decision records, snapshot metadata and
 * tariff rows (main/store/store.contract.ts, main/store/store-data.contract.ts and other store tests).
 */
import type { TariffRow } from '../modules/tariff/index.js';
import type { SnapshotMeta } from '../modules/reference/index.js';
import type { DecisionRecord } from '../modules/risk/index.js';
import { newShipmentRow, type NewShipmentRow, type StoredShipment } from '../modules/filing/index.js';

let seq = 0;
/** A fresh id with a prefix, unique within a run. */
export const id = (p: string) => `${p}_${Date.now().toString(36)}${(seq++).toString(36).padStart(4, '0')}`;

/** The row for a stored shipment; the version-set key only has to be stable within the suite. */
export const rowOf = (s: StoredShipment): NewShipmentRow => {
  const json = JSON.stringify(s.versions);
  return newShipmentRow(s, { json, key: `vs_${json.length}` });
};

/** A lane decision as the risk engine records it: nothing found, nothing held, unless `over` says. */
export function decisionRecord(
  lane: 'green' | 'yellow' | 'red',
  over: Partial<DecisionRecord> = {},
): DecisionRecord {
  return {
    lane,
    score: 0,
    signals: [],
    rules: [],
    holds: [],
    random: { selected: false, draw: 0.5, rate: 0.01 },
    capped: null,
    trusted: false,
    rule_set: 'rs-1',
    inputs: { valueStats: [null], recentParcels: 0, trusted: null },
    rule_set_sha256: 'f'.repeat(64),
    risk_data: 'rd-1',
    ...over,
  };
}

export function shipmentRow(over: Partial<StoredShipment> = {}): StoredShipment {
  return {
    id: id('shp'),
    tenant: 'acme',
    reference: 'REF-1',
    type: 'formal',
    status: 'accepted',
    revision: 1,
    arrivalDate: '2026-12-01',
    shipment: { reference: 'REF-1', note: 'Ünïcode ✓ 新疆' },
    findings: [{ code: 'PORT_UNKNOWN', severity: 'warning', path: 'transport.port_of_entry', message: 'm' }],
    versions: [{ dataset: 'hts', snapshot: 'snp_1', sha256: 'a'.repeat(64), edition: '2026 Basic' }],
    idempotencyKey: null,
    requestHash: null,
    createdAt: '2026-11-27T12:00:00.000Z',
    ...over,
  };
}

/** A snapshot's metadata (an active 2026 tariff unless `over` says). */
export const meta = (over: Partial<SnapshotMeta>): SnapshotMeta => ({
  id: id('snp'),
  dataset: 'hts',
  source: '/data/hts.csv',
  edition: '2026 Basic',
  effectiveFrom: '2026-01-01',
  asOf: '2026-01-14',
  sha256: 'b'.repeat(64),
  rowCounts: { rows: 2 },
  status: 'active',
  error: null,
  createdAt: new Date().toISOString(),
  ...over,
});

/** Two tariff rows: a heading and a statistical line. */
export const tariffRows: TariffRow[] = [
  {
    code: '6109',
    indent: 0,
    description: 'T-shirts:',
    units: [],
    general: '',
    special: '',
    column2: '',
    additional: '',
  },
  {
    code: '6109100012',
    indent: 1,
    description: "Men's",
    units: ['doz.', 'kg'],
    general: '16.5%',
    special: 'Free (AU)',
    column2: '90%',
    additional: '',
  },
];

/** The number of ids made so far (fixtures that must differ between runs of a suite). */
export const made = (): number => seq;
