import { paperlessRate, tallyPaperless, type PaperlessTally, type PgaQuery } from './domain/pga.js';
import { Problem } from '../../kernel/problem.js';
import type { DocumentRepository } from '../documents/index.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { ReferenceService } from '../reference/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface PaperlessStore {
  readonly documents: DocumentRepository;
  readonly shipments: ShipmentRepository;
}

export interface PaperlessReport {
  readonly from: string | null;
  readonly to: string | null;
  readonly filings: number;
  readonly agencies: readonly (PaperlessTally & { paperless_rate: number | null })[];
}

/**
 * The paperless rate per agency over stored filings (filed between `from` and `to`, by filing
 * time): how many CBP-flagged line obligations were met electronically, on paper or not at all,
 * and how many documents were uploaded for the agency.
 */
export async function paperlessReport(
  store: PaperlessStore,
  reference: ReferenceService,
  opts: { from?: string | undefined; to?: string | undefined; tenant?: string | null } = {},
  pageSize = 500,
): Promise<PaperlessReport> {
  const cat = reference.current().pga;
  if (!cat) throw new Problem('REFDATA_NOT_READY', 'no PGA catalogue is loaded');
  const tallies = new Map<string, PaperlessTally>();
  let filings = 0;
  for (let after: string | null = null; ;) {
    const page = await store.shipments.page(after, pageSize);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const chosen = page.filter(
      (s) =>
        (!opts.tenant || s.tenant === opts.tenant) &&
        (!opts.from || s.createdAt >= opts.from) &&
        (!opts.to || s.createdAt < opts.to),
    );
    const docs = await store.documents.countsByAgency(chosen.map((s) => s.id));
    for (const s of chosen) {
      const body = s.shipment as Partial<PgaQuery>;
      if (!Array.isArray(body.lines)) continue;
      filings++;
      tallyPaperless(
        cat,
        { reference: s.reference, lines: body.lines },
        docs.filter((d) => d.shipmentId === s.id),
        tallies,
      );
    }
  }
  return {
    from: opts.from ?? null,
    to: opts.to ?? null,
    filings,
    agencies: [...tallies.values()]
      .sort((a, b) => a.agency.localeCompare(b.agency))
      .map((t) => ({ ...t, paperless_rate: paperlessRate(t) })),
  };
}
