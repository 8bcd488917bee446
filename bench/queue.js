// The console's lists at size (issue 20): a SQLite store of N filings (default 1,000,000) filed by
// `tradelane file` of generated NDJSON (the real pipeline in worker threads: every stage, every
// decision chained — the honest path, not rows written around it), then `tradelane serve` on it and
// sequential GETs: the officers' queue (first page and a keyset page deep in the lane), a filer's
// `GET /v1/shipments` (first page and deep), the dashboard's count of today, and the reports
// (benefits, paperless PGA, rule statistics). Baseline in the same run: `GET /healthz` on the same
// server. The database is kept in bench/out (ignored by git) and reused by the next run unless
// BENCH_REFILL=1.
//
// Growth (issue 22): BENCH_STEPS=K fills the store in K files of N/K different shipments each and
// reports each step's filing speed with the number already stored; BENCH_FILE_MORE files that many
// more after the reads, into a copy of the store, or into the store itself with
// BENCH_FILE_MORE_IN_PLACE=1 (a 10,000,000-filing store is ~40 GB: a copy may not fit).
// BENCH_REPORTS_ONLY=1 reads the reports (and the dashboard) as soon as the server is ready, while
// its background work catches up with the store (at 10,000,000 filings that takes half an hour),
// and stops there: the reports read counters written with each filing, not what the catch-up makes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { CLI, ROOT, cliKey, percentile, report, serverEnv, startServer } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const STEPS = Number(process.env.BENCH_STEPS ?? 1);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const REPORT_REQUESTS = Number(process.env.BENCH_REPORT_REQUESTS ?? 5);
const REPORT_TIMEOUT_MS = Number(process.env.BENCH_REPORT_TIMEOUT_MS ?? 120_000);
/** Pages followed by `next` to reach the deep page (× the page size = items deep). */
const DEPTH = Number(process.env.BENCH_DEPTH ?? 200);
const TARGET_P99_MS = 50;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const db = join(out, `queue-${N}.db`);
const env = serverEnv(db);

/** Files `count` generated shipments numbered from `offset` through `tradelane file`; seconds taken. */
function fileShipments(count, offset, into, keep) {
  const file = join(
    out,
    offset === 0 ? `shipments-${count}.ndjson` : `shipments-${count}-at-${offset}.ndjson`,
  );
  if (!existsSync(file)) {
    const g = spawnSync(
      process.execPath,
      [join(ROOT, 'bench', 'gen-ndjson.js'), String(count), file, String(offset)],
      { stdio: 'inherit' },
    );
    if (g.status !== 0) throw new Error('gen-ndjson failed');
  }
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [CLI, 'file', '--tenant', 'bench', file], {
    env: serverEnv(into),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!keep) rmSync(file, { force: true });
  // Exit 1 is "done, some lines rejected": the generator makes some wrong filings on purpose.
  if (run.status !== 0 && run.status !== 1) throw new Error(`tradelane file exited ${run.status}`);
  return { shipments: count, seconds: Number(seconds.toFixed(1)), per_s: Math.round(count / seconds) };
}

let fill = null;
if (!existsSync(db) || process.env.BENCH_REFILL === '1') {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', env.TRADELANE_REFDATA_DIR], {
    env,
  });
  if (imp.status !== 0) throw new Error(imp.stderr.toString());
  const per = Math.ceil(N / STEPS);
  const steps = [];
  for (let k = 0; k * per < N; k++) {
    const count = Math.min(per, N - k * per);
    // One step (the default) keeps its file for the next refill, as before; steps are made and dropped.
    const step = fileShipments(count, k * per, db, STEPS === 1);
    steps.push({ stored_before: k * per, ...step, load1: Number(os.loadavg()[0].toFixed(2)) });
    process.stderr.write(`fill step ${k + 1}: ${JSON.stringify(steps[steps.length - 1])}\n`);
  }
  const seconds = steps.reduce((a, x) => a + x.seconds, 0);
  fill = {
    seconds: Number(seconds.toFixed(1)),
    per_s: Math.round(N / seconds),
    ...(STEPS > 1 ? { steps } : {}),
  };
}

const officer = cliKey(env, 'cbp', 'officer');
const { key: filer, server, base, readyMs } = await startServer(env);
/** The server's resident set now, in MB (Linux /proc). */
const serverRss = () =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024);
const rssReady = serverRss();

async function get(path, k) {
  const t0 = performance.now();
  const res = await fetch(base + path, { headers: k ? { authorization: `Bearer ${k}` } : {} });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50_ms: Number(percentile(s, 50).toFixed(2)), p99_ms: Number(percentile(s, 99).toFixed(2)) };
};
/** REQUESTS sequential GETs of one address, interleaved with the baseline so both see the same load. */
async function measure(path, k) {
  const xs = [];
  const base = [];
  for (let i = 0; i < 10; i++) await get(path, k); // warm
  for (let i = 0; i < REQUESTS; i++) {
    xs.push((await get(path, k)).ms);
    base.push((await get('/healthz')).ms);
  }
  const items = (await get(path, k)).body.items?.length ?? null;
  return { ...stats(xs), items, baseline_healthz: stats(base) };
}
/**
 * A report: REPORT_REQUESTS sequential GETs (they read the whole period, so fewer), each given at
 * most REPORT_TIMEOUT_MS; one that takes longer is reported as such (the server may still be
 * computing it: reports are measured last).
 */
