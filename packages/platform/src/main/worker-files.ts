/**
 * The file a worker thread runs: its bundle (dist/main/<name>.bundle.js, ADR 0036) when this
 * thread runs the command's bundle, else its compiled module. The build writes every bundle in
 * one step, so a command bundle that is run has its workers' bundles, as fresh, beside it.
 */
const BUNDLED = import.meta.url.endsWith('.bundle.js');

/** The worker threads' entry files (scripts/bundle.js bundles each). */
export const WORKER_ENTRIES = ['filing-worker', 'prebuild-worker', 'report-worker'] as const;
export type WorkerEntry = (typeof WORKER_ENTRIES)[number];

export function workerFile(name: WorkerEntry): URL {
  return new URL(`./${name}${BUNDLED ? '.bundle' : ''}.js`, import.meta.url);
}
