import assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { observeGcPauses } from './gc-pauses.js';

/** The count of a histogram's observations, all labels together, from the registry's JSON. */
async function countOf(registry: Registry, name: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? [])
    .filter((v) => (v as { metricName?: string }).metricName === `${name}_count`)
    .reduce((n, v) => n + Number(v.value), 0);
}

describe('garbage collection pauses', () => {
  it('counts every collection Node reports, also several in one batch', async () => {
    const registry = new Registry();
    const stop = observeGcPauses(registry);
    // An independent count of every entry, and how many batches they came in.
    let entries = 0;
    let batches = 0;
    let largest = 0;
    const check = new PerformanceObserver((list) => {
      const n = list.getEntries().length;
      entries += n;
      batches++;
      largest = Math.max(largest, n);
    });
    check.observe({ entryTypes: ['gc'] });
    try {
      // Garbage made without yielding, so that several scavenges fall in one turn and Node reports
      // them together; turns are yielded between rounds so that the batches are delivered.
      let keep: number[][] = [];
      for (let round = 0; round < 200 && largest < 2; round++) {
        for (let i = 0; i < 200_000; i++) {
          keep.push([i, i + 1, i + 2]);
          if (keep.length > 1_000) keep = [];
        }
        await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setImmediate(r));
      assert.ok(
        largest >= 2,
        `a batch of several collections was seen (largest ${largest}, ${batches} batches)`,
      );
      assert.equal(await countOf(registry, 'tradelane_gc_pause_seconds'), entries);
    } finally {
      check.disconnect();
      stop();
    }
  });
});
