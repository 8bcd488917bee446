import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * Whether V8 should scavenge each thread's young generation on that thread alone. By default a
 * scavenge also runs tasks on V8's helper threads; when this process's own JavaScript threads
 * already keep every core busy (a filing worker per core), those tasks only compete with them for
 * the cores, and the thread that collects waits for them. Measured on `tradelane file`, 2 workers
 * on 2 cores: 5–16 % less time without them in 6 of 7 pairs of runs (ADR 0034).
 */
export function scavengeAlone(busyThreads: number, cores: number = availableParallelism()): boolean {
  return busyThreads >= cores;
}

/**
 * Turns V8's parallel scavenging off for the whole process when `busyThreads` JavaScript threads
 * fill the cores. V8 reads the setting at each scavenge: it applies to the threads already running
 * and to those started later. Returns whether it was turned off.
 */
export function fitScavengerToCores(busyThreads: number, cores: number = availableParallelism()): boolean {
  if (!scavengeAlone(busyThreads, cores)) return false;
  setFlagsFromString('--no-parallel-scavenge');
  return true;
}

/**
 * How far V8 lets a bulk filing process's old generation grow past what its last full collection
 * kept, in percent (ADR 0046). V8's own factor reaches 4× when collections are cheap against the
 * work, as a filing worker's are: each worker's heap swelled to ~600 MB around ~150 MB live.
 */
export const BULK_HEAP_GROWTH_PERCENT = 100;

/**
 * Bounds the old generation's growth between full collections for the whole process: V8 reads
 * the setting each time it sets a heap's next limit, for the threads already running and those
 * started later. For processes that file in bulk, not for a server (fewer full collections keep
 * its tail short).
 */
export function boundHeapGrowth(percent: number = BULK_HEAP_GROWTH_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1)
    throw new RangeError(`heap growth ${percent} %: not a positive integer`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
