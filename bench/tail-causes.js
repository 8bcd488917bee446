// What the slow answers of an http-post.js run waited for (BENCH_TIMELINE=1): each answer over
// 10 ms, by its scheduled send, set beside the server's timeline (bench/server-timeline.js) and
// given one cause, the first that applies:
//   gc_major     — a full collection (or its incremental marking) overlapped the answer;
//   wal_hold     — the writer waited for the WAL checkpointer's last copy meanwhile;
//   stall        — the event loop stalled meanwhile (a long task, a scavenge, the thread off its
//                  core, or a queue worked off back to back) — with a scavenge among them,
//                  `scavenge`;
//   none         — nothing recorded: the queue left by an earlier one, or the client.
// Beside the causes, `first_10s` counts the slow answers sent in the run's first ten seconds (each
// also has its cause): http-post.js warms the server up with every one of the same bodies first,
// so these are not new descriptions or names, but they were most of a run's tail once
// (docs/benchmarks.md).
// An event counts for an answer when it overlaps [send − 20 ms, send + latency]: a stall just
// before a send still delays it through the queue it leaves.
export const SLOW_MS = 10;
const BEFORE_MS = 20;

/**
 * `latencies` by scheduled send (ms), sent at `rate` a second from `start` (ms since the epoch);
 * `events` [kind, start, ms] as server-timeline.js writes them. Returns the answers over SLOW_MS,
 * how many of them were sent in the first ten seconds, and their causes.
 */
export function tailCauses(latencies, start, rate, events) {
  const sorted = [...events].sort((a, b) => a[1] - b[1]);
  const ends = sorted.map((e) => e[1] + e[2]);
  // The latest end among events starting at or before each one (for the overlap search).
  const reach = new Float64Array(ends.length);
  for (let i = 0; i < ends.length; i++) reach[i] = Math.max(i > 0 ? reach[i - 1] : -Infinity, ends[i]);
  const causes = { gc_major: 0, wal_hold: 0, scavenge: 0, stall: 0, none: 0 };
  let slow = 0;
  let first10s = 0;
  for (let i = 0; i < latencies.length; i++) {
    const ms = latencies[i];
    if (!(ms > SLOW_MS)) continue;
    slow++;
    const sent = start + (i / rate) * 1000;
    if (i < rate * 10) first10s++;
    const from = sent - BEFORE_MS;
    const to = sent + ms;
    // The events starting before `to` whose end reaches past `from`: back from the last one that
    // starts before `to`, while some earlier event may still reach `from`.
    let hi = upper(sorted, to) - 1;
    const seen = new Set();
    for (; hi >= 0 && reach[hi] >= from; hi--) if (ends[hi] >= from) seen.add(sorted[hi][0]);
    if (seen.has('gc_major') || seen.has('gc_incremental')) causes.gc_major++;
    else if (seen.has('wal_hold')) causes.wal_hold++;
    else if (seen.has('gc_minor')) causes.scavenge++;
    else if (seen.has('stall')) causes.stall++;
    else causes.none++;
  }
  return { over_10ms: slow, first_10s: first10s, causes };
}

/** The index of the first event starting after `t`. */
function upper(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid][1] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
