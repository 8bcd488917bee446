// Validation stage throughput, one core, in process, on the real 2026 HTSUS.
// Prints one JSON line; the baseline is a JSON round trip of the same shipments (a cost floor).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHtsCsv } from '../packages/platform/dist/modules/tariff/adapters/hts-parsers.js';
import {
  parseCountriesCsv,
  parsePortsCsv,
} from '../packages/platform/dist/modules/refdata/adapters/code-lists.js';
import { loadDeMinimisPolicy } from '../packages/platform/dist/modules/validation/index.js';
import { Tariff } from '../packages/platform/dist/modules/tariff/domain/tariff.js';
import { CodeList } from '../packages/platform/dist/modules/reference/index.js';
import { parseShipment } from '../packages/platform/dist/kernel/shipment.js';
import { validateShipment } from '../packages/platform/dist/modules/validation/domain/validate-shipment.js';
import { SHARED_DATA, makeShipments, median, percentile, report, rssMb } from './lib.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET = 20_000;

const read = (...p) => readFileSync(join(SHARED_DATA, ...p), 'utf8');
const tariff = new Tariff(
  { edition: '2026 Basic', effectiveFrom: '2026-01-01', snapshotId: 'bench', sha256: '' },
  parseHtsCsv(read('hts-us-2026', 'hts_2026_basic_edition.csv')),
);
const ref = {
  tariffs: [tariff],
  ports: new CodeList(parsePortsCsv(read('us-port-codes', 'us_port_codes.csv'))),
  countries: new CodeList(parseCountriesCsv(read('un-locode-aux', 'country-codes.csv'))),
  deMinimis: loadDeMinimisPolicy().policy,
  versions: [],
};
const today = new Date().toISOString().slice(0, 10);
const raw = makeShipments(N, 7);
const shipments = raw.map((s) => parseShipment(s).shipment);

/** Runs fn over every shipment ROUNDS times; returns the median rate and the p99 of per-1,000 batch times. */
function measure(fn) {
  const rates = [];
  const batchMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const b0 = performance.now();
      for (let j = i; j < i + 1000 && j < N; j++) fn(j);
      batchMs.push((performance.now() - b0) / 1000); // per shipment
    }
    rates.push(N / ((performance.now() - t0) / 1000));
  }
  batchMs.sort((a, b) => a - b);
  return { ops_per_s: Math.round(median(rates)), p99_ms: Number(percentile(batchMs, 99).toFixed(4)) };
}

let sink = 0;
const baseline = measure((i) => {
  sink += JSON.parse(JSON.stringify(raw[i])).lines.length;
});
const stage = measure((i) => {
  sink += validateShipment(shipments[i], { ref, today }).length;
});
const parseAndStage = measure((i) => {
  const p = parseShipment(raw[i]);
  sink += validateShipment(p.shipment, { ref, today }).length;
});

report({
  bench: 'validation',
  ops_per_s: stage.ops_per_s,
  p99_ms: stage.p99_ms,
  rss_mb: rssMb(),
  shipments: N,
  rounds: ROUNDS,
  with_shape_check_ops_per_s: parseAndStage.ops_per_s,
  baseline: { name: 'JSON round trip of the same shipments', ...baseline },
  ratio_to_baseline: Number((stage.ops_per_s / baseline.ops_per_s).toFixed(2)),
  target_ops_per_s: TARGET,
  pass: stage.ops_per_s >= TARGET,
  sink: sink > 0,
});
