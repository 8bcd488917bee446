// The full pipeline scaled out against embedded, in the same run (issue 19's throughput target:
// PostgreSQL + NATS with two workers ≥ 50 % of embedded). Each round, alternately:
//   embedded   one `tradelane serve` on a SQLite file, the bus in process (its own background work);
//   scale-out  one `tradelane serve --no-workers` and two `tradelane worker` on PostgreSQL (a schema
//              of its own) and NATS JetStream (a stream of its own).
// BENCH_N shipments (a few sellers and consignees repeated) are filed in NDJSON batches of 5,000
// through POST /v1/shipments:batch; the pipeline is done when every filing's parties are linked
// (the background work caught up: outbox relayed, bus consumed, registry written). Reported per
// mode: shipments/s to the last filing answered and to caught up, and the CPU seconds of the
// processes (utime + stime from /proc), and the outbox lag (p50, p99, max over every event of the
// run: written → published to the bus; issue 19's target p99 ≤ 1 s). Prints ONE JSON line.
//   BENCH_N=100000 BENCH_ROUNDS=1 [BENCH_FIRST=scale-out] [BENCH_ONLY=embedded] nice -n 5 node bench/scale-out.js
// Needs a build, PostgreSQL (TRADELANE_TEST_POSTGRES_URL) and NATS (TRADELANE_TEST_NATS_URL).
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Processes } from '../packages/platform/dist/testing/processes.js';
import { removeRun, repeatedPartiesLine, startFiling } from '../packages/platform/dist/testing/filing-run.js';
import {
  NATS_URL,
  PG_URL,
  tempDir,
  uniquePrefix,
  uniqueSchema,
} from '../packages/platform/dist/testing/support.js';
import { cpuSeconds, report } from './lib.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const BATCH = 5_000;
/** BENCH_FIRST=scale-out starts with the scale-out run (pairs in both orders across runs). */
const FIRST = process.env.BENCH_FIRST === 'scale-out' ? 1 : 0;
/** BENCH_ONLY=embedded|scale-out runs one mode (to compare two builds of it; no ratio then). */
const ONLY = process.env.BENCH_ONLY ?? null;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const line = (i) => repeatedPartiesLine('SCALE', 'Bench Seller', i);
const bodies = [];
for (let from = 0; from < N; from += BATCH)
  bodies.push(Array.from({ length: Math.min(BATCH, N - from) }, (_, k) => line(from + k)).join('\n') + '\n');

/** utime + stime of a process so far, in seconds (0 once it has gone). */
function cpuOf(pid) {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/**
 * The outbox lag of a run (issue 19: p99 ≤ 1 s): each event's time from written (`created_at`, the
 * clock reading of its write's first filing, before the write committed: a little more than commit
 * → bus) to published (`published_at`, after the bus acknowledged it), over every event of the run,
 * once all are published (as `tradelane_outbox_lag_seconds` observes it, exactly, not by bucket).
 */
async function outboxLag(rows) {
  const end = performance.now() + 60_000;
  while (Number((await rows('select count(*) as n from outbox where published_at is null'))[0].n) > 0) {
    if (performance.now() > end) throw new Error('outbox not published within a minute of catching up');
    await sleep(200);
  }
  const lags = (await rows('select created_at, published_at from outbox'))
    .map((r) => (Date.parse(r.published_at) - Date.parse(r.created_at)) / 1000)
    .sort((a, b) => a - b);
  const at = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))];
  return { events: lags.length, p50: at(0.5), p99: at(0.99), max: lags[lags.length - 1] };
}

