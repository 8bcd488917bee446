// The benefit report over a ledger of BENCH_N decisions (default 10,000,000) in a new SQLite
// database: 1,000 members in two tiers, 30 % of the traffic; strata from 20 chapters, 12 origins,
// 10 ports, 5 value bands and 12 months; lanes and release hours drawn like the simulator's.
// Target: the report in ≤ 30 s, and not growing with the decisions. It reads the ledger's cells
// (ADR 0033). Baseline of the same run: the same report by a pass over every decision (the range
// given as one that is not whole months), which must give the same answer; also timed, a plain
// scan of the ledger and the 12-month series. Prints one JSON line.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../packages/platform/dist/main/store/open-store.js';
import { newBenefitService } from '../packages/platform/dist/main/container.js';
import {
  SIM_CHAPTERS,
  SIM_ORIGINS,
  SIM_PORTS,
} from '../packages/platform/dist/modules/trusted-trader/domain/simulation.js';
import { loadProgram } from '../packages/platform/dist/modules/trusted-trader/index.js';
import { ROOT, median, report, rng, rssMb } from './lib.js';

const N = Number(process.env.BENCH_N ?? 10_000_000);
// BENCH_MEMBER_SHARE: the share of decisions filed by members (default 0.3).
const MEMBER_SHARE = Number(process.env.BENCH_MEMBER_SHARE ?? 0.3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = join(ROOT, 'bench', 'out', 'benefits');
const REUSE = process.env.BENCH_REUSE === '1';
if (!REUSE) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const store = await openStore({ url: `sqlite:${join(dir, 'ledger.db')}` });
const r = rng(8);
const CH = SIM_CHAPTERS;
const OR = SIM_ORIGINS;
const PO = SIM_PORTS;
const lane = (p) => (p < 0.9 ? 'green' : p < 0.95 ? 'blue' : p < 0.985 ? 'yellow' : 'red');
const t0 = Date.now();
const generate = !REUSE || (await store.ledger.count()) !== N;
const insert = (rows) => store.ledger.append(rows);
let batch = [];
for (let i = 0; generate && i < N; i++) {
  const member = r() < MEMBER_SHARE ? `ttm_${Math.floor(r() * 1000)}` : null;
  const tier = member ? (member.length % 2 ? 'certified' : 'validated') : null;
  const cf = lane(r());
  const l = member && cf !== 'green' && r() < 0.5 ? 'green' : cf;
  const held = l === 'yellow' || l === 'red';
  const hours = held ? Math.exp(Math.log(l === 'red' ? 96 : 20) + 0.6 * (r() + r() + r() - 1.5)) : 0;
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  batch.push({
    shipmentId: `shp_${i}`,
    revision: 1,
    tenant: 't',
    decidedAt: `2026-${month}-15T00:00:00.000Z`,
    releasedAt: null,
    member,
    tier,
    period: `2026-${month}`,
    chapter: CH[Math.floor(r() * CH.length)],
    origin: OR[Math.floor(r() * OR.length)],
    port: PO[Math.floor(r() * PO.length)],
    band: Math.floor(r() * 5),
    lane: l,
    counterfactual: member ? cf : null,
    exam: l === 'red',
    held,
    releaseHours: Math.round(hours * 100) / 100,
  });
  if (batch.length === 50_000) {
    await insert(batch);
    batch = [];
  }
}
if (batch.length) await insert(batch);
const loadS = (Date.now() - t0) / 1000;
// What `serve` does in the background (SQLite): the new entries folded into the cells, a page
// per transaction (ADR 0033).
const t2 = performance.now();
while ((await store.ledger.fold(50_000)) > 0);
const foldS = (performance.now() - t2) / 1000;

const program = loadProgram();
const service = newBenefitService(store, program, { url: `sqlite:${join(dir, 'ledger.db')}` });
// The whole ledger as a range that is not whole months: the pass over every decision (in parts,
// on worker threads), which the report over whole months made before it read cells (ADR 0033).
const EVERYTHING = { from: '2000-01-01T00:00:01Z' };
const scans = [];
const reports = [];
const passes = [];
const seriesS = [];
let last = null;
let pass = null;
const timed = async (f) => {
  const t = performance.now();
  const v = await f();
  return [(performance.now() - t) / 1000, v];
};
for (let k = 0; k < ROUNDS; k++) {
  let n = 0;
  const [scanS] = await timed(() => store.ledger.each({}, () => n++));
  scans.push(scanS);
  const [reportS, r1] = await timed(() => service.report());
  reports.push(reportS);
  last = r1;
  const [passS, r2] = await timed(() => service.report(EVERYTHING));
  passes.push(passS);
  pass = r2;
  seriesS.push((await timed(() => service.series(12)))[0]);
  if (n !== N || last.decisions !== N || pass.decisions !== N)
    throw new Error(`read ${n} / ${last.decisions} / ${pass.decisions} of ${N}`);
}
// The cells must give what the pass gives (but when it was made): texts and counts equal, figures
// within a unit of their last decimal (the two add the same numbers in other orders).
let largest = 0;
const differ = (a, b, path) => {
  if (typeof a === 'number' && typeof b === 'number') {
    const counts = /(shipments|released|avoided|decisions|strata|holds_avoided_ci\.\d)$/.test(path);
    const d = Math.abs(a - b) / (counts ? 1e-9 : /hours|usd/.test(path) ? 0.01 : 0.0001);
    largest = Math.max(largest, d);
    return d > 1.0001;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a !== b;
  const keys = Object.keys(a);
  if (keys.join() !== Object.keys(b).join()) return true;
  return keys.some((k) => k !== 'generated_at' && differ(a[k], b[k], `${path}.${k}`));
};
const same = !differ(last, pass, '');
const cells = (
  await store.db
    .selectFrom('benefit_cells')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
).n;
const hours = (
  await store.db
    .selectFrom('benefit_hours')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
).n;
await store.close();
const s = median(reports);
report({
  bench: 'benefits-report',
  decisions: N,
  member_share: MEMBER_SHARE,
  members: last.members.length,
  strata: last.strata,
  cells: Number(cells),
  hours_rows: Number(hours),
  report_s: s,
  reports_s: reports,
  series_12_months_s: median(seriesS),
  baseline_pass_s: median(passes),
  ratio_to_pass: Math.round((s / median(passes)) * 1000) / 1000,
  scan_s: median(scans),
  same_as_pass: same,
  largest_difference_in_last_places: Math.round(largest * 1000) / 1000,
  ops_per_s: Math.round(N / s),
  load_s: loadS,
  fold_s: Number(foldS.toFixed(2)),
  rss_mb: rssMb(),
  target_s: 30,
  met: s <= 30 && same,
  overall_exam_rate: last.overall.exam_rate,
  overall_baseline_exam_rate: last.overall.baseline_exam_rate,
});
