// What one full garbage collection costs a ready server: the lists, the classifier, WordNet, the
// tariff and the registry are held for the process's life, and every full collection marks them
// again. On the server's one core (http-post.js pins it) V8's concurrent marking takes its time
// from the serving thread: ~1 s of marking a collection was the 60 s runs' worst stall
// (docs/benchmarks.md, issue 22, sixth session). This measures it steadily, in process.
//
// Each measurement is a child process on one core (`taskset -c 1`, when there are two or more),
// started with --expose-gc: it builds the container as `tradelane serve` does (`background`,
// registry loaded) on a copy of a store with the reference data imported, waits for `warmUp()`,
// then times BENCH_GCS (5) forced full collections: wall ms and the process's CPU ms (all
// threads), and the heap used after. (Without serve's HTTP app and checkpointer thread.) Baseline
// in the same run, in the same kind of child: the same build's container created but not warmed —
// its code and the reference data it reads at once (the tariff, ports, countries, the PGA
// catalogue), without the watch lists, the classifier, WordNet or the registry: what those add is
// the difference). BENCH_BASE_ROOT: another build's packages/platform (e.g. a copy in
// bench/out/base/platform), measured alternately with this one; the paired ratio of full-GC CPU
// is reported. BENCH_ROUNDS (3) children per build.
// BENCH_FILINGS=N: after the warm-up each warm child files N shipments (the load generator's
// bodies, lib.js makeShipments(4000, 99), cycled; 16 at a time through the filing service) before
// it is measured: a server after traffic, its memos of descriptions and parties filled, which is
// what its full collections mark under load. The count of objects on the heap is reported too.
//   node bench/full-gc.js
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { CLI, ROOT, SHARED_DATA, makeShipments, median, report } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GCS = Number(process.env.BENCH_GCS ?? 5);
const BASE_ROOT = process.env.BENCH_BASE_ROOT ?? null;
const FILINGS = Number(process.env.BENCH_FILINGS ?? 0);
const out = join(ROOT, 'bench', 'out');
const seed = join(out, 'full-gc-seed.db');
const r1 = (x) => Number(x.toFixed(1));

