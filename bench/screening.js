// Screening throughput, one core, in process, against every list in the shared data (≥ 45,000
// names with aliases). Queries: 90 % names on no list (Faker, many locales), 10 % list names with
// a typo. Baseline in the same run: the exhaustive scan (every name scored) on a sample.
// Prints one JSON line. BENCH_N (queries), BENCH_ROUNDS.
import { nameReadings, normalizeName } from '../packages/platform/dist/modules/screening/domain/normalize.js';
import { consolidate } from '../packages/platform/dist/modules/screening/domain/consolidate.js';
import { median, percentile, report, rng, rssMb } from './lib.js';
import { buildIndex, loadEntries, negatives } from './screening-data.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET = 25_000;

// Memory: the process before the lists, then with the entries and one index (run with --expose-gc).
const gc = () => (globalThis.gc?.(), globalThis.gc?.());
gc();
const rssStart = rssMb();
const entries = loadEntries();
const builds = [];
let t0 = performance.now();
let index = buildIndex(entries);
builds.push(performance.now() - t0);
gc();
const rssEngine = rssMb() - rssStart;
const rss = rssMb();
for (let i = 0; i < 2; i++) {
  t0 = performance.now();
  buildIndex(entries);
  builds.push(performance.now() - t0);
}
gc();

const r = rng(11);
const neg = await negatives(Math.round(N * 0.9), 99);
const listed = entries
  .flatMap((e) => e.names.map((n) => n.name))
  .filter((n) => normalizeName(n).tokens.length > 0);
const queries = [...neg.map((q) => ({ name: q.name, country: q.country }))];
while (queries.length < N) {
  const n = listed[Math.floor(r() * listed.length)];
  const i = 1 + Math.floor(r() * (n.length - 1));
  queries.push({ name: n.slice(0, i) + n.slice(i + 1) });
}
for (let i = queries.length - 1; i > 0; i--) {
  const j = Math.floor(r() * (i + 1));
  [queries[i], queries[j]] = [queries[j], queries[i]];
}

const rates = [];
// CPU time of the process per round as well: on a shared machine the wall clock also counts the
// time other processes held the core.
const cpuRates = [];
const lat = [];
let hits = 0;
for (let round = 0; round < ROUNDS; round++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const q of queries) {
    const s = performance.now();
    const m = index.screen(q);
    lat.push(performance.now() - s);
    if (round === 0 && m.length > 0) hits++;
  }
  rates.push(queries.length / ((performance.now() - t0) / 1000));
  const c = process.cpuUsage(c0);
  cpuRates.push(queries.length / ((c.user + c.system) / 1e6));
}
lat.sort((a, b) => a - b);

// The cost of two changes of issue 18, measured apart: consolidating the entries into parties
// (part of every build), and the queries screened under two readings (an in-word hyphen).
const cons = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  consolidate(entries);
  cons.push(performance.now() - t);
}
const twoReadings = queries.filter((q) => nameReadings(q.name).length > 1).length;

const sample = queries.slice(0, Number(process.env.BENCH_EXHAUSTIVE ?? 100));
const t1 = performance.now();
for (const q of sample) index.screenExhaustive(q);
const exhaustiveRate = sample.length / ((performance.now() - t1) / 1000);

const rate = Math.round(median(rates));
report({
  bench: 'screening',
  queries: queries.length,
  entries: entries.length,
  names: index.stats().names,
  ops_per_s: rate,
  cpu_ops_per_s: Math.round(median(cpuRates)),
  p50_ms: Number(percentile(lat, 50).toFixed(4)),
  p99_ms: Number(percentile(lat, 99).toFixed(4)),
  index_build_ms: Math.round(median(builds)),
  consolidate_ms: Math.round(median(cons)),
  parties: index.stats().parties,
  queries_two_readings_pct: Number(((twoReadings / queries.length) * 100).toFixed(1)),
  rss_mb_process: rss,
  rss_mb_engine: rssEngine,
  gc_exposed: typeof globalThis.gc === 'function',
  queries_with_matches_pct: Number(((hits / queries.length) * 100).toFixed(1)),
  baseline_exhaustive_ops_per_s: Math.round(exhaustiveRate),
  ratio_vs_exhaustive: Math.round(rate / exhaustiveRate),
  target_ops_per_s: TARGET,
  meets_target: rate >= TARGET,
});
