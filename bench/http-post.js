// POST /v1/shipments on loopback: a real server process (embedded SQLite, every stage) and a load
// generator in a second process at a fixed rate. So that the machine does not decide the answer,
// on two or more CPUs the generator is pinned to CPU 0 and the server to CPU 1 (`taskset`;
// BENCH_SERVER_CPU=0 swaps them).
// Baseline in the same run, on the same CPU: a bare Fastify server answering the same route with a
// fixed result of the usual size (bench/bare-server.js). Latency is reported from both sides: the
// client's (from each request's scheduled send time) and the server's own, with the server's CPU
// time per request (user + system over the measured seconds: what the machine's load does not
// change much) and the bytes it wrote per request (`wchar`: the database's pages, mostly). Beside
// the whole run's p99: the p99 without its first 10 s (what a server up a while answers; the warm-up
// before each measured run sends every one of the 4,000 bodies, so the measured run brings none
// new), the p99 of each 5 s window, how busy the server's core was, and the server's garbage
// collections during the load by kind (`gc_during_load`: count and pauses). The CPU, bytes and
// collections counted include the generator's own start (320 `GET /healthz`, load-gen.js): ~0.1 %
// of a measured minute for our server, up to ~1 % for the bare route.
// BENCH_RUNS=K measures our server K times (medians reported); BENCH_BASE_CLI names another
// build's bin/tradelane.js, measured alternately with this one in the same run. BENCH_DB_DIR: where
// the servers' databases go (default bench/out; /dev/shm takes the disk out of the measurement).
// BENCH_TIMELINE=1: each measured server runs with bench/server-timeline.js preloaded, and each run
// says what its answers over 10 ms waited for (`tail_causes`, bench/tail-causes.js: a full
// collection, a WAL hold, a scavenge, a stall, nothing recorded; and, beside them, how many were
// sent in the first ten seconds).
// BENCH_POSTGRES=1: each server files into a schema of its own on PostgreSQL
// (TRADELANE_TEST_POSTGRES_URL), dropped afterwards; the bus stays in process. The server's CPU and
// written bytes are then its own, without the database's: PostgreSQL's backends are reported apart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, cpuSeconds, median, report, serverEnv, startServer } from './lib.js';
import { tailCauses } from './tail-causes.js';
import { PG_URL, uniqueSchema } from '../packages/platform/dist/testing/support.js';
import { dropSchema } from '../packages/platform/dist/testing/stores.js';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const BASE_CLI = process.env.BENCH_BASE_CLI ?? null;
const POSTGRES = process.env.BENCH_POSTGRES === '1';
const TARGET_P99_MS = 10;
// The warm-up before each measured run: 3 s, and long enough for every one of the generator's
// 4,000 bodies to be filed once whatever the rate (the measured run then brings nothing new).
const WARMUP_S = Math.max(3, Math.ceil(4000 / RATE));
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const TIMELINE = process.env.BENCH_TIMELINE === '1';
if (TIMELINE) {
  const preload = `--import ${join(ROOT, 'bench', 'server-timeline.js')}`;
  process.env.BENCH_SERVER_NODE_ARGS = `${process.env.BENCH_SERVER_NODE_ARGS ?? ''} ${preload}`;
}
/** CPU seconds (user + system) the PostgreSQL server's processes have used so far (all of them). */
function postgresCpuSeconds() {
  const pids = spawnSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  let s = 0;
  for (const pid of pids) {
    try {
      s += cpuSeconds(Number(pid));
    } catch {
      // a backend that ended meanwhile
    }
  }
  return s;
}
/** Bytes a process has handed to write calls so far (the database's pages, mostly). */
function writtenBytes(pid) {
  const m = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : 0;
}
const pinned =
  os.cpus().length >= 2 &&
  spawnSync('taskset', ['-c', '0', 'true']).status === 0 &&
  !process.env.BENCH_NO_PIN;
// BENCH_SERVER_CPU: the CPU the servers get (default 1; the generator gets the other): where a
// device's interrupts land on one CPU (/proc/interrupts), the other keeps them off the server's core.
const SERVER_CPU = Number(process.env.BENCH_SERVER_CPU ?? 1);
const CLIENT_CPU = SERVER_CPU === 0 ? 1 : 0;
const pin = (cpu, args) => (pinned ? ['taskset', ['-c', String(cpu), ...args]] : [args[0], args.slice(1)]);

