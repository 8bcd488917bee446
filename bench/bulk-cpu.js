// The CPU a bulk filing costs a filing worker, in process and steadily enough to compare two
// builds: what `tradelane file` spends per shipment once its threads have started. file-ingest.js
// times the whole command, but on these VMs the host's speed drifts by 10–50 % within minutes, and
// a 1,000,000 run takes two or three of them: a change of 5–10 % does not show there.
//
// Here each build runs what a filing worker runs (main/filing-worker.ts): the same stages and
// services, built by the build's own `newFilingService` (no party registry), on a database of its
// own (a copy of a store with the reference data imported). A round takes N lines of
// gen-ndjson.js's file, in ~1 MiB chunks as the CLI cuts them, through the build's own
// `bufferItems` (line parse and bounds check), `evaluateChunk`, `writeChunk` (one transaction per
// chunk) and `encodeLines`, and reports the process's CPU (user + system) per shipment, and this
// thread's GC pauses. With --expose-gc each round ends with a full collection, charged to it.
//
// Baseline in the same run: BENCH_BASE_ROOT (another build's packages/platform, e.g. a copy in
// bench/out/base/platform). Both builds are loaded into this process and their rounds alternate on
// the same lines, so the host's drift falls on both alike; the answer is the median of the paired
// ratios (this build / base). Without it, only this build's rounds.
//   BENCH_N (20,000 shipments a round), BENCH_ROUNDS (8), BENCH_WARMUP (40,000: memos, JIT),
//   BENCH_CHUNK_BYTES (1 MiB: the size of the chunks a worker evaluates and writes at once).
//   taskset -c 1 node --expose-gc bench/bulk-cpu.js
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, SHARED_DATA, gcPauses, pairedRatios, report, roundTimer, roundsSummary } from './lib.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40_000);
const BASE_ROOT = process.env.BENCH_BASE_ROOT ?? null;
const CHUNK_BYTES = Number(process.env.BENCH_CHUNK_BYTES ?? 1 << 20);

const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
Object.assign(process.env, { TRADELANE_LOG_LEVEL: 'warn' });

// The input: the first WARMUP + ROUNDS × N lines of the 1,000,000-shipment file (made if absent).
const file = join(out, 'shipments-1000000.ndjson');
if (!existsSync(file)) {
  const g = spawnSync(process.execPath, [join(ROOT, 'bench', 'gen-ndjson.js'), '1000000', file], {
    stdio: 'inherit',
  });
  if (g.status !== 0) process.exit(1);
}
const wanted = WARMUP + ROUNDS * N;
/** The first `n` lines of the file, as ~1 MiB chunks of whole lines (bytes, first line number). */
function chunksOf(path, n) {
  const fd = openSync(path, 'r');
  const chunks = [];
  let rest = Buffer.alloc(0);
  let line = 1;
  let taken = 0;
  try {
    const buf = Buffer.alloc(CHUNK_BYTES);
    while (taken < n) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      const data = Buffer.concat([rest, buf.subarray(0, got)]);
      let end = data.lastIndexOf(10) + 1;
      // Whole lines only, and no more than asked for.
      let count = 0;
      for (let i = 0; i < end; i++)
        if (data[i] === 10 && ++count === n - taken) {
          end = i + 1;
          break;
        }
      chunks.push({ bytes: new Uint8Array(data.subarray(0, end)), firstLine: line, lines: count });
      line += count;
      taken += count;
      rest = Buffer.from(data.subarray(end));
    }
  } finally {
    closeSync(fd);
  }
  return chunks;
}
const chunks = chunksOf(file, wanted);
/** The chunks holding lines [from, from + n). */
function slice(from, n) {
  const picked = [];
  let at = 0;
  for (const c of chunks) {
    if (at >= from && at < from + n) picked.push(c);
    at += c.lines;
  }
  return picked;
}

/** Milliseconds of garbage collection pauses on this thread, minor (scavenges) and major, so far. */
const gc = gcPauses();

