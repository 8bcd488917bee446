import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { Histogram, type Registry } from 'prom-client';

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/**
 * `tradelane_gc_pause_seconds{kind}`: every garbage collection pause of this thread. Node reports
 * them in batches, and prom-client's `nodejs_gc_duration_seconds` counts only the first entry of
 * each batch: on a busy server several collections fall in one turn of the event loop, and a full
 * collection after a scavenge went uncounted (issue 22). Returns what stops the observing.
 */
export function observeGcPauses(registry: Registry): () => void {
  const pauses = new Histogram({
    name: 'tradelane_gc_pause_seconds',
    help: 'Garbage collection pauses of this thread by kind (major, minor, incremental, weakcb), each one',
    labelNames: ['kind'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      pauses.observe({ kind: (kind !== undefined ? KINDS[kind] : undefined) ?? 'other' }, e.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