if (process.argv[2] === '--child') {
  const [, , , platformRoot, name, mode] = process.argv;
  const dist = (p) => pathToFileURL(join(platformRoot, 'dist', p)).href;
  const db = join(out, `full-gc-${name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  copyFileSync(seed, db);
  const { loadConfig } = await import(dist('platform/config/config.js'));
  const { createContainer } = await import(dist('main/container.js'));
  const config = loadConfig({
    ...process.env,
    TRADELANE_LOG_LEVEL: 'warn',
    TRADELANE_DATABASE_URL: `sqlite:${db}`,
    TRADELANE_CACHE_DIR: join(out, `full-gc-cache-${name}`),
  });
  // No start-up import, whatever TRADELANE_REFDATA_DIR says: the seed has the data already.
  const c = await createContainer(config, { loadRegistry: true, background: true, skipAutoImport: true });
  if (mode === 'warm') {
    await c.warmUp();
    if (!c.isWarm()) throw new Error('the container did not warm up');
    if (FILINGS > 0) await fileTraffic(c, FILINGS);
  }
  globalThis.gc();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < GCS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    globalThis.gc();
    wall.push(performance.now() - t0);
    const u = process.cpuUsage(c0);
    cpu.push((u.user + u.system) / 1000);
  }
  const heapMb = v8.getHeapStatistics().used_heap_size / 1048576;
  const objects = FILINGS > 0 && mode === 'warm' ? heapObjects() : undefined;
  await c.close();
  process.stdout.write(
    `${JSON.stringify({ wall_ms: r1(median(wall)), cpu_ms: r1(median(cpu)), heap_mb: Math.round(heapMb), objects })}\n`,
  );
  process.exit(0);
}

/** Files n of the load generator's bodies, 16 at a time, as `POST /v1/shipments` would. */
async function fileTraffic(c, n) {
  const bodies = makeShipments(4000, 99).map((s) => JSON.stringify(s));
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const text = bodies[next++ % bodies.length];
      await c.filing.fileOne('bench', JSON.parse(text), null, text);
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  await c.filing.drain();
}

/**
 * Objects on the heap (a heap snapshot's node count): what a full collection marks, roughly. The
 * count is in the snapshot's header, read alone (a whole snapshot can outgrow a string).
 */
function heapObjects() {
  const file = v8.writeHeapSnapshot(join(out, `full-gc-${process.pid}.heapsnapshot`));
  try {
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const count = /"node_count":(\d+)/.exec(head.subarray(0, n).toString('utf8'));
    if (!count) throw new Error(`no node_count in the header of ${file}`);
    return Number(count[1]);
  } finally {
    rmSync(file, { force: true });
  }
}

mkdirSync(out, { recursive: true });
for (const f of [seed, `${seed}-wal`, `${seed}-shm`]) rmSync(f, { force: true });
const { TRADELANE_REFDATA_DIR: _dir, ...parentEnv } = process.env;
const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', SHARED_DATA], {
  env: { ...parentEnv, TRADELANE_DATABASE_URL: `sqlite:${seed}`, TRADELANE_LOG_LEVEL: 'warn' },
});
if (imp.status !== 0) throw new Error(imp.stderr.toString());

const pinned = os.cpus().length >= 2 && spawnSync('taskset', ['-c', '1', 'true']).status === 0;
/** One child's measurement of a build, warmed or not. */
function measure(platformRoot, name, mode) {
  const args = ['--expose-gc', fileURLToPath(import.meta.url), '--child', platformRoot, name, mode];
  const [cmd, argv] = pinned ? ['taskset', ['-c', '1', process.execPath, ...args]] : [process.execPath, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${name} ${mode}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const ours = join(ROOT, 'packages', 'platform');
// A first warm start of each build fits its classifier into its own cache: not measured.
measure(ours, 'this', 'warm');
if (BASE_ROOT) measure(BASE_ROOT, 'base', 'warm');
const mine = [];
const before = [];
const bare = [];
for (let r = 0; r < ROUNDS; r++) {
  // The builds take turns going first, so that a drift of the host falls on both alike.
  if (BASE_ROOT && r % 2 === 0) before.push(measure(BASE_ROOT, 'base', 'warm'));
  mine.push(measure(ours, 'this', 'warm'));
  if (BASE_ROOT && r % 2 === 1) before.push(measure(BASE_ROOT, 'base', 'warm'));
  bare.push(measure(ours, 'this', 'cold'));
}
// The databases and the artefact caches of this run (a build's cache is fitted again next time).
for (const name of ['seed', 'this', 'base']) {
  const db = join(out, `full-gc-${name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  rmSync(join(out, `full-gc-cache-${name}`), { recursive: true, force: true });
}
const summary = (runs) => ({
  full_gc_wall_ms: median(runs.map((x) => x.wall_ms)),
  full_gc_cpu_ms: median(runs.map((x) => x.cpu_ms)),
  heap_mb: median(runs.map((x) => x.heap_mb)),
  ...(runs[0]?.objects !== undefined ? { heap_objects: median(runs.map((x) => x.objects)) } : {}),
});
const s = summary(mine);
const b = summary(bare);
report({
  bench: 'full-gc',
  ...s,
  pinned,
  gcs_per_child: GCS,
  filings_before: FILINGS,
  rounds: ROUNDS,
  runs: mine,
  ...(BASE_ROOT
    ? {
        before: { root: BASE_ROOT, ...summary(before), runs: before },
        ratio_cpu_to_before: Number(median(mine.map((x, i) => x.cpu_ms / before[i].cpu_ms)).toFixed(3)),
      }
    : {}),
  baseline: {
    name: 'the same container before warmUp (code and the reference data; no watch lists, classifier, WordNet or registry)',
    ...b,
  },
  ratio_to_baseline: Number((s.full_gc_cpu_ms / Math.max(b.full_gc_cpu_ms, 0.1)).toFixed(2)),
  pass: null,
});
