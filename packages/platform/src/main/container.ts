import { availableParallelism } from 'node:os';
import { inWorker } from '../platform/parallel/in-worker.js';
import { fitScavengerToCores, setHeapGrowth } from '../platform/system/gc.js';
import type { BenefitPartial } from '../modules/trusted-trader/index.js';
import type { ReportWorkerData } from './report-worker.js';
import { ApiKeys } from '../modules/access/index.js';
import { FilingService, WorkerPool } from '../modules/filing/index.js';
import { bufferItems } from '../platform/ingest/ndjson.js';
import { RefdataImporter, type ImportOutcome } from '../modules/refdata/index.js';
import { ReferenceService } from '../modules/reference/index.js';
import { ScreeningService, type RescreenReport } from '../modules/screening/index.js';
import { RegistryService } from '../modules/parties/index.js';
import { DocumentService } from '../modules/documents/index.js';
import { CLASSIFIER_DATASETS, ClassificationService } from '../modules/classification/index.js';
import type { ClassifierPrebuild, SharedClassifications } from '../modules/classification/index.js';
import { KyselyRiskCounters, RiskService, SharedRiskState } from '../modules/risk/index.js';
import { OfficerService } from '../modules/risk/index.js';
import { WebhookService, checkTarget, safeWebhookSender } from '../modules/notifications/index.js';
import { EventHub } from '../modules/notifications/index.js';
import { TrustedTraderService, type LoadedProgram } from '../modules/trusted-trader/index.js';
import { BenefitService, settleWith } from '../modules/trusted-trader/index.js';
import type { OutcomeModel, SimulationFiler } from '../modules/trusted-trader/index.js';
import { CountryResolver } from '../modules/screening/index.js';
import type { WatchlistEntry } from '../modules/screening/index.js';
import { DbBlobStore, FsBlobStore, type BlobStore } from '../modules/documents/index.js';
import { WATCHLISTS } from '../modules/screening/index.js';
import { openStore } from './store/open-store.js';
import type { KyselyStore } from './store/kysely-store.js';
import { loadDeMinimisPolicy } from '../modules/validation/index.js';
import { PgaService, loadPgaInference } from '../modules/pga/index.js';
import { loadRiskData, loadRuleSet } from '../modules/risk/index.js';
import { loadProgram } from '../modules/trusted-trader/index.js';
import { loadScreeningPolicy } from '../modules/screening/index.js';
import { DirectorySource, FileDigests, FilesSource } from '../modules/refdata/index.js';
import type { EditionHint } from '../modules/refdata/index.js';
import { HttpSource } from '../modules/refdata/index.js';
import {
  type SteppingClock,
  hmacSha256,
  nodeCrypto,
  systemClock,
  ulidIds,
} from '../platform/system/system.js';
import { filingWorkerData, prebuildThread } from './worker-data.js';
import { aheadBuilds, prebuildOrWarn } from './ahead-builds.js';
import { remoteDatasets } from './remote-datasets.js';
import { pipelineStages } from './pipeline.js';
import type { Config } from '../platform/config/config.js';
import type { Store } from './store/store.js';
import { silentLogger, type ArtefactCache, type Clock, type Crypto, type Logger } from '../kernel/ports.js';
import { createLogger } from '../platform/system/logger.js';
import { PACKAGE_JSON } from '../platform/system/package-root.js';
import { workerFile } from './worker-files.js';
import { wordNetFiles } from '../modules/classification/index.js';
import { openArtefactCache } from '../platform/cache/artefact-cache.js';

export const VERSION = PACKAGE_JSON.version;

