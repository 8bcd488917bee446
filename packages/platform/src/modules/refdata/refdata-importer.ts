import { Problem } from '../../kernel/problem.js';
import { silentLogger, type Clock, type IdGenerator, type Logger } from '../../kernel/ports.js';
import type { SnapshotMeta } from '../reference/index.js';
import type { ParsedDataset, RefdataSource } from './source.js';
import type { RefdataRepository } from '../reference/index.js';
import type { RegistryRepository } from '../parties/index.js';
import type { ReferenceService } from '../reference/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface RefdataStore {
  readonly refdata: RefdataRepository;
  readonly registry: RegistryRepository;
}

export type ImportOutcome =
  | {
      dataset: string;
      source: string;
      outcome: 'imported';
      snapshot: string;
      rowCounts: Record<string, number>;
      edition?: string;
    }
  | { dataset: string; source: string; outcome: 'unchanged'; snapshot: string }
  | { dataset: string; source: string; outcome: 'failed'; error: string; snapshot: string };

/**
 * A new snapshot whose main row count fell below this share of the active one is refused as a
 * probable truncation (the previous snapshot keeps serving).
 */
export const MIN_ROW_RATIO = 0.5;

const MAIN_COUNT: Record<string, string> = {
  hts: 'rows',
  ports: 'codes',
  countries: 'codes',
  gleif: 'entities',
  'pga-flags': 'flags',
  'hs-nomenclature': 'codes',
  'labeled-rulings': 'examples',
  'labeled-operator': 'examples',
  'labeled-precedents': 'examples',
  'labeled-rulings-2026': 'examples',
  'labeled-atar': 'examples',
  'labeled-fpo': 'examples',
  'tariff-search-references': 'texts',
  'cn-texts': 'texts',
};
/** Watch lists are counted by entries. */
const mainCount = (dataset: string): string => MAIN_COUNT[dataset] ?? 'entries';

/** Called after an import changed data sets (the screening index rebuilds from here). */
export type AfterImport = (datasets: readonly string[]) => Promise<void>;

export interface ImportProgress {
  (event: { dataset: string; phase: 'parse' | 'store' | 'done'; rows?: number }): void;
}

/** Imports every data set a source offers; each becomes a versioned snapshot or a recorded failure. */
export class RefdataImporter {
  constructor(
    private readonly store: RefdataStore,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly afterImport: AfterImport[] = [],
    private readonly log: Logger = silentLogger,
  ) {}

  /** Registers a reaction to imported data (index rebuilds, re-screening). */
  onImport(fn: AfterImport): void {
    this.afterImport.push(fn);
  }

  async run(source: RefdataSource, progress?: ImportProgress): Promise<ImportOutcome[]> {
    const outcomes: ImportOutcome[] = [];
    const active = await this.store.refdata.active();
    for await (const file of source.datasets()) {
      const base = {
        id: this.ids.next('snp'),
        dataset: file.dataset,
        source: file.source,
        createdAt: this.clock.now(),
      };
      if (!('sha256' in file)) {
        await this.fail(base, '', file.error, outcomes);
        continue;
      }
      const previous = active.filter((m) => m.dataset === file.dataset);
      const same = previous.find((m) => m.sha256 === file.sha256);
      if (same) {
        outcomes.push({
          dataset: file.dataset,
          source: file.source,
          outcome: 'unchanged',
          snapshot: same.id,
        });
        continue;
      }
      let parsed: ParsedDataset;
      try {
        progress?.({ dataset: file.dataset, phase: 'parse' });
        parsed = await file.parse();
      } catch (e) {
        await this.fail(base, file.sha256, messageOf(e), outcomes);
        continue;
      }
      const edition = parsed.kind === 'tariff' ? parsed.edition : null;
      const prior = previous.find((m) => m.edition === edition);
      const key = mainCount(parsed.dataset);
      const newCount = parsed.rowCounts[key] ?? 0;
      const oldCount = prior?.rowCounts[key] ?? 0;
      if (newCount === 0 || newCount < oldCount * MIN_ROW_RATIO) {
        await this.fail(
          base,
          file.sha256,
          `refused: ${newCount} ${key} against ${oldCount} in the active snapshot (possible truncation)`,
          outcomes,
        );
        continue;
      }
      const meta: SnapshotMeta = {
        ...base,
        // The publisher's date where the list carries one; a file's or a download's date is not one.
        asOf: ((parsed.kind === 'watchlist' || parsed.kind === 'registry') && parsed.asOf) || '',
        sha256: file.sha256,
        edition,
        effectiveFrom: parsed.kind === 'tariff' ? parsed.effectiveFrom : null,
        rowCounts: parsed.rowCounts,
        status: 'active',
        error: null,
        ...(parsed.kind === 'watchlist' && parsed.warnings.length > 0 ? { notes: parsed.warnings } : {}),
      };
      progress?.({ dataset: file.dataset, phase: 'store', rows: newCount });
      if (parsed.kind === 'tariff') await this.store.refdata.saveTariff(meta, parsed.rows);
      else if (parsed.kind === 'watchlist') await this.store.refdata.saveWatchlist(meta, parsed.entries);
      else if (parsed.kind === 'document') await this.store.refdata.saveDocument(meta, parsed.body);
      else if (parsed.kind === 'registry') {
        await this.store.registry.upsertEntities(parsed.entities, meta.createdAt);
        await this.store.registry.upsertLinks(parsed.links);
        await this.store.refdata.saveMeta(meta);
      } else await this.store.refdata.saveCodeList(meta, parsed.entries);
      progress?.({ dataset: file.dataset, phase: 'done', rows: newCount });
      outcomes.push({
        dataset: file.dataset,
        source: file.source,
        outcome: 'imported',
        snapshot: meta.id,
        rowCounts: { ...parsed.rowCounts },
        ...(edition ? { edition } : {}),
      });
    }
    for (const o of outcomes) {
      if (o.outcome === 'failed')
        this.log.warn(
          { dataset: o.dataset, source: o.source, error: o.error },
          'reference data refused; the previous snapshot serves',
        );
      else if (o.outcome === 'imported')
        this.log.info(
          { dataset: o.dataset, snapshot: o.snapshot, rows: o.rowCounts },
          'reference data imported',
        );
    }
    const changed = outcomes.filter((o) => o.outcome === 'imported').map((o) => o.dataset);
    if (changed.length > 0) {
      await this.reference.reload();
      for (const fn of this.afterImport) await fn(changed);
    }
    return outcomes;
  }

  private async fail(
    base: { id: string; dataset: string; source: string; createdAt: string; asOf?: string },
    sha256: string,
    error: string,
    outcomes: ImportOutcome[],
  ): Promise<void> {
    await this.store.refdata.recordFailure({
      ...base,
      asOf: base.asOf ?? '',
      sha256,
      edition: null,
      effectiveFrom: null,
      rowCounts: {},
      status: 'failed',
      error,
    });
    outcomes.push({
      dataset: base.dataset,
      source: base.source,
      outcome: 'failed',
      error,
      snapshot: base.id,
    });
  }
}

function messageOf(e: unknown): string {
  if (e instanceof Problem) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