async function run(mode) {
  const scaled = mode === 'scale-out';
  const schema = uniqueSchema();
  const prefix = uniquePrefix('tlbench');
  const sqlite = `${tempDir('tl-bench')}/bench.db`;
  const env = scaled
    ? {
        TRADELANE_DATABASE_URL: PG_URL,
        TRADELANE_DATABASE_SCHEMA: schema,
        TRADELANE_BUS_URL: NATS_URL,
        TRADELANE_BUS_PREFIX: prefix,
      }
    : { TRADELANE_DATABASE_URL: `sqlite:${sqlite}`, TRADELANE_DOCUMENTS_DIR: tempDir('tl-docs') };
  const p = new Processes({
    ...env,
    TRADELANE_OUTBOX_POLL_MS: '100',
    TRADELANE_REFDATA_POLL_MS: '0',
    TRADELANE_LOG_LEVEL: 'warn',
  });
  const db = scaled ? new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` }) : null;
  try {
    const { key, base } = await startFiling(p, 'bench', scaled ? ['--no-workers'] : []);
    if (scaled) for (let w = 0; w < 2; w++) await p.start(['worker'], /worker running/);
    let lite = null;
    const linked = async () => {
      const q = 'select count(distinct shipment_id) as n from party_links';
      if (db) return Number((await db.query(q)).rows[0].n);
      lite ??= new Database(sqlite, { readonly: true, fileMustExist: true });
      return Number(lite.prepare(q).get().n);
    };
    if (db) await db.connect();
    const cpu0 = p.all.map((c) => cpuOf(c.pid)).reduce((a, b) => a + b, 0);
    const t0 = performance.now();
    let answered = 0;
    for (const [i, body] of bodies.entries()) {
      const r = await fetch(`${base}/v1/shipments:batch`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': `bench-${i}`,
        },
        body,
      });
      if (r.status !== 200) throw new Error(`${mode}: batch ${i}: ${r.status} ${await r.text()}`);
      answered += (await r.text()).split('\n').filter((l) => l.includes('"id"')).length;
    }
    const filedS = (performance.now() - t0) / 1000;
    if (answered !== N) throw new Error(`${mode}: ${answered} of ${N} filed`);
    const end = performance.now() + 60 * 60_000;
    for (;;) {
      const asked = performance.now();
      if ((await linked()) >= N) break;
      if (performance.now() > end) throw new Error(`${mode}: not caught up within an hour`);
      // The count reads every link: at a million filings it takes a second, so it is asked at most
      // a fifth of the time, not back to back with the workers it waits for.
      await sleep(Math.max(200, 4 * (performance.now() - asked)));
    }
    const doneS = (performance.now() - t0) / 1000;
    const cpu = p.all.map((c) => cpuOf(c.pid)).reduce((a, b) => a + b, 0) - cpu0;
    const lag = await outboxLag(async (q) => (db ? (await db.query(q)).rows : lite.prepare(q).all()));
    lite?.close();
    return {
      filed_per_s: Math.round(N / filedS),
      pipeline_per_s: Math.round(N / doneS),
      caught_up_s: Math.round((doneS - filedS) * 10) / 10,
      cpu_s: Math.round(cpu * 10) / 10,
      outbox_lag_s: lag,
    };
  } finally {
    await p.stopAll();
    if (db) await removeRun(db, schema, { url: NATS_URL, prefix });
  }
}

const load = [loadavg()[0]];
const results = { embedded: [], 'scale-out': [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of (round + FIRST) % 2 === 0 ? ['embedded', 'scale-out'] : ['scale-out', 'embedded']) {
    if (ONLY !== null && mode !== ONLY) continue;
    results[mode].push(await run(mode));
    load.push(loadavg()[0]);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emb = median(results.embedded.map((r) => r.pipeline_per_s));
const out = median(results['scale-out'].map((r) => r.pipeline_per_s));
report({
  bench: 'scale-out',
  shipments: N,
  rounds: ROUNDS,
  embedded: results.embedded,
  scale_out: results['scale-out'],
  pipeline_scale_out_vs_embedded: ONLY === null ? Number((out / emb).toFixed(3)) : null,
  target: 0.5,
  outbox_lag_p99_scale_out_s:
    ONLY === 'embedded' ? null : Math.max(...results['scale-out'].map((r) => r.outbox_lag_s.p99)),
  outbox_lag_target_s: 1,
  load_avg: { start: load[0], max: Math.max(...load), end: loadavg()[0] },
});
