import type { PgaInference } from '../pga/index.js';
import type { DeMinimisPolicy } from '../validation/index.js';
import { CodeList, tariffOn, type DataVersion, type ReferenceView } from './domain/reference.js';
import { Problem } from '../../kernel/problem.js';
import { Tariff } from '../tariff/index.js';
import type { RefdataRepository, SnapshotMeta } from './repository.js';
import {
  buildCatalogue,
  type PgaCatalogue,
  type PgaFlag,
  type DisclaimCode,
  type HtsFlagRule,
} from '../pga/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ReferenceStore {
  readonly refdata: RefdataRepository;
}

interface PgaDocument {
  readonly flags: PgaFlag[];
  readonly disclaims: DisclaimCode[];
  readonly rules: HtsFlagRule[];
}

/**
 * Holds the reference data the pipeline sees, built from the active snapshots. A reload builds a
 * new view beside the old one and swaps it in whole, so a stage never sees half of a refresh.
 */
export class ReferenceService {
  private view: ReferenceView;

  constructor(
    private readonly store: ReferenceStore,
    private readonly deMinimis: DeMinimisPolicy,
    private readonly deMinimisSha256 = '',
    private readonly pgaInference: PgaInference = { version: 'none', sha256: '', rules: [] },
  ) {
    this.view = { tariffs: [], ports: null, countries: null, deMinimis, versions: this.policyVersions() };
  }

  current(): ReferenceView {
    return this.view;
  }

  /** Ready when at least one HTSUS edition is loaded. */
  /** The HTSUS edition in force on a date (the latest loaded one when none is); REFDATA_NOT_READY without any. */
  edition(date: string): Tariff {
    const ref = this.view;
    const t = tariffOn(ref, date) ?? ref.tariffs[ref.tariffs.length - 1];
    if (!t)
      throw new Problem(
        'REFDATA_NOT_READY',
        'no HTSUS edition is loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
      );
    return t;
  }

  /** Every snapshot: active, superseded and failed, oldest first. */
  snapshots(): Promise<SnapshotMeta[]> {
    return this.store.refdata.list();
  }

  isReady(): boolean {
    return this.view.tariffs.length > 0;
  }

  async reload(): Promise<ReferenceView> {
    const active = await this.store.refdata.active();
    const tariffs: Tariff[] = [];
    let ports: CodeList | null = null;
    let countries: CodeList | null = null;
    let pgaDoc = null as PgaDocument | null;
    const versions: DataVersion[] = this.policyVersions();
    for (const meta of active) {
      if (meta.dataset === 'hts') {
        const rows = await this.store.refdata.tariffRows(meta.id);
        tariffs.push(
          new Tariff(
            {
              edition: meta.edition ?? '',
              effectiveFrom: meta.effectiveFrom ?? '',
              snapshotId: meta.id,
              sha256: meta.sha256,
            },
            rows,
          ),
        );
      } else if (meta.dataset === 'pga-flags') {
        pgaDoc = (await this.store.refdata.document(meta.id)) as PgaDocument | null;
      } else if (meta.dataset === 'ports' || meta.dataset === 'countries') {
        const list = new CodeList(await this.store.refdata.codeList(meta.id));
        if (meta.dataset === 'ports') ports = list;
        else countries = list;
      } else {
        continue;
      }
      versions.push({
        dataset: meta.dataset,
        snapshot: meta.id,
        sha256: meta.sha256,
        ...(meta.edition ? { edition: meta.edition } : {}),
      });
    }
    tariffs.sort((a, b) => a.info.effectiveFrom.localeCompare(b.info.effectiveFrom));
    const pga: PgaCatalogue = buildCatalogue(
      pgaDoc?.flags ?? [],
      pgaDoc?.disclaims ?? [],
      pgaDoc?.rules ?? [],
      this.pgaInference.rules,
      this.pgaInference.messageSets ?? null,
    );
    this.view = { tariffs, ports, countries, deMinimis: this.deMinimis, pga, versions };
    return this.view;
  }

  private policyVersions(): DataVersion[] {
    return [
      { dataset: 'de-minimis-policy', snapshot: this.deMinimis.version, sha256: this.deMinimisSha256 },
      {
        dataset: 'pga-inference-policy',
        snapshot: this.pgaInference.version,
        sha256: this.pgaInference.sha256,
      },
      ...(this.pgaInference.messageSets
        ? [
            {
              dataset: 'pga-message-set-policy',
              snapshot: this.pgaInference.messageSets.version,
              sha256: this.pgaInference.messageSetsSha256 ?? '',
            },
          ]
        : []),
    ];
  }
}
