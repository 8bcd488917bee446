import { readFileSync } from 'node:fs';
import { ApiKeys } from '../app/api-keys.js';
import { FilingService } from '../app/filing.js';
import { RefdataImporter, type ImportOutcome } from '../app/refdata-import.js';
import { ReferenceService } from '../app/reference-service.js';
import { openStore } from '../adapters/db/open-store.js';
import type { KyselyStore } from '../adapters/db/kysely-store.js';
import { loadDeMinimisPolicy } from '../adapters/policy/load-policy.js';
import { DirectorySource } from '../adapters/refdata/directory-source.js';
import type { EditionHint } from '../adapters/refdata/datasets.js';
import { HttpSource, type RemoteDataset } from '../adapters/refdata/http-source.js';
import { nodeCrypto, systemClock, ulidIds } from '../adapters/system/system.js';
import type { Config } from '../config/config.js';

export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Everything a process needs, wired once. The only place that knows every concrete class. */
export interface Container {
  readonly config: Config;
  readonly store: KyselyStore;
  readonly reference: ReferenceService;
  readonly importer: RefdataImporter;
  readonly filing: FilingService;
  readonly apiKeys: ApiKeys;
  /** What the start-up import from TRADELANE_REFDATA_DIR did (empty when unset). */
  readonly startupImport: ImportOutcome[];
  directorySource(dir: string): DirectorySource;
  syncSource(): HttpSource;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** PostgreSQL schema (tests). */
  readonly schema?: string;
  /** Skip the automatic import from TRADELANE_REFDATA_DIR. */
  readonly skipAutoImport?: boolean;
  /** Skip building the reference view (commands that never validate or look up the tariff). */
  readonly skipReference?: boolean;
  /** SQLite WAL checkpoints: `background` for a server (no stalls on the request path). */
  readonly checkpoints?: 'auto' | 'background';
}

export async function createContainer(config: Config, opts: ContainerOptions = {}): Promise<Container> {
  const schema = opts.schema ?? config.TRADELANE_DATABASE_SCHEMA;
  const store = await openStore({
    url: config.TRADELANE_DATABASE_URL,
    ...(schema ? { schema } : {}),
  });
  const { policy, sha256 } = loadDeMinimisPolicy();
  const reference = new ReferenceService(store, policy, sha256);
  if (!opts.skipReference) await reference.reload();
  const importer = new RefdataImporter(store, reference, systemClock, ulidIds);
  const hint: EditionHint | undefined =
    config.TRADELANE_HTS_EDITION && config.TRADELANE_HTS_EFFECTIVE_FROM
      ? { edition: config.TRADELANE_HTS_EDITION, effectiveFrom: config.TRADELANE_HTS_EFFECTIVE_FROM }
      : undefined;
  const directorySource = (dir: string) => new DirectorySource(dir, hint);
  const startupImport =
    config.TRADELANE_REFDATA_DIR && !opts.skipAutoImport
      ? await importer.run(directorySource(config.TRADELANE_REFDATA_DIR))
      : [];
  const remotes: RemoteDataset[] = [
    {
      dataset: 'hts',
      url: `${config.TRADELANE_USITC_BASE_URL}/reststop/exportList?from=0100&to=9999&format=CSV&styles=false`,
      name: 'htsus.csv',
      edition: hint ?? { edition: '2026 Basic', effectiveFrom: '2026-01-01' },
    },
    {
      dataset: 'countries',
      url: `${config.TRADELANE_UNLOCODE_BASE_URL}/country-codes.csv`,
      name: 'country-codes.csv',
    },
    ...(config.TRADELANE_PORTS_URL
      ? [{ dataset: 'ports' as const, url: config.TRADELANE_PORTS_URL, name: 'ports.csv' }]
      : []),
  ];
  return {
    config,
    store,
    reference,
    importer,
    filing: new FilingService(store, reference, systemClock, ulidIds, nodeCrypto),
    apiKeys: new ApiKeys(store, systemClock, ulidIds, nodeCrypto),
    startupImport,
    directorySource,
    syncSource: () =>
      new HttpSource(remotes, {
        attempts: config.TRADELANE_SYNC_ATTEMPTS,
        timeoutMs: config.TRADELANE_SYNC_TIMEOUT_MS,
        backoffMs: 300,
      }),
    close: () => store.close(),
  };
}
