// HS classifier cost on long descriptions (issue 21): the CBP rulings of Jun–Sep 2026 (~700
// characters of the officer's description each, used here as inputs only) classified one at a
// time, top 5, by a model built from every public training corpus (as eval/cls-data.js loads
// them). Baseline in the same run: the same model's inputs and parameters but reading the whole
// description (`passage: 0`, version 4's reading) instead of its goods passage. Reports each
// model's build time (wall and CPU) and per-description p50/p99 — wall clock and, because the
// machine is shared, this thread's CPU time — and RSS. Prints one JSON line. BENCH_ROUNDS.
import {
  ClassifierModel,
  DEFAULT_PARAMS,
} from '../packages/platform/dist/modules/classification/domain/model.js';
import { loadData } from '../eval/cls-data.js';
import { median, report } from './lib.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_P99_MS = 5;

const data = await loadData();
const inputs = {
  lines: data.lines,
  hs: data.hs,
  examples: [...data.rulings, ...data.corpusExamples],
  texts: data.texts,
  wordnet: data.wordnet,
};
const texts = data.rulings2026.map((e) => e.description);
const cpuMs = () => process.cpuUsage().user / 1000;
const q = (xs, p) => Float64Array.from(xs).sort()[Math.min(xs.length - 1, Math.floor(p * xs.length))];

function measure(name, params) {
  const w0 = performance.now();
  const c0 = process.cpuUsage().user;
  const model = new ClassifierModel({ version: name, ...inputs }, params);
  const buildMs = performance.now() - w0;
  const buildCpuMs = (process.cpuUsage().user - c0) / 1000;
  for (const t of texts) model.classify(t, { top: 5 });
  const p50 = [];
  const p99 = [];
  const c50 = [];
  const c99 = [];
  for (let round = 0; round < ROUNDS; round++) {
    const wall = [];
    const cpu = [];
    for (const t of texts) {
      const a = performance.now();
      const b = cpuMs();
      model.classify(t, { top: 5 });
      cpu.push(cpuMs() - b);
      wall.push(performance.now() - a);
    }
    p50.push(q(wall, 0.5));
    p99.push(q(wall, 0.99));
    c50.push(q(cpu, 0.5));
    c99.push(q(cpu, 0.99));
  }
  globalThis.gc?.();
  return {
    build_ms: Math.round(buildMs),
    build_cpu_ms: Math.round(buildCpuMs),
    p50_ms: Number(median(p50).toFixed(3)),
    p99_ms: Number(median(p99).toFixed(3)),
    cpu_p50_ms: Number(median(c50).toFixed(3)),
    cpu_p99_ms: Number(median(c99).toFixed(3)),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

const baseline = measure('whole-description', { ...DEFAULT_PARAMS, passage: 0 });
const passage = measure('goods-passage', DEFAULT_PARAMS);
report({
  bench: 'classify-long',
  descriptions: texts.length,
  mean_chars: Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length),
  rounds: ROUNDS,
  ...passage,
  baseline: { name: 'the same model reading the whole description (passage: 0)', ...baseline },
  ratio_cpu_p50_to_baseline: Number((passage.cpu_p50_ms / baseline.cpu_p50_ms).toFixed(2)),
  target: { p99_ms: TARGET_P99_MS, build_ms: 60_000, rss_mb: 1024 },
  pass: passage.p99_ms <= TARGET_P99_MS && passage.build_ms <= 60_000 && passage.rss_mb <= 1024,
});
