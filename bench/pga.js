// PGA determination, one core, in process: every line of a realistic mix (real HTSUS statistical
// numbers, plus numbers CBP flags in the shared catalogue) against the catalogues of
// shared/data/cbp-pga-flags and the shipped inference rules. Baseline in the same run: normalizing
// the same HTS numbers. Prints one JSON line. BENCH_N (lines), BENCH_ROUNDS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePgaFiles } from '../packages/platform/dist/modules/pga/adapters/pga-files.js';
import { loadPgaInference } from '../packages/platform/dist/modules/pga/index.js';
import { normalizeHts } from '../packages/platform/dist/kernel/hts-code.js';
import { buildCatalogue, determine } from '../packages/platform/dist/modules/pga/domain/pga.js';
import { SHARED_DATA, median, realLines, report, rng } from './lib.js';

const N = Number(process.env.BENCH_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET = 100_000;

const dir = join(SHARED_DATA, 'cbp-pga-flags');
const files = ['flag-codes.csv', 'disclaim-codes.csv', 'hts-flag-examples.csv'].map((name) => ({
  name,
  text: readFileSync(join(dir, name), 'utf8'),
}));
const doc = parsePgaFiles(files);
const cat = buildCatalogue(doc.flags, doc.disclaims, doc.rules, loadPgaInference().rules);

const r = rng(5);
const tariff = realLines().map((l) => l.hts);
const flagged = ['4415.20.40.00', '4202.29.20.00', '9205.90.20.00', '3301.29.51.09'];
const lines = Array.from({ length: N }, () =>
  r() < 0.1 ? flagged[Math.floor(r() * flagged.length)] : tariff[Math.floor(r() * tariff.length)],
);

const rates = [];
const base = [];
let agencies = 0;
for (let round = 0; round < ROUNDS; round++) {
  let t0 = performance.now();
  for (const h of lines) normalizeHts(h);
  base.push(N / ((performance.now() - t0) / 1000));
  t0 = performance.now();
  for (const h of lines) {
    const d = determine(cat, normalizeHts(h));
    if (round === 0) agencies += d.agencies.length;
  }
  rates.push(N / ((performance.now() - t0) / 1000));
}
const rate = Math.round(median(rates));
report({
  bench: 'pga',
  lines: N,
  ops_per_s: rate,
  lines_with_an_agency_pct: Number(((agencies / N) * 100).toFixed(1)),
  catalogue: {
    flags: doc.flags.length,
    disclaims: doc.disclaims.length,
    rules: doc.rules.length,
    inference: cat.inference.length,
  },
  baseline: { name: 'normalizeHts of the same lines', ops_per_s: Math.round(median(base)) },
  ratio_to_baseline: Number((rate / median(base)).toFixed(2)),
  target_ops_per_s: TARGET,
  pass: rate >= TARGET,
});
