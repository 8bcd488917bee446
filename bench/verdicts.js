// Keeps speed from changing a verdict by accident: a fixed set of shipments (fixed seed, fixed
// clock, ids numbered in order) through every stage and the lane decision, in this process, and
// one line per shipment with its status, findings, lane, score, signals and holds.
//
//   node bench/verdicts.js --save FILE      write the verdicts (before a change)
//   node bench/verdicts.js --compare FILE   the same run, compared line by line (after it)
//
// BENCH_N shipments (default 100,000). Prints one JSON line: counts, a digest of all verdicts and,
// with --compare, how many differ (exit 1 when any does, with the first differences on stderr).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, SHARED_DATA, makeShipments, report } from './lib.js';

const N = Number(process.env.BENCH_N ?? 100_000);
const [mode, file] = process.argv.slice(2);
if (!['--save', '--compare'].includes(mode) || !file) {
  process.stderr.write('usage: node bench/verdicts.js --save FILE | --compare FILE\n');
  process.exit(2);
}
const AT = '2026-12-01T08:00:00.000Z';
const ARRIVAL = '2026-12-04';

const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const db = join(out, 'verdicts.db');
const env = {
  TRADELANE_DATABASE_URL: `sqlite:${db}`,
  TRADELANE_LOG_LEVEL: 'warn',
};
if (!existsSync(db)) {
  const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: { ...process.env, ...env },
  });
  if (imp.status !== 0) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    throw new Error(imp.stderr.toString());
  }
}
Object.assign(process.env, env);

// BENCH_DIST: another build of the platform (a copy of dist/ from before a change), to run both.
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'packages', 'platform', 'dist');
const dist = (p) => import(join(DIST, p));
const { loadConfig } = await dist('platform/config/config.js');
const { createContainer } = await dist('main/container.js');
const { pipelineStages } = await dist('main/pipeline.js');
const { FilingService } = await dist('modules/filing/index.js');
const { SteppingClock, nodeCrypto } = await dist('platform/system/system.js');

const c = await createContainer(loadConfig(), { skipAutoImport: true });
const clock = new SteppingClock();
clock.set(AT, 7);
let n = 0;
const ids = { next: (prefix) => `${prefix}_${String(++n).padStart(10, '0')}` };
// As filing workers run them: no party registry; the classifier and risk of this process. With
// BENCH_SHARED=1, two filing services (as two workers) take turns by chunk, their classification
// stages sharing one memo: the verdicts must be those of one service alone.
const shared = process.env.BENCH_SHARED === '1' ? await dist('platform/parallel/shared-memo.js') : null;
const memo = shared ? new shared.SharedMemo(shared.SharedMemo.allocate()) : null;
const newFiling = () =>
  new FilingService(
    c.store,
    pipelineStages({
      reference: c.reference,
      screening: c.screening,
      registry: null,
      classification: c.classification,
      ...(memo ? { sharedClassifications: memo } : {}),
    }),
    c.risk,
    () => c.reference.isReady(),
    clock,
    ids,
    nodeCrypto,
  );
const filings = memo ? [newFiling(), newFiling()] : [newFiling()];

const t0 = performance.now();
const lines = [];
const hash = createHash('sha256');
const counts = { accepted: 0, rejected: 0, unreadable: 0 };
const CHUNK = 10_000;
const TURN = 500;
for (let done = 0; done < N; done += CHUNK) {
  const items = makeShipments(Math.min(CHUNK, N - done), 7000 + done / CHUNK).map((s, i) => {
    s.reference = `${s.reference}-${done + i}`;
    s.transport.arrival_date = ARRIVAL;
    return { line: done + i + 1, value: s, raw: JSON.stringify(s) };
  });
  const results = [];
  for (let i = 0; i < items.length; i += TURN) {
    const chunk = filings[(i / TURN) % filings.length].evaluateChunk('verdicts', items.slice(i, i + TURN));
    counts.accepted += chunk.accepted;
    counts.rejected += chunk.rejected;
    counts.unreadable += chunk.unreadable;
    results.push(...chunk.lines);
  }
  for (const l of results) {
    const r = JSON.parse(l);
    const v = JSON.stringify({
      id: r.id,
      reference: r.reference,
      status: r.status,
      lane: r.lane ?? null,
      score: r.score ?? null,
      signals: r.signals ?? [],
      holds: r.holds ?? [],
      findings: r.findings ?? r.error,
    });
    hash.update(v + '\n');
    lines.push(v);
  }
}
const seconds = (performance.now() - t0) / 1000;
await c.close();

const result = {
  bench: 'verdicts',
  shipments: N,
  ...counts,
  seconds: Number(seconds.toFixed(2)),
  ...(memo ? { shared_classifications: memo.size } : {}),
  sha256: hash.digest('hex'),
};
if (mode === '--save') {
  writeFileSync(file, lines.join('\n') + '\n');
  report({ ...result, saved: file });
} else {
  const before = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  let differ = Math.abs(before.length - lines.length);
  const shown = [];
  for (let i = 0; i < Math.min(before.length, lines.length); i++) {
    if (before[i] === lines[i]) continue;
    differ++;
    if (shown.length < 3) shown.push(`- ${before[i]}\n+ ${lines[i]}`);
  }
  for (const s of shown) process.stderr.write(s + '\n');
  report({ ...result, compared_with: file, before: before.length, differ, identical: differ === 0 });
  if (differ > 0) process.exitCode = 1;
}
