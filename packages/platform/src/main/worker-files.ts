/**
 * The file a worker thread runs: its bundle (dist/main/<name>.bundle.js, ADR 0036) when the thread
 * starting it runs the command's bundle, else its compiled module. The build writes every bundle
 * in one step, and the command's bundle runs only while they are current (bundle-stamp.ts), so
 * its workers' bundles are as fresh.
 */

/** The worker threads' entry files (scripts/bundle.js bundles each). */
export const WORKER_ENTRIES = ['filing-worker', 'prebuild-worker', 'report-worker'] as const;
export type WorkerEntry = (typeof WORKER_ENTRIES)[number];

/** `from`: the file the starting thread runs (this module's, or the bundle's it is part of). */
export function workerFile(name: WorkerEntry, from: string = import.meta.url): URL {
  return new URL(`./${name}${from.endsWith('.bundle.js') ? '.bundle' : ''}.js`, from);
}
