import type { FilingWorkerData } from './filing-worker.js';
import type { Container } from './container.js';
import { SharedMemo } from '../platform/parallel/shared-memo.js';
import { codeVersion } from '../platform/cache/artefact-cache.js';
import { inWorker } from '../platform/parallel/in-worker.js';
import type { Logger } from '../kernel/ports.js';
import type { PrebuildData, PrebuildResult } from './prebuild-worker.js';
import { workerFile } from './worker-files.js';

/** What a worker thread that loads the stages is started with (filing and build threads). */
export interface BuildWorkerData {
  readonly databaseUrl: string;
  readonly schema?: string;
  /** Where the worker logs (stderr) and from which level. */
  readonly logLevel: string;
  /** TRADELANE_CACHE_DIR when set (the default is found from the database's URL). */
  readonly cacheDir?: string;
  /** The build's digest (artefact-cache.ts codeVersion), computed once by the parent. */
  readonly codeVersion: string;
  /** The screening thresholds file when not the shipped one. */
  readonly screeningPolicy?: string;
  readonly pgaMessageSets?: string;
  readonly riskRules?: string;
  readonly riskData?: string;
  readonly classify: { readonly abstainBelow: number; readonly warnAbove: number };
  readonly trustedProgram?: string;
}

/** What a filing worker thread is started with: the database, the policy files in force, shared memory. */
export function filingWorkerData(c: Container, tenant: string): Omit<FilingWorkerData, 'writeLock'> {
  return {
    ...buildWorkerData(c),
    tenant,
    // One per pool: a description classified by one worker is read by the others.
    classifications: SharedMemo.allocate(),
    lineLimit: c.config.TRADELANE_BATCH_LINE_LIMIT,
  };
}

/** What a thread that builds the stages' indexes needs: the database, the cache, the policy files. */
export function buildWorkerData(c: Container): BuildWorkerData {
  const cf = c.config;
  return {
    databaseUrl: cf.TRADELANE_DATABASE_URL,
    ...(cf.TRADELANE_DATABASE_SCHEMA ? { schema: cf.TRADELANE_DATABASE_SCHEMA } : {}),
    logLevel: process.env.TRADELANE_LOG_LEVEL ? cf.TRADELANE_LOG_LEVEL : 'warn',
    ...(cf.TRADELANE_CACHE_DIR ? { cacheDir: cf.TRADELANE_CACHE_DIR } : {}),
    codeVersion: codeVersion(),
    ...(cf.TRADELANE_SCREENING_POLICY ? { screeningPolicy: cf.TRADELANE_SCREENING_POLICY } : {}),
    classify: {
      abstainBelow: cf.TRADELANE_CLASSIFY_ABSTAIN_BELOW,
      warnAbove: cf.TRADELANE_CLASSIFY_WARN_ABOVE,
    },
    ...(cf.TRADELANE_RISK_RULES ? { riskRules: cf.TRADELANE_RISK_RULES } : {}),
    ...(cf.TRADELANE_RISK_DATA ? { riskData: cf.TRADELANE_RISK_DATA } : {}),
    ...(cf.TRADELANE_PGA_MESSAGE_SETS ? { pgaMessageSets: cf.TRADELANE_PGA_MESSAGE_SETS } : {}),
    ...(cf.TRADELANE_TRUSTED_PROGRAM ? { trustedProgram: cf.TRADELANE_TRUSTED_PROGRAM } : {}),
  };
}

/**
 * Runs `main/prebuild-worker.ts` in a worker thread: it builds the screening tables (and the
 * classifier's fit, when asked) of the store's active reference data into the artefact cache.
 * Null when there is no cache or the thread failed (a warning, `failure`): the caller's reload then
 * builds in place.
 */
export async function prebuildThread(c: Container, classifier: boolean, log: Logger, failure: string) {
  try {
    return await inWorker<PrebuildResult>(workerFile('prebuild-worker'), {
      ...buildWorkerData(c),
      classifier,
    } satisfies PrebuildData);
  } catch (err) {
    log.warn({ err: (err as Error).message }, failure);
    return null;
  }
}
