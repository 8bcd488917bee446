// `tradelane file` end to end: N shipments of NDJSON validated and persisted into a new SQLite
// database, timed as a whole command (start-up included). Baseline in the same run: a process that
// only reads the same file, splits it into lines and JSON-parses each one.
// BENCH_BASE_CLI: another build's `tradelane` (e.g. bench/out/base/platform/bin/tradelane.js), run
// in each round beside this one on the same input and a fresh database, first in even rounds and
// second in odd ones (run an even number of rounds): `before` in the report, with the rounds'
// ratios (`paired`, `paired_median`). BENCH_CACHE=warm (default) primes the artefact cache
// (ADR 0017) once before the rounds; `cold` empties it before each run of this build.
// Each run also reports when its first result line came (`first_line_s`: start-up and the first
// chunks, whose descriptions are new to its memos), its rate once warm (`steady_per_s`: from the
// 20th to the 80th percent of its lines; 1,000,000 in 50 s needs more than 20,000/s there) and the
// CPU seconds of the process and its threads (`cpu_s`, lib.js `timed`). Its result lines now go to
// a pipe the bench reads, where they went to /dev/null before 2026-12-07 (eighteenth session).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CLI as CHECKOUT_CLI, ROOT, SHARED_DATA, median, report, timed } from './lib.js';

// BENCH_CLI: the build measured (default this checkout's; a copy keeps a rebuild out of the run).
const CLI = process.env.BENCH_CLI ?? CHECKOUT_CLI;

const N = Number(process.env.BENCH_N ?? 1_000_000);
// Two builds compared: two rounds by default, so that each goes first once (see the rounds below).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (process.env.BENCH_BASE_CLI ? 2 : 1));
const TARGET = 20_000;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, `shipments-${N}.ndjson`);
if (!existsSync(file)) {
  const g = spawnSync(process.execPath, [join(ROOT, 'bench', 'gen-ndjson.js'), String(N), file], {
    stdio: 'inherit',
  });
  if (g.status !== 0) process.exit(1);
}

const baselineScript = `
const { createReadStream } = require('node:fs');
let rest = '', n = 0;
createReadStream(${JSON.stringify(file)}, { encoding: 'utf8', highWaterMark: 1 << 20 })
  .on('data', (c) => { const parts = (rest + c).split('\\n'); rest = parts.pop(); for (const l of parts) if (l) { JSON.parse(l); n++; } })
  .on('end', () => { if (rest) n++; });`;

const BASE_CLI = process.env.BENCH_BASE_CLI;
if (BASE_CLI && ROUNDS % 2 === 1)
  process.stderr.write(`BENCH_ROUNDS=${ROUNDS} is odd: the base will go first once more than this build\n`);
const COLD = process.env.BENCH_CACHE === 'cold';
const cacheDir = join(out, 'ingest-cache');
const runs = [];
const before = [];
const baselines = [];
const db = join(out, 'ingest.db');
const env = {
  TRADELANE_DATABASE_URL: `sqlite:${db}`,
  TRADELANE_LOG_LEVEL: 'warn',
  TRADELANE_CACHE_DIR: cacheDir,
};
/**
 * A new database with every data set imported, by the build that will file into it (a build's
 * migrations may add tables and triggers the other's do not have).
 */
