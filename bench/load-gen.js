// The load generator for http-post.js, run as its own process: an open-loop, fixed-rate client.
// Each request has a scheduled send time; its latency counts from that time, so a stalled server
// cannot hide its queue (no coordinated omission). Arguments: URL PATH METHOD RATE SECONDS KEY
// [LATENCIES]. Prints one JSON line with the latency percentiles (ms) and status counts; with
// LATENCIES, also writes there each request's latency by scheduled send and the run's start (ms
// since the epoch), for bench/tail-causes.js.
import { Pool } from 'undici';
import { makeShipments } from './lib.js';

const [url, path, method, rateArg, secondsArg, key, latenciesFile] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const bodies = method === 'POST' ? makeShipments(4000, 99).map((s) => JSON.stringify(s)) : [];
const pool = new Pool(url, { connections: 32, pipelining: 1, keepAliveTimeout: 30_000 });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

// The client's own start, before the clock: every connection opened and ten requests sent on each
// (GET /healthz, which both the bare server and ours answer without filing anything). Without it,
// the first ~0.15 s of a run waited for the generator's connects and its cold code — 40–57 ms for
// the bare Fastify route too (docs/benchmarks.md): a cost of the client, not of the server.
for (let round = 0; round < 10; round++) {
  await Promise.all(
    Array.from({ length: 32 }, () =>
      pool.request({ path: '/healthz', method: 'GET' }).then((res) => res.body.dump()),
    ),
  );
}

const total = Math.round(rate * seconds);
const latencies = new Float64Array(total);
const statuses = {};
let done = 0;
let errors = 0;
const t0 = performance.now();

await new Promise((resolve) => {
  let sent = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const i = sent;
      const scheduled = t0 + (i / rate) * 1000;
      pool
        .request({ path, method, headers, body: method === 'POST' ? bodies[i % bodies.length] : undefined })
        .then(async (res) => {
          await res.body.dump();
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        })
        .catch(() => errors++)
        .finally(() => {
          latencies[i] = performance.now() - scheduled;
          if (++done === total) resolve();
        });
    }
    // Sleep until the next send is due (timers fire at 1 ms granularity: bursts of rate/1000).
    if (sent < total) setTimeout(tick, Math.max(0, t0 + (sent / rate) * 1000 - performance.now()));
  };
  tick();
});
await pool.close();
if (latenciesFile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    latenciesFile,
    JSON.stringify({ start: performance.timeOrigin + t0, rate, latencies: [...latencies] }),
  );
}
const elapsed = (performance.now() - t0) / 1000;
const sorted = [...latencies].sort((a, b) => a - b);
// Where in the run the slow requests were: p99 and max of each 5 s window (by scheduled time), so a
// tail that grows with the run can be told from one made by a few stalls.
const WINDOW_S = 5;
const windows = [];
for (let from = 0; from < total; from += rate * WINDOW_S) {
  const w = [...latencies.subarray(from, Math.min(total, from + rate * WINDOW_S))].sort((a, b) => a - b);
  windows.push({
    p99: Number(w[Math.min(w.length - 1, Math.floor(0.99 * w.length))].toFixed(1)),
    max: Number(w[w.length - 1].toFixed(1)),
  });
}
const pct = (p, of = sorted) =>
  Number(of[Math.min(of.length - 1, Math.floor((p / 100) * of.length))].toFixed(2));
// The same tail without the first 10 s (by scheduled time): what a server that has been up a while
// answers, apart from what its first seconds of load add (with http-post.js's warm-up its bodies
// are not new; the JIT still compiling and what the warm-up left behind remain). Reported beside
// the whole-run p99, never instead of it. Null for a run of 10 s or less.
const SETTLED_S = 10;
const settled = [...latencies.subarray(Math.min(total, Math.ceil(rate * SETTLED_S)))].sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    requests: total,
    seconds: elapsed,
    rps: total / elapsed,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    p99_after_10s: settled.length > 0 ? pct(99, settled) : null,
    max: Number(sorted[sorted.length - 1].toFixed(2)),
    errors,
    timeouts: 0,
    statusCodes: statuses,
    windows,
  }) + '\n',
);