async function measureReport(path, k) {
  const xs = [];
  for (let i = 0; i < REPORT_REQUESTS; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(base + path, {
        headers: { authorization: `Bearer ${k}` },
        signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
      return { timed_out_after_ms: REPORT_TIMEOUT_MS, completed: xs.length };
    }
    xs.push(performance.now() - t0);
  }
  return stats(xs);
}
/** Follows `next` DEPTH times; the cursor reached and the times of the pages on the way. */
async function walk(path, k) {
  let cursor = null;
  const xs = [];
  let items = 0;
  for (let i = 0; i < DEPTH; i++) {
    const r = await get(cursor ? `${path}&cursor=${cursor}` : path, k);
    xs.push(r.ms);
    items += r.body.items.length;
    if (!r.body.next) break;
    cursor = r.body.next;
  }
  return { cursor, walked: { pages: xs.length, items, ...stats(xs) } };
}

if (process.env.BENCH_REPORTS_ONLY === '1') {
  try {
    const results = {
      dashboard: await measure('/v1/dashboard', officer),
      pga_paperless: await measureReport('/v1/pga/paperless', officer),
      rules_stats: await measureReport('/v1/rules/stats', officer),
      benefits_report: await measureReport('/v1/benefits/report', officer),
    };
    report({
      bench: 'queue',
      mode: 'reports before the catch-up',
      filings: N,
      fill,
      db_mb: Math.round(statSync(db).size / 1048576),
      server_ready_ms: readyMs,
      server_rss_mb: serverRss(),
      requests: REQUESTS,
      ...results,
      load_avg: os.loadavg().map((x) => Number(x.toFixed(2))),
    });
  } finally {
    server.kill('SIGTERM');
  }
  process.exit(0);
}

try {
  // A store filed by `tradelane file` holds its outbox events unrelayed: the server's background work
  // (relay, party resolution) catches up first. Measured on its own (time, peak RSS), so that the
  // reads below are measured on a server at rest, as an officer would meet it the next morning.
  const t0 = performance.now();
  let peakRss = serverRss();
  for (;;) {
    const d = await get('/v1/dashboard', officer);
    peakRss = Math.max(peakRss, serverRss());
    if (d.body.outbox.pending === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const catchUp = { seconds: Number(((performance.now() - t0) / 1000).toFixed(1)), peak_rss_mb: peakRss };
  const rssRested = serverRss();
  const dash = await get('/v1/dashboard', officer);
  const lanes = {};
  for (const x of dash.body.by_lane_port)
    lanes[x.lane ?? 'rejected'] = (lanes[x.lane ?? 'rejected'] ?? 0) + x.n;
  const results = {};
  for (const lane of ['red', 'green']) {
    const first = `/v1/queue?lane=${lane}&limit=50`;
    results[`queue_${lane}_first`] = await measure(first, officer);
    const deep = await walk(`/v1/queue?lane=${lane}&limit=200`, officer);
    results[`queue_${lane}_deep`] = deep.cursor
      ? {
          ...(await measure(`${first}&cursor=${deep.cursor}`.replace('limit=50', 'limit=200'), officer)),
          ...deep.walked,
        }
      : deep.walked;
  }
  results.shipments_first = await measure('/v1/shipments?limit=50', filer);
  const deep = await walk('/v1/shipments?limit=200', filer);
  results.shipments_deep = {
    ...(await measure(`/v1/shipments?limit=200&cursor=${deep.cursor}`, filer)),
    ...deep.walked,
  };
  results.shipments_officer_red = await measure('/v1/shipments?lane=red&limit=50', officer);
  results.dashboard = await measure('/v1/dashboard', officer);
  results.benefits_report = await measureReport('/v1/benefits/report', officer);
  results.pga_paperless = await measureReport('/v1/pga/paperless', officer);
  results.rules_stats = await measureReport('/v1/rules/stats', officer);
  const rss = { ready_mb: rssReady, caught_up_mb: rssRested, after_reads_mb: serverRss() };
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  // Filing speed at this size (BENCH_FILE_MORE shipments, default 100,000, through `tradelane file`
  // into a copy of the database, so that the next run finds the same N).
  const more = Number(process.env.BENCH_FILE_MORE ?? 100_000);
  let fileMore = null;
  if (more > 0) {
    const inPlace = process.env.BENCH_FILE_MORE_IN_PLACE === '1';
    const copy = inPlace ? db : join(out, `queue-${N}-copy.db`);
    const dropCopy = () => {
      if (!inPlace) for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
    };
    dropCopy();
    if (!inPlace) {
      copyFileSync(db, copy);
      if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    }
    try {
      // Numbered after the store's own shipments, so that none repeats a stored reference.
      fileMore = { stored_before: N, in_place: inPlace, ...fileShipments(more, N, copy, false) };
    } finally {
      dropCopy();
    }
  }
  const q = results.queue_red_first.p99_ms;
  report({
    bench: 'queue',
    filings: N,
    today: dash.body.total,
    lanes,
    fill,
    db_mb: Math.round(statSync(db).size / 1048576),
    server_ready_ms: readyMs,
    catch_up: catchUp,
    server_rss: rss,
    file_more: fileMore,
    requests: REQUESTS,
    ...results,
    load_avg: os.loadavg().map((x) => Number(x.toFixed(2))),
    target_queue_p99_ms: TARGET_P99_MS,
    ratio_queue_p99_to_healthz_p99: Number((q / results.queue_red_first.baseline_healthz.p99_ms).toFixed(2)),
    pass: q <= TARGET_P99_MS,
  });
} finally {
  server.kill('SIGTERM');
}
