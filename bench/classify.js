// HS classifier cost, one core, in process: the model built from the shared data (HTSUS 2026, HS
// 2022, the CBP rulings), then real product descriptions — the rulings' and the e-commerce
// sellers' (used here as inputs only) — classified one at a time, top 5. Baseline in the same
// run: the tariff's own text search (BM25 over the lines) on the same descriptions. Reports build
// time, throughput, p50/p99 latency and RSS with the model loaded; then the same for a model with
// an operator history of ~25,000 examples (the sellers' set as a stand-in, evaluation only), whose
// bigger example index and ranker fit must stay inside the same targets. Prints one JSON line.
// BENCH_N (descriptions per round), BENCH_ROUNDS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassifierModel } from '../packages/platform/dist/modules/classification/domain/model.js';
import { Tariff } from '../packages/platform/dist/modules/tariff/domain/tariff.js';
import { parseHtsCsv } from '../packages/platform/dist/modules/tariff/adapters/hts-parsers.js';
import {
  parseHsCsv,
  parseLabeled,
} from '../packages/platform/dist/modules/classification/adapters/labeled.js';
import { tariffLines } from '../packages/platform/dist/modules/classification/classification-service.js';
import { WordNetFiles } from '../packages/platform/dist/modules/classification/adapters/wordnet-files.js';
import { SHARED_DATA, median, report } from './lib.js';

const N = Number(process.env.BENCH_N ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATE = 1000;
const TARGET_P99_MS = 5;
const TARGET_RSS_MB = 1024;

const read = (p) => readFileSync(join(SHARED_DATA, p), 'utf8');
const tariff = new Tariff(
  { edition: '2026 Basic', effectiveFrom: '2026-01-01', snapshotId: 'bench', sha256: 'bench' },
  parseHtsCsv(read('hts-us-2026/hts_2026_basic_edition.csv')),
);
const hs = new Map(
  Object.entries(parseHsCsv(read('hs-nomenclature-2022/harmonized-system.csv'), 'hs').descriptions),
);
const rulings = parseLabeled(read('hts-labeled-cbp-cross-rulings/train.jsonl'), 'cbp-ruling').examples;
const sellers = parseLabeled(read('hts-labeled-ecommerce-declared/train.csv'), 'bench').examples;

// The build as a server does it: WordNet parsed, then the model (both timed).
const t0 = performance.now();
const wordnet = await new WordNetFiles().load();
const model = new ClassifierModel({
  version: 'bench',
  lines: tariffLines(tariff),
  hs,
  examples: rulings,
  wordnet,
});
const buildMs = performance.now() - t0;
globalThis.gc?.();
const rssMb = process.memoryUsage().rss / 2 ** 20;

const texts = [];
for (let i = 0; texts.length < N; i++) {
  texts.push(i % 5 === 0 ? rulings[i % rulings.length].description : sellers[i % sellers.length].description);
}
tariff.search('warm up', 5);

const rates = [];
const base = [];
const p50s = [];
const p99s = [];
const lat = new Float64Array(N);
for (let round = 0; round < ROUNDS; round++) {
  let s = performance.now();
  for (const t of texts) tariff.search(t, 5);
  base.push(N / ((performance.now() - s) / 1000));
  s = performance.now();
  for (let i = 0; i < N; i++) {
    const a = performance.now();
    model.classify(texts[i], { top: 5 });
    lat[i] = performance.now() - a;
  }
  rates.push(N / ((performance.now() - s) / 1000));
  const sorted = Float64Array.from(lat).sort();
  p50s.push(sorted[Math.floor(0.5 * N)]);
  p99s.push(sorted[Math.floor(0.99 * N)]);
}
const rate = median(rates);
const p99 = median(p99s);

// The same with an operator's history of ~25,000 labeled descriptions (the seller-declared set as
// stand-in: evaluation only, never shipped): a bigger example index, and the ranker fitted on it.
const history = sellers.filter((_, i) => i % 5 !== 0);
const h0 = performance.now();
const withHistory = new ClassifierModel({
  version: 'bench-history',
  lines: tariffLines(tariff),
  hs,
  examples: [...rulings, ...history],
  wordnet,
});
const hBuildMs = performance.now() - h0;
const hTexts = texts.slice(0, Math.min(N, 10_000));
const hRates = [];
const hP99s = [];
const hLat = new Float64Array(hTexts.length);
for (let round = 0; round < ROUNDS; round++) {
  const s = performance.now();
  hTexts.forEach((t, i) => {
    const a = performance.now();
    withHistory.classify(t, { top: 5 });
    hLat[i] = performance.now() - a;
  });
  hRates.push(hTexts.length / ((performance.now() - s) / 1000));
  hP99s.push(Float64Array.from(hLat).sort()[Math.floor(0.99 * hTexts.length)]);
}
const hRate = median(hRates);
const hP99 = median(hP99s);
globalThis.gc?.();
const hRssMb = process.memoryUsage().rss / 2 ** 20;
report({
  bench: 'classify',
  descriptions: N,
  rounds: ROUNDS,
  build_ms: Math.round(buildMs),
  ops_per_s: Math.round(rate),
  p50_ms: Number(median(p50s).toFixed(3)),
  p99_ms: Number(p99.toFixed(3)),
  rss_mb: Math.round(rssMb),
  baseline: { name: 'Tariff.search on the same descriptions', ops_per_s: Math.round(median(base)) },
  ratio_to_baseline: Number((rate / median(base)).toFixed(2)),
  target: { ops_per_s: TARGET_RATE, p99_ms: TARGET_P99_MS, rss_mb: TARGET_RSS_MB, build_ms: 60_000 },
  with_history: {
    examples: rulings.length + history.length,
    build_ms: Math.round(hBuildMs),
    ops_per_s: Math.round(hRate),
    p99_ms: Number(hP99.toFixed(3)),
    rss_mb: Math.round(hRssMb),
  },
  pass:
    rate >= TARGET_RATE &&
    p99 <= TARGET_P99_MS &&
    rssMb <= TARGET_RSS_MB &&
    buildMs <= 60_000 &&
    hRate >= TARGET_RATE &&
    hP99 <= TARGET_P99_MS &&
    hRssMb <= TARGET_RSS_MB &&
    hBuildMs <= 60_000,
});
