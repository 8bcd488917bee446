/**
 * What a process builds ahead into the artefact cache when the classifier's fit is not there
 * (ADR 0017): the first start of a new build, or new data. Fitting the classifier takes a thread
 * for seconds; the screening tables, most likely missing too, are built meanwhile in a worker
 * thread, and whoever needs them reads them from the cache after.
 */
import type { ArtefactCache, Logger } from '../kernel/ports.js';
import type { ClassificationService, ClassifierPrebuild } from '../modules/classification/index.js';
import type { ScreeningService } from '../modules/screening/index.js';
import type { PrebuildResult } from './prebuild-worker.js';

export interface AheadBuilds {
  /**
   * Loads the screening index and the classifier into this process: in that order when the fit is
   * cached (or cannot be put there); otherwise the classifier fitted here while a thread builds the
   * screening tables, which the reload then reads.
   */
  loadStages(screen: boolean, classify: boolean): Promise<void>;
  /**
   * Before filing worker threads start: when the fit is missing, it is built here once (for the
   * cache, not kept) and the screening tables in a thread beside it, so that each filing thread
   * reads both instead of building both. A build that fails is a warning: the threads then build
   * for themselves. `notice` hears, in words for the command's user, that a build starts and how
   * it ended (nothing when the classifier's fit is cached, or there is no cache).
   */
  forWorkers(notice?: (line: string) => void): Promise<void>;
}

export function aheadBuilds(deps: {
  readonly classification: ClassificationService;
  readonly screening: ScreeningService;
  /** Null: no cache to build into, nothing is built ahead. */
  readonly artefacts: ArtefactCache | null;
  readonly logger: Logger;
  /** Builds the screening tables in a worker thread into the cache (null: it failed). */
  readonly tablesThread: () => Promise<PrebuildResult>;
}): AheadBuilds {
  const { classification, screening, artefacts, logger, tablesThread } = deps;
  /** Whether the classifier's fit is cached; a failure to tell is taken as yes (nothing ahead). */
  const fitCached = () =>
    classification.fitCached().catch((err: unknown) => {
      logger.warn({ err: (err as Error).message }, 'could not tell whether the classifier is cached');
      return true;
    });
  return {
    async loadStages(screen, classify) {
      if (screen && classify && artefacts && !(await fitCached())) {
        const tables = tablesThread();
        try {
          await classification.refresh();
        } finally {
          await tables;
        }
        await screening.reload();
        return;
      }
      if (screen) await screening.reload();
      if (classify) await classification.refresh();
    },
    async forWorkers(notice) {
      if (!artefacts || (await fitCached())) return;
      const started = performance.now();
      notice?.(
        'building the classifier and the screening tables into the artefact cache first (the first run of this build or of new data)',
      );
      const tables = tablesThread();
      const fitted = await prebuildOrWarn(classification, logger, 'each filing thread builds it');
      const built = await tables;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      // What the threads will read, in words: a part that could not be put in the cache is built
      // by each thread for itself, and by the next run again.
      const missing = [
        ...(fitted?.cacheable ? [] : ['the classifier']),
        ...(built ? [] : ['the screening tables']),
      ];
      notice?.(
        missing.length === 0
          ? `built in ${seconds} s; later runs read them`
          : `${seconds} s; ${missing.join(' and ')} could not be put in the cache: each filing thread builds ${missing.length > 1 ? 'them' : 'it'}`,
      );
    },
  };
}

/**
 * The classifier of the data in force built into the artefact cache (`prebuild`), or null after a
 * warning when that failed: `instead` says what happens then.
 */
export async function prebuildOrWarn(
  classification: ClassificationService,
  logger: Logger,
  instead: string,
): Promise<ClassifierPrebuild | null> {
  try {
    return await classification.prebuild();
  } catch (err) {
    logger.warn(
      { err: (err as Error).message },
      `building the classifier into the artefact cache failed: ${instead}`,
    );
    return null;
  }
}
