import { paperlessFromCounts, paperlessRate, type PaperlessTally } from './domain/pga.js';
import { Problem } from '../../kernel/problem.js';
import { dayRange, type RangeFields } from '../../kernel/dates.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { ReferenceService } from '../reference/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface PaperlessStore {
  readonly shipments: ShipmentRepository;
}

export interface PaperlessReport {
  /** The first UTC day counted (null: from the first filing). */
  readonly from: string | null;
  /** The day after the last UTC day counted (null: up to the last filing). */
  readonly to: string | null;
  readonly filings: number;
  readonly agencies: readonly (PaperlessTally & { paperless_rate: number | null })[];
}

/** How far the backlog is counted for the answer that it is not empty. */
const LEFT_CAP = 10_000;

/**
 * The paperless rate per agency over stored filings (filed on the UTC days the bounds cover):
 * how many CBP-flagged line obligations were met electronically, on paper or not at all, and
 * how many documents were uploaded for the agency. A sum of the counters each filing and each
 * upload adds to (ADR 0029), not a read of the filings: its time does not grow with the store.
 */
export async function paperlessReport(
  store: PaperlessStore,
  reference: ReferenceService,
  opts: {
    from?: string | undefined;
    to?: string | undefined;
    tenant?: string | null;
    /** Where the bounds were given, for the error naming a bad one (default `from`, `to`). */
    fields?: RangeFields;
  } = {},
): Promise<PaperlessReport> {
  const cat = reference.current().pga;
  if (!cat) throw new Problem('REFDATA_NOT_READY', 'no PGA catalogue is loaded');
  const left = await store.shipments.backlogLeft(LEFT_CAP);
  if (left > 0)
    throw new Problem(
      'COUNTS_CATCHING_UP',
      `the paperless counters are still counting the filings stored before them (${left === LEFT_CAP ? `${LEFT_CAP} or more` : left} left); try again shortly`,
      undefined,
      { left, ...(left === LEFT_CAP ? { at_least: true } : {}) },
    );
  const days = dayRange(opts.from, opts.to, opts.fields);
  const tenant = opts.tenant ?? null;
  const [pga, documents] = await Promise.all([
    store.shipments.stageCounts('pga', tenant, days.from, days.to),
    store.shipments.stageCounts('documents', tenant, days.from, days.to),
  ]);
  const { filings, tallies } = paperlessFromCounts(cat, pga, documents);
  return {
    ...days,
    filings,
    agencies: tallies
      .sort((a, b) => a.agency.localeCompare(b.agency))
      .map((t) => ({ ...t, paperless_rate: paperlessRate(t) })),
  };
}