/** Everything a process needs, wired once. The only place that knows every concrete class. */
export interface Container {
  readonly config: Config;
  readonly store: KyselyStore;
  readonly reference: ReferenceService;
  readonly importer: RefdataImporter;
  readonly filing: FilingService;
  readonly screening: ScreeningService;
  readonly registry: RegistryService;
  readonly classification: ClassificationService;
  readonly risk: RiskService;
  readonly officer: OfficerService;
  readonly webhooks: WebhookService;
  readonly events: EventHub;
  readonly documents: DocumentService;
  /** The trusted-trader program: members, requirements, supply chains; the lane decision's trust input. */
  readonly trusted: TrustedTraderService;
  readonly benefits: BenefitService;
  readonly apiKeys: ApiKeys;
  readonly logger: Logger;
  /** What re-screening did after the last import in this process (null: no list changed). */
  lastRescreen(): RescreenReport | null;
  /**
   * The classifier built for the artefact cache by the last import in this process that changed
   * data (`prebuildClassifier`; null: none: no input of it changed, no cache, no tariff, or it
   * failed).
   */
  lastPrebuild(): ClassifierPrebuild | null;
  /** What the start-up import from TRADELANE_REFDATA_DIR did (empty when unset). */
  readonly startupImport: ImportOutcome[];
  /**
   * With `background`: builds the screening index, the classifier and the registry, then runs the
   * start-up import; resolves with the import's outcomes. Without: resolves at once.
   */
  warmUp(): Promise<ImportOutcome[]>;
  /** Whether everything a filing needs is loaded (false while a `background` start warms up). */
  isWarm(): boolean;
  directorySource(dir: string): DirectorySource;
  syncSource(): HttpSource;
  /** Imports files as one data set (an operator's labeled history). */
  importFiles(dataset: 'labeled-operator', files: readonly string[]): Promise<ImportOutcome[]>;
  readonly pga: PgaService;
  readonly clock: Clock;
  readonly crypto: Crypto;
  readonly batchLineLimit: number;
  /**
   * Worker threads running the pipeline on NDJSON chunks for a tenant; when the cache lacks the
   * classifier's fit, it and the screening tables are built first, once, for all of them (and
   * `notice` hears so, in words for the command's user).
   */
  filingPool(tenant: string, workers: number, notice?: (line: string) => void): Promise<WorkerPool>;
  /**
   * The simulator's filer: in worker threads (started as `filingPool` starts them), or in this
   * thread with the simulator's clock.
   */
  simulationFiler(opts: {
    tenant: string;
    workers: number;
    clock: SteppingClock;
    seed: string;
    outcomes: OutcomeModel;
    /** Hears of what is built for the filing threads first, if anything. */
    notice?: (line: string) => void;
  }): Promise<SimulationFiler>;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** PostgreSQL schema (tests); it becomes the container's TRADELANE_DATABASE_SCHEMA, for its threads. */
  readonly schema?: string;
  /** The clock of the trusted-trader program (the simulator moves one). */
  readonly clock?: Clock;
  /** Skip the automatic import from TRADELANE_REFDATA_DIR. */
  readonly skipAutoImport?: boolean;
  /** Skip building the reference view (commands that never validate or look up the tariff). */
  readonly skipReference?: boolean;
  /** Skip building the screening index (commands that never screen). */
  readonly skipScreening?: boolean;
  /** Load the party registry into memory for resolution (the server; tests). */
  readonly loadRegistry?: boolean;
  /** No HS classifier (and no misclassification stage): commands that never classify. */
  readonly skipClassifier?: boolean;
  /**
   * With `skipClassifier`: still build the classifier after an import that changed its inputs,
   * into the artefact cache, then let it go (`refdata import` and `sync`: the next start reads it).
   */
  readonly prebuildClassifier?: boolean;
  /** SQLite WAL checkpoints: `background` for a server (no stalls on the request path). */
  readonly checkpoints?: 'auto' | 'background';
  /** Where the services log (default: JSON lines on stdout at TRADELANE_LOG_LEVEL). */
  readonly logger?: Logger;
  /**
   * Load the watch lists, the classifier and the registry (and run the start-up import) in
   * `warmUp`, after the process started, instead of before: a server listens at once and answers
   * 503 (`/readyz`, filings) until they are loaded.
   */
  readonly background?: boolean;
}

