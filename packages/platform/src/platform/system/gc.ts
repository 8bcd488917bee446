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
 * V8's heap growing factor for a bulk filing process, in percent above 1 (ADR 0046): after each
 * full collection a heap's next limit is what it kept × 2 (and at least 8 MB more), not the
 * factor V8 picks itself, which reached ~3.75× for the filing workers (up to 4×).
 */
export const BULK_HEAP_GROWTH_PERCENT = 100;

/**
 * Sets V8's heap growing factor for the whole process, every thread's heap the main one's
 * included: V8 reads it each time it sets a heap's next limit, for the threads already running
 * and those started later, in place of its own factor (which it also lowers near a heap's limit
 * or under memory pressure). For processes that file in bulk, not for a server (fewer full
 * collections keep its tail short).
 */
export function setHeapGrowth(percent: number = BULK_HEAP_GROWTH_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1 || percent > 1000)
    throw new RangeError(`heap growth ${percent} %: not a whole number from 1 to 1000`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
