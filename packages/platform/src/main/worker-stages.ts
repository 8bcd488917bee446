/**
 * The stages a worker thread loads from the store (the same active snapshots as its parent):
 * reference data, the screening index, the classifier — through the artefact cache when there is
 * one. Shared by the filing threads and the thread that builds indexes after a data change.
 */
import { ClassificationService, wordNetFiles } from '../modules/classification/index.js';
import { ReferenceService } from '../modules/reference/index.js';
import type { ScreeningService } from '../modules/screening/index.js';
import { loadDeMinimisPolicy } from '../modules/validation/index.js';
import { loadPgaInference } from '../modules/pga/index.js';
import { nodeCrypto, systemClock } from '../platform/system/system.js';
import type { ArtefactCache, Logger } from '../kernel/ports.js';
import { newScreeningService } from './container.js';
import type { Store } from './store/store.js';
import type { BuildWorkerData } from './worker-data.js';

export interface WorkerStages {
  readonly reference: ReferenceService;
  readonly screening: ScreeningService;
  readonly classification: ClassificationService;
}

/** Loads reference data and screening, and the classifier's model unless `classifier` is false. */
export async function loadWorkerStages(
  data: BuildWorkerData,
  store: Store,
  logger: Logger,
  artefacts: ArtefactCache | undefined,
  classifier = true,
): Promise<WorkerStages> {
  const { policy, sha256 } = loadDeMinimisPolicy();
  const reference = new ReferenceService(
    store,
    policy,
    sha256,
    loadPgaInference(undefined, data.pgaMessageSets),
  );
  await reference.reload();
  const screening = newScreeningService(store, reference, data.screeningPolicy, logger, artefacts);
  await screening.reload();
  const classification = new ClassificationService(
    store,
    reference,
    nodeCrypto,
    systemClock,
    data.classify,
    wordNetFiles,
    artefacts,
  );
  if (classifier) await classification.refresh();
  return { reference, screening, classification };
}