function freshDb(cli = CLI) {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const imp = spawnSync(process.execPath, [cli, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: { ...process.env, ...env },
  });
  if (imp.status !== 0) throw new Error(imp.stderr.toString());
}
/** The file's first line, read without loading the file (a 1,000,000-shipment file is over 512 MB). */
function firstLine(path) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n', 1)[0];
  } finally {
    closeSync(fd);
  }
}
rmSync(cacheDir, { recursive: true, force: true });
const { TRADELANE_CACHE_DIR: _, ...baseEnv } = env;
/** Primes a build's cache: the fit and the name table of this data, as a first run would leave them. */
function prime(cli, cliEnv) {
  freshDb(cli);
  const p = spawnSync(process.execPath, [cli, 'file', '-'], {
    env: { ...process.env, ...cliEnv },
    input: firstLine(file),
  });
  if (p.status === null || p.status > 1) throw new Error(p.stderr.toString());
}
if (!COLD) prime(CLI, env);
if (BASE_CLI) prime(BASE_CLI, baseEnv);
async function runBase() {
  freshDb(BASE_CLI);
  before.push({
    ...(await timed([BASE_CLI, 'file', file], baseEnv, 'lines', [0, 1])),
    load1: os.loadavg()[0],
  });
}
async function runThis() {
  freshDb();
  if (COLD) rmSync(cacheDir, { recursive: true, force: true });
  runs.push({
    // Exit 1: some filings were rejected (the input has mistakes on purpose).
    ...(await timed([CLI, 'file', file], env, 'lines', [0, 1])),
    db_mb: Math.round(statSync(db).size / 1048576),
    load1: os.loadavg()[0],
  });
}
for (let r = 0; r < ROUNDS; r++) {
  baselines.push(await timed(['-e', baselineScript]));
  // The two builds take turns at going first, so that whatever favours one place in a round (an
  // order effect, or the host drifting within it) falls on both alike. With a fixed order the
  // second run was the slower in five rounds of six (2026-12-07; alternating, in one of four):
  // too few rounds to tell an order effect from drift (docs/benchmarks.md).
  const first = BASE_CLI && r % 2 === 0 ? 'before' : 'this';
  if (!BASE_CLI) await runThis();
  else if (first === 'before') {
    await runBase();
    await runThis();
  } else {
    await runThis();
    await runBase();
  }
  runs.at(-1).first = first;
  process.stderr.write(
    `round ${r + 1}: ${JSON.stringify({ first, before: before.at(-1)?.seconds, this: runs.at(-1).seconds, steady: [before.at(-1)?.steady_per_s, runs.at(-1).steady_per_s], load1: os.loadavg()[0] })}\n`,
  );
}
/** The median proper: the mean of the two middle values of an even count (lib.js's `median` takes the upper). */
function middle(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/**
 * A run as reported: its time, peak RSS and load; when its first result line came (start-up and
 * the first chunks), its rate once warm, and the CPU seconds of the process (`total`) and of its
 * threads (`main`, then the others most first: in the runs measured with two filing workers, the
 * first two are theirs by far, the rest mostly V8's helper threads — concurrent marking and
 * sweeping, optimizing compiles).
 */
const runOf = (x) => ({
  seconds: Number(x.seconds.toFixed(2)),
  rss_mb: x.rss_mb,
  load1: x.load1,
  first_line_s: x.first_line_s,
  steady_per_s: x.steady_per_s,
  cpu_s: x.cpu_s,
});
/** The median warm rate of the runs that had one (null if none did). */
function steadyOf(rs) {
  const xs = rs.map((x) => x.steady_per_s).filter((x) => Number.isFinite(x));
  return xs.length > 0 ? median(xs) : null;
}
const secs = median(runs.map((x) => x.seconds));
const base = median(baselines.map((x) => x.seconds));
const ops = Math.round(N / secs);
report({
  bench: 'file-ingest',
  ops_per_s: ops,
  p99_ms: null,
  rss_mb: Math.max(...runs.map((x) => x.rss_mb)),
  // Peak RSS in each quarter of the median run: flat from the second quarter on, once started.
  rss_mb_by_quarter: runs.find((x) => x.seconds === secs)?.rss_mb_by_quarter,
  shipments: N,
  seconds: Number(secs.toFixed(2)),
  input_mb: Math.round(statSync(file).size / 1048576),
  db_mb: runs[0].db_mb,
  baseline: {
    name: 'read + split + JSON.parse only',
    ops_per_s: Math.round(N / base),
    seconds: Number(base.toFixed(2)),
  },
  ratio_to_baseline: Number((ops / (N / base)).toFixed(2)),
  cache: COLD ? 'cold' : 'warm',
  // Once warm: the rate from the 20th to the 80th percent of the result lines (median of the runs).
  steady_per_s: steadyOf(runs),
  runs: runs.map(runOf),
  ...(BASE_CLI
    ? {
        before: {
          cli: BASE_CLI,
          seconds: Number(median(before.map((x) => x.seconds)).toFixed(2)),
          ops_per_s: Math.round(N / median(before.map((x) => x.seconds))),
          rss_mb: Math.max(...before.map((x) => x.rss_mb)),
          steady_per_s: steadyOf(before),
          runs: before.map(runOf),
        },
        ratio_to_before: Number((median(before.map((x) => x.seconds)) / secs).toFixed(3)),
        // Round by round, before / this build (above 1: this build faster, as ratio_to_before;
        // bulk-cpu.js's paired ratios are the other way up), each round's order noted: their
        // median is the comparison that the host's drift over the run does not decide.
        paired: runs.map((x, i) => ({
          ratio: Number((before[i].seconds / x.seconds).toFixed(3)),
          first: x.first,
        })),
        paired_median: Number(middle(runs.map((x, i) => before[i].seconds / x.seconds)).toFixed(3)),
      }
    : {}),
  target_ops_per_s: TARGET,
  pass: ops >= TARGET,
});
