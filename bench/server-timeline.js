// Preloaded into a benchmark's server (`node --import bench/server-timeline.js`, http-post.js
// with BENCH_TIMELINE=1): its main thread's timeline — every garbage collection pause, every stall
// of its event loop (a 2 ms timer late by more than 6 ms: the thread was busy, or off its core, all
// that time) and every wait of the writer for the WAL checkpointer's last copy (the diagnostics
// channel `tradelane:sqlite:wal-hold`) — written when the process exits, as JSON lines of
// [kind, start (ms since the epoch), ms], to $BENCH_TIMELINE_DIR/timeline-<pid>.json.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.BENCH_TIMELINE_DIR) {
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'gc_major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'gc_minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'gc_incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'gc_weakcb',
  };
  const events = [];
  const origin = performance.timeOrigin;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      events.push([kinds[e.detail?.kind] ?? 'gc_other', origin + e.startTime, e.duration]);
    }
  }).observe({ entryTypes: ['gc'] });
  subscribe('tradelane:sqlite:wal-hold', (m) => events.push(['wal_hold', m.start, m.ms]));
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 8) events.push(['stall', origin + last, now - last - 2]);
    last = now;
  }, 2).unref();
  process.on('exit', () => {
    writeFileSync(
      join(process.env.BENCH_TIMELINE_DIR, `timeline-${process.pid}.json`),
      events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
  });
}
