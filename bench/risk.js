// The risk stage in process, one core, on the real Withhold Release Orders: verdicts per second
// with forced-labor orders read by scope (signals and rules, as filings get them now), against the
// same verdicts reading every order as before scopes (the baseline, in the same run, on the same
// shipments); and the whole stage (`RiskService.decide`: measured inputs, unit-value book,
// capacity, the orders that applied recorded) for scale. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseShipment } from '../packages/platform/dist/kernel/shipment.js';
import { RiskService } from '../packages/platform/dist/modules/risk/risk-service.js';
import { loadRiskData, loadRuleSet } from '../packages/platform/dist/modules/risk/adapters/risk-policy.js';
import { parseCountriesCsv } from '../packages/platform/dist/modules/refdata/adapters/code-lists.js';
import { parseWro } from '../packages/platform/dist/modules/screening/adapters/watchlists.js';
import { CountryResolver } from '../packages/platform/dist/modules/screening/domain/countries.js';
import { SHARED_DATA, makeShipments, median, percentile, report, rssMb } from './lib.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const read = (...p) => readFileSync(join(SHARED_DATA, ...p), 'utf8');
const wro = parseWro(read('cbp-withhold-release-orders', 'wro.csv'), 'wro.csv');
const resolver = new CountryResolver(parseCountriesCsv(read('un-locode-aux', 'country-codes.csv')));
const rules = loadRuleSet();
const risk = new RiskService(
  rules,
  loadRiskData(),
  () => wro,
  () => resolver,
);
const shipments = makeShipments(N, 11).map((s) => parseShipment(s).shipment);
// A share of the traffic in the families the orders name, from their countries (cotton from China,
// gloves from Malaysia…), so that the order matching is exercised, not skipped.
const LINES = [
  ['CN', '6109.10.00.12', "Men's T-shirts of cotton, knitted"],
  ['CN', '2002.90.80.00', 'Tomato paste in drums'],
  ['MY', '4015.19.05.10', 'Disposable nitrile examination gloves'],
  ['TM', '5205.11.10.00', 'Cotton yarn, single, uncombed'],
];
shipments.forEach((s, i) => {
  if (i % 4 !== 0) return;
  const [origin, hts, description] = LINES[(i / 4) % LINES.length];
  s.lines[0] = { ...s.lines[0], origin, hts, description };
});
const at = '2026-12-10T10:00:00Z';
const noInputs = { valueStats: [], recentParcels: 0, trusted: null };

/** Rounds interleaved (baseline, now, whole stage, again…) so that a busy machine slows each alike. */
function measureAll(fns) {
  const rates = fns.map(() => []);
  const batchMs = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      for (let i = 0; i < N; i += 1000) {
        const b0 = performance.now();
        for (let j = i; j < i + 1000 && j < N; j++) fn(j);
        batchMs[k].push((performance.now() - b0) / 1000);
      }
      rates[k].push(N / ((performance.now() - t0) / 1000));
    });
  }
  return fns.map((_, k) => {
    batchMs[k].sort((a, b) => a - b);
    return { ops_per_s: Math.round(median(rates[k])), p99_ms: Number(percentile(batchMs[k], 99).toFixed(4)) };
  });
}

let held = 0;
let heldBefore = 0;
const scoped = { ...noInputs, forced_labor: { orders: risk.wroOrders(), supply_chain: [] } };
const [before, now, stage] = measureAll([
  // The baseline: the verdict reading every order as before scopes.
  (i) => {
    if (risk.verdict(rules.ruleSet, `b${i}`, shipments[i], [], noInputs).holds.includes('CBP-WRO'))
      heldBefore++;
  },
  // Now: the verdict reading the orders by scope (every order given, as a new decision sees them).
  (i) => {
    if (risk.verdict(rules.ruleSet, `n${i}`, shipments[i], [], scoped).holds.includes('CBP-WRO')) held++;
  },
  (i) => risk.decide('bench', `d${i}`, shipments[i], [], at),
]);

report({
  bench: 'risk',
  ops_per_s: now.ops_per_s,
  p99_ms: now.p99_ms,
  rss_mb: rssMb(),
  shipments: N,
  rounds: ROUNDS,
  wro_holds_per_round: Math.round(held / ROUNDS),
  whole_stage_ops_per_s: stage.ops_per_s,
  baseline: {
    name: 'the same verdicts reading every order as before scopes',
    ...before,
    wro_holds_per_round: Math.round(heldBefore / ROUNDS),
  },
  ratio_to_baseline: Number((now.ops_per_s / before.ops_per_s).toFixed(2)),
});
