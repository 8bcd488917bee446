/**
 * Partner-agency questions a filer or an analyst asks outside a filing: what the agencies want for
 * a shipment or one number, their programs and documents, and the paperless rate.
 */
import type { RangeFields } from '../../kernel/dates.js';
import { htsDigits, normalizeHts } from '../../kernel/hts-code.js';
import { Problem } from '../../kernel/problem.js';
import { parseShipment, type Shipment } from '../../kernel/shipment.js';
import type { ReferenceService } from '../reference/index.js';
import {
  determine,
  determineShipment,
  type PgaCatalogue,
  type PgaDeclaration,
  type ShipmentDetermination,
} from './domain/pga.js';
import type { MessageSetPolicy } from './domain/pga-message-set.js';
import { paperlessReport, type PaperlessReport, type PaperlessStore } from './paperless-report.js';

export class PgaService {
  constructor(
    private readonly store: PaperlessStore,
    private readonly reference: ReferenceService,
  ) {}

  /** The PGA catalogue in force; REFDATA_NOT_READY when none is loaded. */
  catalogue(): PgaCatalogue {
    const pga = this.reference.current().pga;
    if (!pga)
      throw new Problem(
        'REFDATA_NOT_READY',
        'no PGA catalogue is loaded: run `tradelane refdata import --dir DIR` (a folder with the PGA flags, like shared/data)',
      );
    return pga;
  }

  /** Per line of a shipment in the canonical JSON: agencies, what to file or disclaim, ACE's rejects. */
  determine(shipment: unknown): ShipmentDetermination {
    const cat = this.catalogue();
    const parsed = parseShipment(shipment);
    if (!parsed.ok) {
      const first = parsed.issues[0]!;
      throw new Problem(first.code, first.message, first.path, { issues: parsed.issues });
    }
    return determineShipment(cat, parsed.shipment);
  }

  /** The same for one 10-digit number, with the PGA data a filer would declare for it. */
  determineOne(hts: string, pga: readonly PgaDeclaration[], entryType?: string): ShipmentDetermination {
    const cat = this.catalogue();
    const code = normalizeHts(hts);
    if (code === null || code.length !== 10)
      throw new Problem('HTS_INVALID_FORMAT', `"${hts}" is not a 10-digit HTS number`, 'hts');
    return determineShipment(cat, { reference: null, entry_type: entryType, lines: [{ hts: code, pga }] });
  }

  /**
   * Whether a filing concerns an agency: a line the agency flags (or whose interest the tariff
   * suggests), or PGA data declared for it. A PGA officer sees and acts on these filings only.
   */
  concerns(shipment: Shipment, agency: string): boolean {
    const cat = this.reference.current().pga;
    if (!cat) return false;
    const canonical = (name: string) => {
      const n = name.trim().toUpperCase();
      const spec = cat.messageSets?.agencies.find(
        (a) =>
          a.agency.toUpperCase() === n || a.aliases.some((x) => x.toUpperCase() === n) || a.pg01_code === n,
      );
      return spec ? spec.agency.toUpperCase() : n;
    };
    const want = canonical(agency);
    return shipment.lines.some((line) => {
      if ((line.pga ?? []).some((d) => canonical(d.agency) === want)) return true;
      const hts = htsDigits(line.hts);
      return /^\d{10}$/.test(hts) && determine(cat, hts).agencies.some((a) => canonical(a.agency) === want);
    });
  }

  /** The agency programs (message-set contents) and the documents each agency wants. */
  agencies(): MessageSetPolicy {
    const ms = this.reference.current().pga?.messageSets ?? null;
    if (!ms) throw new Problem('REFDATA_NOT_READY', 'no PGA message-set policy is loaded');
    return ms;
  }

  paperless(opts: {
    from?: string | undefined;
    to?: string | undefined;
    tenant: string | null;
    fields?: RangeFields;
  }): Promise<PaperlessReport> {
    return paperlessReport(this.store, this.reference, opts);
  }
}