// One store with the reference data imported, copied for each build (the migrations are the
// checkout's; a build whose migrations differ imports its own with BENCH_FRESH_IMPORT=1).
const seed = join(out, 'bulk-cpu-seed.db');
function imported(db, cli) {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const r = spawnSync(process.execPath, [cli, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: { ...process.env, TRADELANE_DATABASE_URL: `sqlite:${db}` },
  });
  if (r.status !== 0) throw new Error(r.stderr.toString());
}
if (!process.env.BENCH_FRESH_IMPORT) imported(seed, CLI);

/** One build's filing service, as a filing worker builds it, on a database of its own. */
async function workerOf(platformRoot, name) {
  const dist = (p) => pathToFileURL(join(platformRoot, 'dist', p)).href;
  const db = join(out, `bulk-cpu-${name}.db`);
  if (process.env.BENCH_FRESH_IMPORT) imported(db, join(platformRoot, 'bin', 'tradelane.js'));
  else {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    copyFileSync(seed, db);
  }
  const { loadConfig } = await import(dist('platform/config/config.js'));
  const { createContainer, newFilingService } = await import(dist('main/container.js'));
  const { bufferItems } = await import(dist('platform/ingest/ndjson.js'));
  const { encodeLines } = await import(dist('modules/filing/index.js'));
  const { SteppingClock } = await import(dist('platform/system/system.js'));
  const config = loadConfig({
    ...process.env,
    TRADELANE_DATABASE_URL: `sqlite:${db}`,
    TRADELANE_CACHE_DIR: join(out, `bulk-cpu-cache-${name}`),
  });
  const c = await createContainer(config, { skipAutoImport: true });
  const clock = new SteppingClock();
  clock.set('2026-12-07T08:00:00.000Z', 3);
  const filing = newFilingService(c.store, c.reference, {
    screening: c.screening,
    registry: null,
    classification: c.classification,
    risk: c.risk,
    clock,
  });
  return { name, c, filing, bufferItems, encodeLines, rounds: [] };
}

/** The lines [from, from + n) through one build: CPU and GC ms per shipment, shipments a second. */
async function run(w, from, n) {
  const done = roundTimer(gc);
  let filed = 0;
  for (const ch of slice(from, n)) {
    // As main/filing-worker.ts does: the lines encoded as evaluated (a build without the option
    // ignores it, and its worker encoded them once written).
    const chunk = w.filing.evaluateChunk(
      'bench',
      w.bufferItems(ch.bytes, ch.firstLine, 1 << 20),
      false,
      true,
    );
    await w.filing.writeChunk(chunk);
    if (!chunk.encoded) w.encodeLines(chunk.lines);
    filed += chunk.encoded ? chunk.encoded.count : chunk.lines.length;
  }
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 20)); // the GC observer's entries arrive in a later task
  return done(filed);
}

const ours = await workerOf(join(ROOT, 'packages', 'platform'), 'this');
const base = BASE_ROOT ? await workerOf(BASE_ROOT, 'base') : null;
for (const w of [ours, base]) if (w) await run(w, 0, WARMUP);
for (let r = 0; r < ROUNDS; r++) {
  const from = WARMUP + r * N;
  // The two builds share a heap: each may collect the other's garbage. Taking turns first evens it.
  for (const w of r % 2 === 0 ? [base, ours] : [ours, base]) if (w) w.rounds.push(await run(w, from, N));
}
for (const w of [ours, base]) if (w) await w.c.close();

report({
  bench: 'bulk-cpu',
  ...roundsSummary(ours.rounds, 'shipment'),
  shipments: N,
  rounds: ROUNDS,
  warmup: WARMUP,
  baseline: base
    ? {
        name: `build at ${BASE_ROOT}, rounds alternating in this process`,
        ...roundsSummary(base.rounds, 'shipment'),
      }
    : null,
  ...(base ? pairedRatios(ours.rounds, base.rounds) : {}),
  pass: null,
});
process.exit(0);
