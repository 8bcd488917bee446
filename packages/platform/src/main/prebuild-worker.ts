/**
 * Builds what a reference-data change needs — the screening index's tables and, when asked, the
 * classifier's fit — in a worker thread, into the artefact cache (ADR 0017), so that the serving
 * thread's reload that follows reads them instead of building them: a list import no longer stalls
 * requests for the seconds a build takes (issue 19). Answers with what it built; the parent swaps
 * its own index whole afterwards, as before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openArtefactCache } from '../platform/cache/artefact-cache.js';
import { createLogger } from '../platform/system/logger.js';
import { loadWorkerStages } from './worker-stages.js';
import { openStore } from './store/open-store.js';
import type { BuildWorkerData } from './worker-data.js';

export interface PrebuildData extends BuildWorkerData {
  /** Also the classifier's fit (a process that serves without a classifier does not ask). */
  readonly classifier: boolean;
}

/** What the thread built into the cache (null: no cache to build into, nothing done). */
export type PrebuildResult = { readonly screening: 'built' | 'cached'; readonly classifier: boolean } | null;

const data = workerData as PrebuildData;
const logger = createLogger(data.logLevel, 'stderr').child({ worker: 'prebuild' });
const artefacts = openArtefactCache(data.cacheDir, data.databaseUrl, logger, data.codeVersion);
let result: PrebuildResult = null;
if (artefacts) {
  const store = await openStore({
    url: data.databaseUrl,
    poolSize: 1,
    ...(data.schema ? { schema: data.schema } : {}),
  });
  try {
    const { screening } = await loadWorkerStages(data, store, logger, artefacts, data.classifier);
    result = { screening: screening.current().tables, classifier: data.classifier };
  } finally {
    await store.close();
  }
}
parentPort!.postMessage(result);
