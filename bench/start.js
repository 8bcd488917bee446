// `tradelane serve` from spawn to `/readyz` 200 on a database with every data set imported (the
// start-up import finds nothing new), with the artefact cache cold (an empty directory) and warm
// (the directory a cold start filled), against the build before the cache (BENCH_BASE_DIST: a copy
// of packages/platform with bin/, dist/, policy/ and package.json, e.g. bench/out/base/platform) in
// the same run, alternating: base, cold, warm, BENCH_RUNS times (default 3); with BENCH_BASE_COLD=1
// the base starts on an empty cache as well (two builds' cold starts). Reports per variant
// the ready times, the port-answers times, the CPU time used until ready and the RSS once ready,
// with medians, and the medians' ratios to the base. Then, per round, each build's first start after
// its own `refdata import` into a new database and an empty cache (`after_import`, with the
// import's time; BENCH_AFTER_IMPORT=0 skips it). Prints one JSON line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED_DATA, cpuSeconds, freePort, median, report, serverEnv } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BASE_COLD = process.env.BENCH_BASE_COLD === '1';
const BASE = process.env.BENCH_BASE_DIST ?? join(ROOT, 'bench', 'out', 'base', 'platform');
// The build measured (default this checkout's; a copy keeps a rebuild during the run out of it).
const NEW_CLI = join(process.env.BENCH_NEW_DIST ?? join(ROOT, 'packages', 'platform'), 'bin', 'tradelane.js');
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const db = join(out, 'start.db');
// The base build gets its own database, imported by itself: a newer build's migrations are unknown to it.
const baseDb = join(out, 'start-base.db');
/** A database with every data set imported by `cli`, made once and reused by later runs. */
function imported(cli, path) {
  if (existsSync(path)) return;
  const imp = spawnSync(process.execPath, [cli, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: serverEnv(path, { TRADELANE_CACHE_DIR: 'off' }),
  });
  if (imp.status !== 0) {
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    throw new Error(imp.stderr.toString());
  }
}
imported(NEW_CLI, db);
imported(join(BASE, 'bin', 'tradelane.js'), baseDb);
/** CPU seconds (user + system) a process has used so far, and its resident set in MB. */
function usage(pid) {
  const cpu = cpuSeconds(pid);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  return { cpu, rss };
}

/** One start: spawned, polled every 50 ms until `/readyz` answers 200, then stopped. */
async function start(cli, env) {
  const port = await freePort();
  const t0 = performance.now();
  const p = spawn(process.execPath, [cli, 'serve', '--port', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  let exited = null;
  p.once('exit', (code) => (exited = code));
  let answered = null;
  for (;;) {
    if (exited !== null) throw new Error(`server exited ${exited}: ${stderr}`);
    if (performance.now() - t0 > 600_000) throw new Error('not ready after 600 s');
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status !== 0 && answered === null) answered = performance.now() - t0;
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - t0;
  const { cpu, rss } = usage(p.pid);
  const load = os.loadavg()[0];
  await new Promise((resolve) => {
    p.once('exit', resolve);
    p.kill('SIGTERM');
  });
  return {
    ready_ms: Math.round(readyMs),
    port_ms: Math.round(answered),
    cpu_s: Number(cpu.toFixed(2)),
    rss_mb: Math.round(rss),
    load1: Number(load.toFixed(2)),
    warnings: (stderr.match(/artefact cache: [^"]*/g) ?? []).slice(0, 3),
  };
}

const variants = { base: [], cold: [], warm: [] };
for (let i = 0; i < RUNS; i++) {
  const dir = join(out, `start-cache-${i}`);
  rmSync(dir, { recursive: true, force: true });
  // The build before the cache knows no TRADELANE_CACHE_DIR; it is not given one, unless
  // BENCH_BASE_COLD=1 (a base that has the cache): then it too starts on an empty one, so that
  // `cold` compares two builds' first starts.
  const baseEnv = BASE_COLD ? { TRADELANE_CACHE_DIR: `${dir}-base` } : {};
  if (BASE_COLD) rmSync(`${dir}-base`, { recursive: true, force: true });
  variants.base.push(await start(join(BASE, 'bin', 'tradelane.js'), serverEnv(baseDb, baseEnv)));
  variants.cold.push(await start(NEW_CLI, serverEnv(db, { TRADELANE_CACHE_DIR: dir })));
  variants.warm.push(await start(NEW_CLI, serverEnv(db, { TRADELANE_CACHE_DIR: dir })));
  process.stderr.write(`round ${i + 1}: ${JSON.stringify(Object.values(variants).map((v) => v.at(-1)))}\n`);
}
// The first start after `refdata import` into a new database and an empty cache directory, as a
// newcomer or an upgrade followed by an import meets it: each build imports (timed), then starts on
// what its import left in the cache. BENCH_AFTER_IMPORT=0 skips it.
const afterImport = { base_after_import: [], after_import: [] };
for (let i = 0; process.env.BENCH_AFTER_IMPORT !== '0' && i < RUNS; i++) {
  for (const [k, cli] of [
    ['base_after_import', join(BASE, 'bin', 'tradelane.js')],
    ['after_import', NEW_CLI],
  ]) {
    const path = join(out, `start-import-${k}.db`);
    const dir = join(out, `start-import-cache-${k}`);
    for (const f of [path, `${path}-wal`, `${path}-shm`, dir]) rmSync(f, { recursive: true, force: true });
    const env = serverEnv(path, { TRADELANE_CACHE_DIR: dir });
    const t0 = performance.now();
    const imp = spawnSync(process.execPath, [cli, 'refdata', 'import', '--dir', SHARED_DATA], { env });
    if (imp.status !== 0) throw new Error(imp.stderr.toString());
    const importS = Number(((performance.now() - t0) / 1000).toFixed(2));
    afterImport[k].push({ import_s: importS, ...(await start(cli, env)) });
  }
  process.stderr.write(
    `after import, round ${i + 1}: ${JSON.stringify(Object.values(afterImport).map((v) => v.at(-1)))}\n`,
  );
}
if (afterImport.after_import.length > 0) Object.assign(variants, afterImport);
const summary = Object.fromEntries(
  Object.entries(variants).map(([k, runs]) => [
    k,
    {
      median_ready_ms: median(runs.map((r) => r.ready_ms)),
      median_cpu_s: median(runs.map((r) => r.cpu_s)),
      median_rss_mb: median(runs.map((r) => r.rss_mb)),
      ...(runs[0]?.import_s !== undefined ? { median_import_s: median(runs.map((r) => r.import_s)) } : {}),
      runs,
    },
  ]),
);
const ratio = (k, f) => Number((summary[k][f] / summary.base[f]).toFixed(3));
report({
  benchmark: 'start',
  runs: RUNS,
  base_cold: BASE_COLD,
  build: NEW_CLI,
  ...summary,
  ratio_ready_cold: ratio('cold', 'median_ready_ms'),
  ratio_ready_warm: ratio('warm', 'median_ready_ms'),
  ratio_cpu_warm: ratio('warm', 'median_cpu_s'),
  ...(summary.after_import
    ? {
        ratio_ready_after_import: Number(
          (summary.after_import.median_ready_ms / summary.base_after_import.median_ready_ms).toFixed(3),
        ),
        ratio_import: Number(
          (summary.after_import.median_import_s / summary.base_after_import.median_import_s).toFixed(3),
        ),
      }
    : {}),
  target_ready_ms: 3000,
});
