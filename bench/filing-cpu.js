// The CPU a single filing costs the serving thread, in process and without sockets: what
// `POST /v1/shipments` costs beyond Node's HTTP, measured steadily enough to compare two builds.
// http-post.js measures latency with a real client; on these VMs its CPU per request moves by
// 10–20 % between runs of one build, and the host's speed drifts by more than that within minutes,
// which hides changes of a few percent.
//
// Here `serve`'s own container and server run in this process (SQLite, every stage, the background
// work: relay and party resolution) and the same request bodies are sent through Fastify's
// `inject`, CONCURRENCY at a time (so group commits form as under load). Each round reports the
// process's CPU time (user + system, all threads) per filing, and this thread's GC pauses. Between
// rounds the server is let settle (its outbox relayed, the process idle), so that one round's
// background work is not charged to the next. `inject` has costs of its own that a socket does not
// (a third of what the young generation promotes here is its objects): compare builds with this,
// not the share of each cost.
//
// Baseline in the same run: with BENCH_BASE_ROOT (another build's packages/platform, e.g. a copy
// in bench/out/base/platform), both builds are loaded into this process, each with its own
// database, and their rounds alternate, so that the host's drift falls on both alike; the answer is
// the median of the paired ratios (this build / base). Without it, `GET /healthz` the same way.
//   BENCH_N (10,000 filings a round), BENCH_ROUNDS (5), BENCH_WARMUP (10,000), BENCH_CONCURRENCY (16).
//   BENCH_UNSEEN=1: every round files goods and parties neither build has seen — each line a
//   description of the e-commerce declarations (used as inputs only) not filed before, with its
//   declared number, and sellers, manufacturers and importers with new names (Faker) — which is
//   what a filing costs when real traffic brings new goods and parties, not the memos' steady
//   state. Both builds get the same bodies in a round. Defaults then: 1,500 a round, 1,500 to warm up.
//   Run it pinned to one CPU, as the server is in http-post.js, with --expose-gc (see settle()):
//   taskset -c 1 node --expose-gc bench/filing-cpu.js
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  SHARED_DATA,
  containerOf,
  gcPauses,
  roundTimer,
  makeShipments,
  median,
  pairedRatios,
  report,
  roundsSummary,
  unseenBodies,
} from './lib.js';

const UNSEEN = process.env.BENCH_UNSEEN === '1';
const N = Number(process.env.BENCH_N ?? (UNSEEN ? 1500 : 10_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? (UNSEEN ? 1500 : 10_000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BASE_ROOT = process.env.BENCH_BASE_ROOT ?? null;

const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
Object.assign(process.env, { TRADELANE_LOG_LEVEL: 'warn', TRADELANE_REFDATA_DIR: SHARED_DATA });

/** Milliseconds of garbage collection pauses on this thread, minor (scavenges) and major, so far. */
const gc = gcPauses();

/** One build's server (container, app, filer key) on a database of its own. */
async function serverOf(platformRoot, name) {
  const { c, dist } = await containerOf(platformRoot, join(out, `filing-cpu-${name}.db`), {
    checkpoints: 'background',
    loadRegistry: true,
    background: true,
  });
  const { startServer } = await import(dist('main/server.js'));
  const server = await startServer(c, { port: 0, host: '127.0.0.1', workers: true });
  const { key } = await c.apiKeys.create({ tenant: 'bench', role: 'filer' });
  return {
    name,
    c,
    server,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    rounds: [],
  };
}

const bodies = UNSEEN
  ? await unseenBodies(WARMUP + ROUNDS * N)
  : makeShipments(4000, 99).map((s) => JSON.stringify(s));

/** Sends n requests, CONCURRENCY in flight; CPU ms and GC ms per request, rate and statuses. */
async function run(s, n, request, from = 0) {
  const statuses = {};
  const done = roundTimer(gc);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const res = await s.server.app.inject(request(s, from + next++));
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  await s.c.filing.drain();
  await settle(s);
  return { ...done(n), statuses };
}

/**
 * Waits until the server's outbox is relayed and the process has been idle for 200 ms (under 5 %
 * of a CPU), at most 30 s: the background work a round caused is charged to that round.
 */
async function settle(s) {
  // With --expose-gc, a full collection: the garbage this round promoted is collected (and charged)
  // here, not during the other build's round, since both share the heap.
  globalThis.gc?.();
  const until = performance.now() + 30_000;
  for (;;) {
    const { pending } = await s.c.store.outbox.backlog();
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 200));
    const cpu = process.cpuUsage(cpu0);
    if ((pending === 0 && (cpu.user + cpu.system) / 1000 < 10) || performance.now() > until) return;
  }
}

const post = (s, i) => ({
  method: 'POST',
  url: '/v1/shipments',
  headers: s.headers,
  payload: bodies[i % bodies.length],
});
const health = () => ({ method: 'GET', url: '/healthz' });

// BENCH_NEW_ROOT: the build measured, when not this checkout's (e.g. a patched copy).
const ours = await serverOf(process.env.BENCH_NEW_ROOT ?? join(ROOT, 'packages', 'platform'), 'this');
const base = BASE_ROOT ? await serverOf(BASE_ROOT, 'base') : null;
for (const s of [ours, base]) if (s) await run(s, WARMUP, post); // memos, JIT, the first pages
const healthRounds = [];
for (let r = 0; r < ROUNDS; r++) {
  // Unseen: each round's own bodies, after the warm-up's. Otherwise every round from the first body.
  const from = UNSEEN ? WARMUP + r * N : 0;
  if (!base) {
    healthRounds.push(await run(ours, N, health));
    ours.rounds.push(await run(ours, N, post, from));
    continue;
  }
  // The two builds share a heap: each may collect the other's garbage. Taking turns first evens it.
  for (const s of r % 2 === 0 ? [base, ours] : [ours, base]) s.rounds.push(await run(s, N, post, from));
}
for (const s of [ours, base]) {
  if (!s) continue;
  await s.server.stop();
  await s.c.close();
}

report({
  bench: 'filing-cpu',
  ...roundsSummary(ours.rounds, 'filing'),
  filings: N,
  rounds: ROUNDS,
  unseen: UNSEEN,
  concurrency: CONCURRENCY,
  status_codes: ours.rounds[ours.rounds.length - 1].statuses,
  baseline: base
    ? {
        name: `build at ${BASE_ROOT}, rounds alternating in this process`,
        ...roundsSummary(base.rounds, 'filing'),
      }
    : {
        name: 'GET /healthz through inject, same process',
        cpu_ms_per_request: Number(median(healthRounds.map((x) => x.cpu_ms)).toFixed(4)),
      },
  ...(base ? pairedRatios(ours.rounds, base.rounds) : {}),
  pass: null,
});
process.exit(0);