/** The screening use cases with the thresholds policy (shipped, or the file named). */
export function newScreeningService(
  store: Store,
  reference: ReferenceService,
  policyFile?: string,
  logger: Logger = silentLogger,
  artefacts?: ArtefactCache,
): ScreeningService {
  const { policy, sha256 } = loadScreeningPolicy(policyFile);
  return new ScreeningService(
    store,
    reference,
    policy,
    sha256,
    systemClock,
    ulidIds,
    nodeCrypto,
    logger.child({ module: 'screening' }),
    artefacts,
  );
}

/** The filing use case with the stages this process runs (the registry only where it is loaded). */
export function newFilingService(
  store: Store,
  reference: ReferenceService,
  services: {
    screening: ScreeningService;
    registry: RegistryService | null;
    classification: ClassificationService | null;
    risk: RiskService;
    /** The simulator's clock; the system's otherwise. */
    clock?: Clock | undefined;
    logger?: Logger | undefined;
    sharedClassifications?: SharedClassifications | null | undefined;
    /** Besides the tariff, what must be loaded before a filing is taken (a warming server's). */
    warm?: (() => boolean) | undefined;
    /** A server's spacing of group commits (TRADELANE_COMMIT_SPACING_MS). */
    commitSpacingMs?: number | undefined;
  },
): FilingService {
  const warm = services.warm ?? (() => true);
  return new FilingService(
    store,
    pipelineStages({ reference, ...services }),
    services.risk,
    () => reference.isReady() && warm(),
    services.clock ?? systemClock,
    ulidIds,
    nodeCrypto,
    (services.logger ?? silentLogger).child({ module: 'filing' }),
    services.commitSpacingMs ?? 0,
  );
}

/** The trusted-trader program's use cases; the nexus check sees the risk stage's places and orders. */
export function newTrustedTraderService(
  store: Store,
  program: LoadedProgram,
  risk: RiskService,
  screening: ScreeningService,
  registry: RegistryService | null,
  clock: Clock = systemClock,
): TrustedTraderService {
  return new TrustedTraderService(
    store,
    program,
    clock,
    ulidIds,
    screening,
    () => ({ xinjiangPlaces: risk.data.xinjiang_places, wro: risk.wroProducts() }),
    registry,
  );
}

/**
 * The benefit report; over a large ledger it reads parts in worker threads (one per core), each
 * with its own connection to the database.
 */
export function newBenefitService(
  store: Store,
  program: LoadedProgram,
  db: { readonly url: string; readonly schema?: string | undefined },
  parts = Math.min(4, availableParallelism()),
): BenefitService {
  const costs = {
    examUsdCents: program.program.costs.exam_usd_cents,
    holdHourUsdCents: program.program.costs.hold_hour_usd_cents,
  };
  return new BenefitService(
    store,
    program,
    systemClock,
    (ranges) =>
      Promise.all(
        ranges.map((range) =>
          inWorker<BenefitPartial>(workerFile('report-worker'), {
            databaseUrl: db.url,
            schema: db.schema,
            range,
            costs,
          } satisfies ReportWorkerData),
        ),
      ),
    parts,
  );
}

/** The risk stage with its rule set and data (shipped, or the files named). */
export function newRiskService(
  reference: ReferenceService,
  screening: ScreeningService,
  rulesFile?: string,
  dataFile?: string,
): RiskService {
  let wro: { index: unknown; entries: readonly WatchlistEntry[] } | null = null;
  let countries: { list: unknown; resolver: CountryResolver } | null = null;
  return new RiskService(
    loadRuleSet(rulesFile),
    loadRiskData(dataFile),
    () => {
      const index = screening.isReady() ? screening.current().index : null;
      if (!index) return null;
      if (wro?.index !== index) wro = { index, entries: index.entries.fromLists(new Set(['cbp-wro'])) };
      return wro.entries;
    },
    () => {
      const list = reference.current().countries ?? null;
      if (countries?.list !== list)
        countries = { list, resolver: new CountryResolver(list?.entries() ?? []) };
      return countries.resolver;
    },
  );
}

