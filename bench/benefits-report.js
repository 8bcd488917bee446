// The benefit report over a ledger of BENCH_N decisions (default 10,000,000) in a new SQLite
// database: 1,000 members in two tiers, 30 % of the traffic; strata from 20 chapters, 12 origins,
// 10 ports, 5 value bands and 12 months; lanes and release hours drawn like the simulator's.
// Target: the report in ≤ 30 s. Baseline of the same run: a plain scan of the ledger (the same
// pages, no aggregation), so that the report's own cost shows as a ratio. Prints one JSON line.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../packages/platform/dist/main/store/open-store.js';
import { BenefitService } from '../packages/platform/dist/modules/trusted-trader/benefit-service.js';
import { newBenefitService } from '../packages/platform/dist/main/container.js';
import {
  SIM_CHAPTERS,
  SIM_ORIGINS,
  SIM_PORTS,
} from '../packages/platform/dist/modules/trusted-trader/domain/simulation.js';
import { loadProgram } from '../packages/platform/dist/modules/trusted-trader/index.js';
import { systemClock } from '../packages/platform/dist/platform/system/system.js';
import { ROOT, median, report, rng, rssMb } from './lib.js';

const N = Number(process.env.BENCH_N ?? 10_000_000);
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
  const member = r() < 0.3 ? `ttm_${Math.floor(r() * 1000)}` : null;
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

const program = loadProgram();
const service = newBenefitService(store, program, { url: `sqlite:${join(dir, 'ledger.db')}` });
const single = new BenefitService(store, program, systemClock);
const scans = [];
const reports = [];
let last = null;
for (let k = 0; k < ROUNDS; k++) {
  let t = Date.now();
  let n = 0;
  await store.ledger.each({}, () => n++);
  scans.push((Date.now() - t) / 1000);
  t = Date.now();
  last = await service.report();
  reports.push((Date.now() - t) / 1000);
  if (n !== N || last.decisions !== N) throw new Error(`read ${n} / ${last.decisions} of ${N}`);
}
const t1 = Date.now();
await single.report();
const singleS = (Date.now() - t1) / 1000;
await store.close();
const s = median(reports);
report({
  bench: 'benefits-report',
  decisions: N,
  members: last.members.length,
  strata: last.strata,
  report_s: s,
  reports_s: reports,
  baseline_scan_s: median(scans),
  ratio_to_scan: Math.round((s / median(scans)) * 100) / 100,
  one_thread_s: singleS,
  ops_per_s: Math.round(N / s),
  load_s: loadS,
  rss_mb: rssMb(),
  target_s: 30,
  met: s <= 30,
  overall_exam_rate: last.overall.exam_rate,
  overall_baseline_exam_rate: last.overall.baseline_exam_rate,
});