/** The bare Fastify baseline, pinned as our server is; resolves once listening. */
async function startBare() {
  const [cmd, args] = pin(SERVER_CPU, [process.execPath, join(ROOT, 'bench', 'bare-server.js')]);
  const server = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((resolve, reject) => {
    let buf = '';
    server.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return { server, base };
}

function load(base, key, path, method, seconds, latenciesFile) {
  const [cmd, args] = pin(CLIENT_CPU, [
    process.execPath,
    join(ROOT, 'bench', 'load-gen.js'),
    base,
    path,
    method,
    String(RATE),
    String(seconds),
    key,
    ...(latenciesFile ? [latenciesFile] : []),
  ]);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The server's Prometheus metrics, as text. */
const metricsOf = async (base) => (await fetch(`${base}/metrics`)).text();

/**
 * The server's garbage collections so far, by kind (major, minor, incremental, weakcb): how many
 * and their pauses in all (ms). Read before and after the load: on one core a full collection's
 * marking holds every answer for up to ~100 ms, so whether one fell in a run decides most of its
 * whole-run p99 (docs/benchmarks.md, issue 22). From `tradelane_gc_pause_seconds`, which counts
 * every pause; a build without it gives prom-client's `nodejs_gc_duration_seconds`, which counts
 * only the first of each batch Node reports (`source` says which).
 */
function gcCounts(text) {
  const name = text.includes('tradelane_gc_pause_seconds_count')
    ? 'tradelane_gc_pause_seconds'
    : 'nodejs_gc_duration_seconds';
  const out = { source: name };
  for (const m of text.matchAll(new RegExp(`^${name}_(count|sum)\\{kind="(\\w+)"\\} (\\S+)$`, 'gm'))) {
    out[m[2]] ??= { n: 0, ms: 0 };
    if (m[1] === 'count') out[m[2]].n = Number(m[3]);
    else out[m[2]].ms = Number(m[3]) * 1000;
  }
  return out;
}
const gcDelta = ({ source, ...after }, before) => ({
  source,
  ...Object.fromEntries(
    Object.entries(after).map(([kind, a]) => {
      const b = before[kind] ?? { n: 0, ms: 0 };
      return [kind, { n: a.n - b.n, ms: Number((a.ms - b.ms).toFixed(1)) }];
    }),
  ),
});

/** Server-side view: the share of POSTs the server handled within each bucket (Prometheus histogram). */
function serverSide(text) {
  const buckets = new Map();
  for (const m of text.matchAll(/tradelane_http_request_duration_seconds_bucket\{([^}]*)\} (\d+)/g)) {
    if (!m[1].includes('method="POST"') || !m[1].includes('route="/v1/shipments"')) continue;
    const le = /le="([^"]+)"/.exec(m[1])[1];
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  const total = buckets.get('+Inf') ?? 0;
  const within = (le) => Number(((buckets.get(le) ?? 0) / Math.max(total, 1)).toFixed(4));
  const p99Bucket = [...buckets.entries()].find(([, n]) => n >= total * 0.99)?.[0];
  // The group commits the filings waited for (tradelane_filing_commit_seconds, those written; a bare
  // server has none).
  const commits = new Map();
  for (const m of text.matchAll(
    /tradelane_filing_commit_seconds_bucket\{le="([^"]+)",outcome="written"\} (\d+)/g,
  ))
    commits.set(m[1], Number(m[2]));
  const commitCount = commits.get('+Inf') ?? 0;
  const filings = Number(
    /tradelane_filing_commit_filings_sum\{outcome="written"\} (\d+)/.exec(text)?.[1] ?? 0,
  );
  // The SQLite checkpointer thread (ADR 0030): WAL restarts, its holds of the writer, and what the
  // writer's uses of the connection waited for them (absent on PostgreSQL).
  const gauge = (name) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return m ? Number(Number(m[1]).toFixed(3)) : undefined;
  };
  const wal = {
    restarts: gauge('tradelane_sqlite_wal_restarts'),
    holds: gauge('tradelane_sqlite_wal_holds'),
    flushes: gauge('tradelane_sqlite_wal_flushes'),
    hold_waits: gauge('tradelane_sqlite_wal_hold_waits'),
    hold_wait_seconds: gauge('tradelane_sqlite_wal_hold_wait_seconds'),
  };
  return {
    requests: total,
    ...(wal.restarts !== undefined ? { wal } : {}),
    share_within_5ms: within('0.005'),
    share_within_10ms: within('0.01'),
    p99_bucket_le_s: p99Bucket,
    ...(commitCount > 0
      ? {
          commits: commitCount,
          filings_per_commit: Number((filings / commitCount).toFixed(2)),
          commits_within_2ms: Number(((commits.get('0.002') ?? 0) / commitCount).toFixed(4)),
          commits_within_10ms: Number(((commits.get('0.01') ?? 0) / commitCount).toFixed(4)),
          commit_p99_bucket_le_s: [...commits.entries()].find(([, n]) => n >= commitCount * 0.99)?.[0],
        }
      : {}),
  };
}