/**
 * On PostgreSQL (where several processes share one database) the capacity caps are counted in the
 * store by every process; embedded, in this process. Returns what flushes and stops it.
 */
export function shareRiskState(
  risk: RiskService,
  store: KyselyStore,
  logger: Logger = silentLogger,
): SharedRiskState | null {
  if (store.dialect !== 'postgres') return null;
  const shared = new SharedRiskState(new KyselyRiskCounters(store.db, store.dialect), 20, (err) =>
    logger.error({ err }, 'risk counters: sync failed; will retry'),
  );
  shared.start();
  risk.useState(shared);
  return shared;
}

/**
 * Where document bytes live: on PostgreSQL in the database, which every server reaches (ADR 0020);
 * embedded, files under TRADELANE_DOCUMENTS_DIR (`tradelane documents import-blobs` copies them into
 * the database when a deployment moves to PostgreSQL).
 */
export function documentBlobs(store: KyselyStore, config: Config): BlobStore {
  return store.dialect === 'postgres'
    ? new DbBlobStore(store.db, systemClock)
    : new FsBlobStore(config.TRADELANE_DOCUMENTS_DIR);
}

export async function createContainer(given: Config, opts: ContainerOptions = {}): Promise<Container> {
  const schema = opts.schema ?? given.TRADELANE_DATABASE_SCHEMA;
  // The configuration says the schema the store is in: the threads a container starts read it there.
  const config =
    schema === given.TRADELANE_DATABASE_SCHEMA ? given : { ...given, TRADELANE_DATABASE_SCHEMA: schema };
  const store = await openStore({
    url: config.TRADELANE_DATABASE_URL,
    ...(schema ? { schema } : {}),
    ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}),
  });
  const { policy, sha256 } = loadDeMinimisPolicy();
  const reference = new ReferenceService(
    store,
    policy,
    sha256,
    loadPgaInference(undefined, config.TRADELANE_PGA_MESSAGE_SETS),
  );
  if (!opts.skipReference) await reference.reload();
  const logger = opts.logger ?? createLogger(config.TRADELANE_LOG_LEVEL);
  const artefacts =
    openArtefactCache(config.TRADELANE_CACHE_DIR, config.TRADELANE_DATABASE_URL, logger) ?? undefined;
  const screening = newScreeningService(
    store,
    reference,
    config.TRADELANE_SCREENING_POLICY,
    logger,
    artefacts,
  );
  const now = !opts.background;
  if (now && !opts.skipReference && !opts.skipScreening) await screening.reload();
  const classification = new ClassificationService(
    store,
    reference,
    nodeCrypto,
    systemClock,
    {
      abstainBelow: config.TRADELANE_CLASSIFY_ABSTAIN_BELOW,
      warnAbove: config.TRADELANE_CLASSIFY_WARN_ABOVE,
    },
    wordNetFiles,
    artefacts,
  );
  if (now && !opts.skipReference && !opts.skipClassifier) await classification.refresh();
  const risk = newRiskService(reference, screening, config.TRADELANE_RISK_RULES, config.TRADELANE_RISK_DATA);
  await risk.register(store, systemClock.now());
  const sharedRisk = shareRiskState(risk, store, logger);
  const registry = new RegistryService(
    store,
    screening,
    systemClock,
    ulidIds,
    logger.child({ module: 'parties' }),
  );
  if (now && opts.loadRegistry) await registry.load();
  const importer = new RefdataImporter(
    store,
    reference,
    systemClock,
    ulidIds,
    [],
    logger.child({ module: 'refdata' }),
  );
  importer.onImport(async (changed) => {
    if (opts.loadRegistry && changed.includes('gleif')) await registry.load();
  });
  const classifierInputs: ReadonlySet<string> = new Set(['hts', ...CLASSIFIER_DATASETS]);
  const classifierChanged = (changed: readonly string[]) => changed.some((d) => classifierInputs.has(d));
  importer.onImport(async (changed) => {
    if (!opts.skipClassifier && classifierChanged(changed)) await classification.refresh();
  });
  const program = loadProgram(config.TRADELANE_TRUSTED_PROGRAM);
  const trusted = newTrustedTraderService(
    store,
    program,
    risk,
    screening,
    opts.loadRegistry ? registry : null,
    opts.clock,
  );
  await trusted.refresh();
  risk.useMembership((tenant, s, at) => trusted.trustOf(tenant, s, at));
  risk.useSupplyChains((tenant, s) => trusted.mappedNodes(tenant, s));
  let rescreened: RescreenReport | null = null;
  const lists: ReadonlySet<string> = new Set([...WATCHLISTS, 'countries']);
  importer.onImport(async (changed) => {
    if (!changed.some((d) => lists.has(d))) return;
    // The new index is built beside the one serving, swapped in whole, then every stored party is
    // screened against it.
    await screening.rebuild();
    if (screening.isReady()) rescreened = await screening.rescreen();
    // Every member's supply-chain maps are checked again against the new lists.
    await trusted.recheckAll();
  });
  // After the compliance work above, and never in its way: a process that does not classify (the
  // import commands) builds the classifier of changed inputs into the cache for the next start.
  let prebuilt: ClassifierPrebuild | null = null;
  importer.onImport(async (changed) => {
    prebuilt = null;
    if (!opts.skipClassifier || !opts.prebuildClassifier || !artefacts || !classifierChanged(changed)) return;
    prebuilt = await prebuildOrWarn(classification, logger, 'the next start builds it');
  });
  const dropTail = new Set((config.TRADELANE_REFDATA_DROP_INCOMPLETE_TAIL ?? '').split(',').filter(Boolean));
  const hint: EditionHint | undefined =
    config.TRADELANE_HTS_EDITION && config.TRADELANE_HTS_EFFECTIVE_FROM
      ? { edition: config.TRADELANE_HTS_EDITION, effectiveFrom: config.TRADELANE_HTS_EFFECTIVE_FROM }
      : undefined;
  const directorySource = (dir: string) => new DirectorySource(dir, hint, dropTail);
  // Only the import at start trusts digests remembered by file state (an import asked for reads
  // and hashes every file).
  const startupDir = config.TRADELANE_REFDATA_DIR;
  const runStartupImport = async () =>
    startupDir && !opts.skipAutoImport
      ? await importer.run(
          new DirectorySource(
            startupDir,
            hint,
            dropTail,
            artefacts ? new FileDigests(artefacts, startupDir, systemClock) : null,
          ),
        )
      : [];
  const startupImport = now ? await runStartupImport() : [];
  let warm = now;
  let warming: Promise<ImportOutcome[]> | null = null;
  const ahead = aheadBuilds({
    classification,
    screening,
    artefacts: opts.skipReference ? null : (artefacts ?? null),
    logger,
    tablesThread: () =>
      prebuildThread(
        c,
        false,
        logger,
        'building the screening tables in a worker thread failed; building them here',
      ),
  });
  const warmUp = async (): Promise<ImportOutcome[]> => {
    await ahead.loadStages(
      !opts.skipReference && !opts.skipScreening,
      !opts.skipReference && !opts.skipClassifier,
    );
    if (opts.loadRegistry) await registry.load();
    startupImport.push(...(await runStartupImport()));
    warm = true;
    return startupImport;
  };
  /**
   * Filing worker threads (bulk filings, simulations), each with the configured heap limit. A
   * worker per core turns V8's parallel scavenging off for the process: its helpers would only
   * compete with the workers for the cores (ADR 0034). Every heap of the process, the main
   * thread's included, then grows to 2× what its last full collection kept (V8's own factor
   * reached ~3.75× for the workers; ADR 0046).
   */
  const filingWorkers = (size: number, data: Record<string, unknown>) => {
    fitScavengerToCores(size);
    setHeapGrowth();
    return new WorkerPool(workerFile('filing-worker'), size, data, config.TRADELANE_WORKER_HEAP_MB);
  };
  const c: Container = {
    config,
    logger,
    store,
    reference,
    importer,
    filing: newFilingService(store, reference, {
      screening,
      registry,
      classification: opts.skipClassifier ? null : classification,
      risk,
      logger,
      warm: () => warm,
      commitSpacingMs: config.TRADELANE_COMMIT_SPACING_MS,
    }),
    risk,
    officer: new OfficerService(store, systemClock),
    webhooks: new WebhookService(
      store,
      systemClock,
      ulidIds,
      nodeCrypto,
      hmacSha256,
      safeWebhookSender({ allowHosts: config.TRADELANE_WEBHOOK_ALLOW_HOSTS }),
      (url) => checkTarget(url, { allowHosts: config.TRADELANE_WEBHOOK_ALLOW_HOSTS }),
      config.TRADELANE_WEBHOOKS_PER_TENANT,
    ),
    events: new EventHub(),
    trusted,
    benefits: newBenefitService(store, program, { url: config.TRADELANE_DATABASE_URL, schema }),
    classification,
    screening,
    registry,
    documents: new DocumentService(
      store,
      documentBlobs(store, config),
      systemClock,
      ulidIds,
      config.TRADELANE_DOCUMENT_LIMIT,
    ),
    lastRescreen: () => rescreened,
    lastPrebuild: () => prebuilt,
    apiKeys: new ApiKeys(store, systemClock, ulidIds, nodeCrypto),
    startupImport,
    warmUp: () => (warm ? Promise.resolve(startupImport) : (warming ??= warmUp())),
    isWarm: () => warm,
    directorySource,
    syncSource: () =>
      new HttpSource(
        remoteDatasets(config, hint),
        {
          attempts: config.TRADELANE_SYNC_ATTEMPTS,
          timeoutMs: config.TRADELANE_SYNC_TIMEOUT_MS,
          backoffMs: 300,
          dropIncompleteTail: dropTail,
        },
        () => systemClock.now().slice(0, 10),
      ),
    importFiles: (dataset, files) => importer.run(new FilesSource(dataset, files)),
    pga: new PgaService(store, reference),
    clock: systemClock,
    crypto: nodeCrypto,
    batchLineLimit: config.TRADELANE_BATCH_LINE_LIMIT,
    filingPool: async (tenant, workers, notice) => {
      await ahead.forWorkers(notice);
      return filingWorkers(workers, filingWorkerData(c, tenant));
    },
    simulationFiler: async (o) => {
      if (o.workers > 0) {
        await ahead.forWorkers(o.notice);
        const pool = filingWorkers(o.workers, {
          ...filingWorkerData(c, o.tenant),
          simulation: { seed: o.seed, outcomes: o.outcomes },
        });
        return { file: (bytes, sim) => pool.file(1, bytes, sim), close: () => pool.close() };
      }
      const local = newFilingService(store, reference, {
        screening,
        registry: null,
        classification,
        risk,
        clock: o.clock,
      });
      local.simulateOutcomes(settleWith(o.outcomes, o.seed));
      return {
        file: (bytes, sim) => {
          o.clock.set(sim.at, sim.stepMs);
          return local.fileChunk(o.tenant, bufferItems(bytes, 1, config.TRADELANE_BATCH_LINE_LIMIT));
        },
        close: async () => undefined,
      };
    },
    close: async () => {
      await sharedRisk?.stop();
      await store.close();
    },
  };
  return c;
}
