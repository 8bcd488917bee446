// Shared helpers for the benchmarks: synthetic filings from the real tariff, result lines, stats.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { PerformanceObserver, constants } from 'node:perf_hooks';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_DATA = process.env.TRADELANE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data');
export const CLI = join(ROOT, 'packages', 'platform', 'bin', 'tradelane.js');

/** Deterministic PRNG (mulberry32) so every run files the same shipments. */
import { prng as rng } from '../packages/platform/dist/modules/trusted-trader/domain/simulation.js';

export { rng };

/** Real statistical lines and their units, read from the shared HTSUS export. */
export function realLines(limit = Infinity) {
  const text = readFileSync(join(SHARED_DATA, 'hts-us-2026', 'hts_2026_basic_edition.csv'), 'utf8');
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^"(\d{4}\.\d{2}\.\d{2}\.\d{2})","\d+","((?:[^"]|"")*)","((?:[^"]|"")*)"/.exec(line);
    if (!m) continue;
    let units = [];
    try {
      units = JSON.parse(m[3].replace(/""/g, '"') || '[]');
    } catch {
      units = [];
    }
    units = units.map((u) => u.trim()).filter((u) => u !== '' && !/ and /.test(u));
    out.push({ hts: m[1], description: m[2].replace(/""/g, '"').slice(0, 200), units });
    if (out.length >= limit) break;
  }
  return out;
}

const ORIGINS = ['CN', 'VN', 'MX', 'DE', 'IN', 'US', 'CA'];
const PORTS = ['2704', '4701', '2720', '1001', '5301', '3901'];

/**
 * A mix like a day of e-commerce and entry traffic: 70 % low-value parcels, 30 % formal entries,
 * 1–4 lines each; about 5 % carry a mistake (wrong unit, 8-digit number, bad country).
 */
export function makeShipments(n, seed = 42) {
  const r = rng(seed);
  const lines = realLines();
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const out = [];
  for (let i = 0; i < n; i++) {
    const formal = r() < 0.3;
    const nLines = 1 + Math.floor(r() * 4);
    const shipLines = [];
    for (let j = 0; j < nLines; j++) {
      const l = pick(lines);
      const quantity = l.units.map((u) => ({ value: 1 + Math.floor(r() * 20), unit: u }));
      const mistake = r() < 0.05 ? Math.floor(r() * 3) : -1;
      shipLines.push({
        description: l.description,
        hts: mistake === 1 ? l.hts.slice(0, 10) : l.hts,
        origin: mistake === 2 ? 'XX' : pick(ORIGINS),
        quantity: mistake === 0 ? quantity.slice(1) : quantity,
        value: { amount: 100 + Math.floor(r() * 90000), currency: 'USD' },
      });
    }
    out.push({
      type: formal ? 'formal' : 'low_value',
      reference: `${formal ? 'ENT' : 'AWB'}-${seed}-${i}`,
      transport: { mode: formal ? 'ocean' : 'air', port_of_entry: pick(PORTS), arrival_date: day },
      parties: formal
        ? [
            { role: 'importer', name: `Importer ${i % 997} LLC`, address: { city: 'Austin', country: 'US' } },
            {
              role: 'consignee',
              name: `Importer ${i % 997} LLC`,
              address: { city: 'Austin', country: 'US' },
            },
            {
              role: 'manufacturer',
              name: `Factory ${i % 4999}`,
              address: { city: 'Dongguan', country: 'CN' },
            },
          ]
        : [
            {
              role: 'seller',
              name: `Seller ${i % 4999} Co., Ltd.`,
              address: { street: '88 Keyuan Road', city: 'Shenzhen', country: 'CN' },
            },
            {
              role: 'consignee',
              name: `Buyer ${i}`,
              address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
            },
          ],
      lines: shipLines,
    });
  }
  return out;
}

/**
 * n filings, each line a description not used before (the e-commerce declarations in a fixed
 * shuffled order, with their declared numbers) and each party name new.
 */
export async function unseenBodies(n) {
  const { parseLabeled } = await import(
    pathToFileURL(join(ROOT, 'packages/platform/dist/modules/classification/adapters/labeled.js')).href
  );
  const { fakerEN_US: faker } = await import('@faker-js/faker');
  faker.seed(2026);
  const text = readFileSync(join(SHARED_DATA, 'hts-labeled-ecommerce-declared', 'train.csv'), 'utf8');
  // Only numbers of the tariff in force, each line with the quantities its number asks for.
  const units = new Map(realLines().map((l) => [l.hts.replace(/\./g, ''), l.units]));
  const seen = new Set();
  const goods = parseLabeled(text, 'bench').examples.filter(
    (e) => units.has(e.hts) && !seen.has(e.description) && seen.add(e.description),
  );
  const r = rng(7);
  for (let i = goods.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [goods[i], goods[j]] = [goods[j], goods[i]];
  }
  let next = 0;
  const out = makeShipments(n, 1234).map((s, i) => {
    s.reference = `NEW-${i}`;
    for (const l of s.lines) {
      const g = goods[next++ % goods.length];
      l.description = g.description;
      l.hts = g.hts;
      l.quantity = units.get(g.hts).map((unit) => ({ value: 1 + (next % 20), unit }));
    }
    for (const p of s.parties) if (p.role !== 'consignee') p.name = faker.company.name();
    return JSON.stringify(s);
  });
  if (next > goods.length) throw new Error(`only ${goods.length} distinct descriptions for ${next} lines`);
  return out;
}

/**
 * One build's container as `tradelane serve` makes it, on a new SQLite database at `dbFile` (any
 * file of that name removed first), with `options` for createContainer; and the build's `dist`
 * resolver, for what else a benchmark imports from it.
 */
export async function containerOf(platformRoot, dbFile, options) {
  const dist = (p) => pathToFileURL(join(platformRoot, 'dist', p)).href;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const { loadConfig } = await import(dist('platform/config/config.js'));
  const { createContainer } = await import(dist('main/container.js'));
  const config = loadConfig({ ...process.env, TRADELANE_DATABASE_URL: `sqlite:${dbFile}` });
  return { c: await createContainer(config, options), dist };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

export const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

export const machine = () => ({
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
});

/** The one JSON line every benchmark prints. */
export function report(result) {
  process.stdout.write(JSON.stringify({ ...result, machine: machine() }) + '\n');
}

/** The settings every server benchmark uses, on a database (and extra settings) of its own. */
export function serverEnv(dbPath, extra = {}) {
  return {
    ...process.env,
    TRADELANE_DATABASE_URL: `sqlite:${dbPath}`,
    TRADELANE_LOG_LEVEL: 'warn',
    TRADELANE_REFDATA_DIR: SHARED_DATA,
    ...extra,
  };
}

/** A TCP port free on this host now (the kernel's pick). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** An API key made with the CLI (`tradelane keys create`) in the store `env` names. */
export function cliKey(env, tenant, role, cli = CLI) {
  return spawnSync(process.execPath, [cli, 'keys', 'create', '--tenant', tenant, '--role', role], {
    env,
    encoding: 'utf8',
  })
    .stdout.trim()
    .split('\n')
    .pop();
}

/**
 * A filer key made with the CLI, and `tradelane serve` in its own process; resolves once
 * `/readyz` answers 200 (a server listens before it has loaded its lists and classifier, and does
 * not log at the benchmarks' level). `prefix`: a command to run it under (`['taskset', '-c', '1']`
 * pins it to a CPU).
 */
export async function startServer(env, prefix = [], cli = CLI) {
  const key = cliKey(env, 'bench', 'filer', cli);
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: node options for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
  // (NODE_OPTIONS refuses --cpu-prof, and would reach the load generator too). BENCH_SERVER_STDOUT=1
  // passes the server's stdout through (what --trace-gc prints, for one).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const [cmd, ...args] = [...prefix, process.execPath, ...nodeArgs, cli, 'serve', '--port', String(port)];
  const server = spawn(cmd, args, {
    env,
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  let exited = null;
  server.once('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== null) throw new Error(`server exited ${exited}`);
    if (performance.now() - started > 600_000) throw new Error('server not ready after 600 s');
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { key, server, base, readyMs: Math.round(performance.now() - started) };
}

/** Clock ticks a second, for /proc's CPU times (asked of `getconf` once, when first needed). */
let ticks = 0;
/** A /proc stat line's user + system CPU seconds (fields 14 and 15, counted after the name's ')'). */
function statCpu(path) {
  const line = readFileSync(path, 'utf8');
  const f = line.slice(line.lastIndexOf(') ') + 2).split(' ');
  ticks ||= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
  return (Number(f[11]) + Number(f[12])) / ticks;
}
/** CPU seconds (user + system) a process has used so far, its ended threads' included (Linux /proc). */
export function cpuSeconds(pid) {
  return statCpu(`/proc/${pid}/stat`);
}
/**
 * A process's CPU seconds (user + system) so far, in all (`total`, its exited threads' included)
 * and by live thread (`threads`: [thread id, seconds]), read from /proc (Linux; null elsewhere or
 * once it has gone). A thread that ends between the listing and its read is left out.
 */
function cpuByThread(pid) {
  let total;
  try {
    total = cpuSeconds(pid);
  } catch {
    return null;
  }
  const threads = [];
  for (const tid of readdirSync(`/proc/${pid}/task`, { throwIfNoEntry: false }) ?? []) {
    try {
      threads.push([Number(tid), statCpu(`/proc/${pid}/task/${tid}/stat`)]);
    } catch {
      // ended meanwhile: its last reading stands
    }
  }
  return { total, threads };
}

const STDOUT_MODES = ['ignore', 'capture', 'lines'];

/**
 * Runs a process to its end: its wall time (start-up included), its peak RSS, sampled every
 * 500 ms, and the peak of each quarter of its run (a bulk run's memory should stay flat). `okCodes`:
 * the exit codes that mean the run finished (`tradelane file` exits 1 when some lines were rejected,
 * as generated traffic with its share of bad filings does). `stdout`: 'ignore', 'capture' (its
 * text in `stdout`) or 'lines' — its lines counted as they come (a bulk filing prints one a
 * shipment), for `first_line_s` (start-up and the first chunk) and `steady_per_s`, the rate from
 * the 20th to the 80th percent of its lines (what the run does once warm, start and end aside;
 * null when too few chunks of output came to tell). The child then writes to a pipe this process
 * reads, not to /dev/null. Each sample also reads the CPU of the process and of each of its threads
 * (`cpu_s`: `total`, `main`, and the others most first, each as at its last sample: up to 0.5 s
 * before the end, or before a thread ended). In a Node process the others are its worker threads,
 * V8's helper threads (concurrent marking and sweeping, optimizing compiles) and libuv's pool, all
 * named "node" on Node 20: they are only sorted, most CPU first.
 */
export function timed(args, env = {}, stdout = 'ignore', okCodes = [0]) {
  if (!STDOUT_MODES.includes(stdout))
    throw new Error(`timed: stdout ${stdout} is not one of ${STDOUT_MODES}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let peakKb = 0;
    const samples = [];
    let text = '';
    // 'lines': [ms since start, lines so far] at each chunk of output.
    const lineTimes = [];
    let lines = 0;
    const threads = new Map();
    let total = null;
    const p = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', stdout === 'ignore' ? 'ignore' : 'pipe', 'inherit'],
    });
    if (stdout === 'capture') p.stdout.on('data', (d) => (text += d.toString()));
    if (stdout === 'lines')
      p.stdout.on('data', (d) => {
        for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
        lineTimes.push([performance.now() - t0, lines]);
      });
    const poll = setInterval(() => {
      const r = spawnSync('ps', ['-o', 'rss=', '-p', String(p.pid)], { encoding: 'utf8' });
      const kb = Number(r.stdout.trim()) || 0;
      peakKb = Math.max(peakKb, kb);
      samples.push([performance.now() - t0, kb]);
      const cpu = cpuByThread(p.pid);
      if (cpu) {
        total = cpu.total;
        for (const [tid, s] of cpu.threads) threads.set(tid, s);
      }
    }, 500);
    // Timed to its exit; answered once its output is all read (the pipe may still hold some then).
    let ms = 0;
    p.on('exit', () => {
      ms = performance.now() - t0;
      clearInterval(poll);
    });
    p.on('close', (code) => {
      if (!okCodes.includes(code)) reject(new Error(`${args.join(' ')} exited ${code}`));
      else {
        const quarters = [0, 0, 0, 0];
        for (const [t, kb] of samples) {
          const q = Math.min(3, Math.floor((4 * t) / ms));
          quarters[q] = Math.max(quarters[q], kb);
        }
        /** The first chunk of output at or past a share of its lines: [ms, lines so far]. */
        const at = (share) => lineTimes.find(([, n]) => n > 0 && n >= share * lines) ?? [ms, lines];
        const [t20, n20] = at(0.2);
        const [t80, n80] = at(0.8);
        const cpu = threads.size > 0 ? [...threads] : null;
        resolve({
          seconds: ms / 1000,
          rss_mb: Math.round(peakKb / 1024),
          rss_mb_by_quarter: quarters.map((kb) => Math.round(kb / 1024)),
          stdout: text,
          ...(stdout === 'lines' && lines > 0
            ? {
                lines,
                first_line_s: Number((at(0)[0] / 1000).toFixed(2)),
                steady_per_s: t80 > t20 ? Math.round((n80 - n20) / ((t80 - t20) / 1000)) : null,
              }
            : {}),
          ...(cpu
            ? {
                cpu_s: {
                  total: Number(total.toFixed(1)),
                  main: Number((cpu.find(([tid]) => tid === p.pid)?.[1] ?? 0).toFixed(1)),
                  others: cpu
                    .filter(([tid]) => tid !== p.pid)
                    .map(([, s]) => s)
                    .filter((s) => s >= 0.05)
                    .sort((a, b) => b - a)
                    .map((s) => Number(s.toFixed(1))),
                },
              }
            : {}),
        });
      }
    });
  });
}

/**
 * Garbage collection pauses on this thread since it was called, in ms: minor (scavenges) and
 * major. The observer's entries arrive in a later task: let one run before reading.
 */
export function gcPauses() {
  const gc = { minor: 0, major: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor += e.duration;
      else gc.major += e.duration;
  }).observe({ entryTypes: ['gc'] });
  return gc;
}

/**
 * Starts a round: the function it returns gives, for `n` items done since, the process's CPU ms
 * (user + system), this thread's GC pause ms (`gc`: gcPauses()) and the rate — what roundsSummary reads.
 */
export function roundTimer(gc) {
  const cpu0 = process.cpuUsage();
  const gc0 = { ...gc };
  const t0 = performance.now();
  return (n) => {
    const cpu = process.cpuUsage(cpu0);
    return {
      cpu_ms: (cpu.user + cpu.system) / 1000 / n,
      gc_minor_ms: (gc.minor - gc0.minor) / n,
      gc_major_ms: (gc.major - gc0.major) / n,
      per_s: n / ((performance.now() - t0) / 1000),
    };
  };
}

const r4 = (x) => Number(x.toFixed(4));

/** One build's rounds in brief (`cpu_ms`, `gc_minor_ms`, `gc_major_ms`, `per_s` each), per `unit`. */
export function roundsSummary(rounds, unit) {
  return {
    [`cpu_ms_per_${unit}`]: r4(median(rounds.map((x) => x.cpu_ms))),
    [`cpu_ms_per_${unit}_rounds`]: rounds.map((x) => r4(x.cpu_ms)),
    [`gc_ms_per_${unit}`]: {
      minor: r4(median(rounds.map((x) => x.gc_minor_ms))),
      major: r4(median(rounds.map((x) => x.gc_major_ms))),
    },
    ops_per_s: Math.round(median(rounds.map((x) => x.per_s))),
  };
}

/** Two builds' rounds, taken in pairs: the median of this / base CPU, and each pair's ratio. */
export function pairedRatios(ours, base) {
  const ratios = ours.map((x, i) => x.cpu_ms / base[i].cpu_ms);
  return { ratio_to_baseline: r4(median(ratios)), ratio_rounds: ratios.map(r4) };
}