const stop = (p) =>
  new Promise((resolve) => {
    if (p.exitCode !== null) return resolve();
    p.once('exit', resolve);
    p.kill('SIGTERM');
  });

// The baseline first, alone on its CPU; then our server.
const bare = await startBare();
let baseline;
try {
  load(bare.base, 'none', '/v1/shipments', 'POST', WARMUP_S); // warm-up
  const cpu0 = cpuSeconds(bare.server.pid);
  baseline = load(bare.base, 'none', '/v1/shipments', 'POST', SECONDS);
  // What Node's HTTP and Fastify alone cost a request on this CPU: the floor under ours.
  baseline.cpu_ms_per_request = Number(
    (((cpuSeconds(bare.server.pid) - cpu0) * 1000) / Math.max(baseline.requests, 1)).toFixed(3),
  );
  baseline.server_side = await (await fetch(`${bare.base}/stats`)).json();
} finally {
  await stop(bare.server);
}
/** One measurement of a build: a fresh database, warm-up, SECONDS at RATE. */
async function measureOnce(cli) {
  const db = join(process.env.BENCH_DB_DIR ?? out, cli === CLI ? 'http.db' : 'http-base.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const schema = POSTGRES ? uniqueSchema() : null;
  const env = schema
    ? serverEnv(db, { TRADELANE_DATABASE_URL: PG_URL, TRADELANE_DATABASE_SCHEMA: schema })
    : serverEnv(db);
  if (TIMELINE) env.BENCH_TIMELINE_DIR = out;
  const ours = await startServer(env, pinned ? ['taskset', '-c', String(SERVER_CPU)] : [], cli);
  const latencies = TIMELINE ? join(out, `latencies-${ours.server.pid}.json`) : undefined;
  let result;
  try {
    const { key, server, base } = ours;
    load(base, key, '/v1/shipments', 'POST', WARMUP_S); // warm-up
    // Read outside the CPU and bytes counted below.
    const gc0 = gcCounts(await metricsOf(base));
    const cpu0 = cpuSeconds(server.pid);
    const pgCpu0 = POSTGRES ? postgresCpuSeconds() : 0;
    const written0 = writtenBytes(server.pid);
    const post = load(base, key, '/v1/shipments', 'POST', SECONDS, latencies);
    const cpu = cpuSeconds(server.pid) - cpu0;
    const pgCpu = POSTGRES ? postgresCpuSeconds() - pgCpu0 : null;
    const written = writtenBytes(server.pid) - written0;
    // One read of the metrics after the load, for the collections and the server's own view.
    const metrics = await metricsOf(base);
    const gc = gcDelta(gcCounts(metrics), gc0);
    const rss =
      Number(spawnSync('ps', ['-o', 'rss=', '-p', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) /
      1024;
    result = {
      ops_per_s: Math.round(post.rps),
      p50_ms: post.p50,
      p99_ms: post.p99,
      p99_ms_after_10s: post.p99_after_10s,
      max_ms: post.max,
      p99_ms_by_5s: post.windows.map((w) => w.p99),
      cpu_ms_per_request: Number(((cpu * 1000) / Math.max(post.requests, 1)).toFixed(3)),
      // The share of its one core the server's threads used (its CPU from the load's start to its
      // end, over the load's duration: slightly high, as it counts what the server finishes after
      // the last answer; meaningful when pinned). An open-loop queue's tail grows steeply as this
      // nears 1, whatever the code does per request.
      server_core_busy: Number((cpu / Math.max(post.seconds, 1e-3)).toFixed(2)),
      written_kb_per_request: Number((written / 1024 / Math.max(post.requests, 1)).toFixed(1)),
      ...(pgCpu !== null
        ? { postgres_cpu_ms_per_request: Number(((pgCpu * 1000) / Math.max(post.requests, 1)).toFixed(3)) }
        : {}),
      rss_mb: Math.round(rss),
      server_ready_ms: ours.readyMs,
      requests: post.requests,
      errors: post.errors + post.timeouts,
      status_codes: post.statusCodes,
      server_side: serverSide(metrics),
      gc_during_load: gc,
      load1: Number(os.loadavg()[0].toFixed(2)),
    };
  } finally {
    await stop(ours.server);
    if (schema) await dropSchema(schema);
  }
  if (TIMELINE) {
    // The server wrote its timeline as it exited (stop waits for that).
    const timeline = join(out, `timeline-${ours.server.pid}.json`);
    const { start, rate, latencies: each } = JSON.parse(readFileSync(latencies, 'utf8'));
    const events = readFileSync(timeline, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    result.tail_causes = tailCauses(each, start, rate, events);
    for (const f of [latencies, timeline]) rmSync(f, { force: true });
  }
  return result;
}

const mine = [];
const before = [];
for (let r = 0; r < RUNS; r++) {
  if (BASE_CLI) before.push(await measureOnce(BASE_CLI));
  mine.push(await measureOnce(CLI));
}
const med = (runs, k) => median(runs.map((x) => x[k]));
const summary = (runs) => ({
  ops_per_s: med(runs, 'ops_per_s'),
  p50_ms: med(runs, 'p50_ms'),
  p99_ms: med(runs, 'p99_ms'),
  p99_ms_after_10s: runs.every((x) => x.p99_ms_after_10s !== null) ? med(runs, 'p99_ms_after_10s') : null,
  cpu_ms_per_request: med(runs, 'cpu_ms_per_request'),
  server_core_busy: med(runs, 'server_core_busy'),
  written_kb_per_request: med(runs, 'written_kb_per_request'),
});
const ours = summary(mine);
const last = mine[mine.length - 1];
report({
  bench: 'http-post',
  database: POSTGRES ? 'postgres' : 'sqlite',
  ...ours,
  max_ms: last.max_ms,
  rss_mb: last.rss_mb,
  rate: RATE,
  seconds: SECONDS,
  pinned,
  server_cpu: pinned ? SERVER_CPU : null,
  server_ready_ms: last.server_ready_ms,
  load_average: os.loadavg().map((x) => Number(x.toFixed(2))),
  requests: last.requests,
  errors: mine.reduce((a, x) => a + x.errors, 0),
  status_codes: last.status_codes,
  server_side: last.server_side,
  runs: mine,
  ...(BASE_CLI
    ? {
        before: { cli: BASE_CLI, ...summary(before), runs: before },
        ratio_cpu_to_before: Number(
          (ours.cpu_ms_per_request / summary(before).cpu_ms_per_request).toFixed(3),
        ),
      }
    : {}),
  baseline: {
    name: 'bare Fastify, same route, fixed answer, same CPU',
    ops_per_s: Math.round(baseline.rps),
    p50_ms: baseline.p50,
    p99_ms: baseline.p99,
    max_ms: baseline.max,
    errors: baseline.errors + baseline.timeouts,
    cpu_ms_per_request: baseline.cpu_ms_per_request,
    server_side: baseline.server_side,
  },
  gap_p99_ms: Number((ours.p99_ms - baseline.p99).toFixed(2)),
  ratio_to_baseline: Number((ours.p99_ms / Math.max(baseline.p99, 0.1)).toFixed(2)),
  target_p99_ms: TARGET_P99_MS,
  pass: ours.p99_ms <= TARGET_P99_MS && ours.ops_per_s >= RATE * 0.95 && mine.every((x) => x.errors === 0),
});
