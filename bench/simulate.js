// `tradelane simulate`: one month of BENCH_N shipments (default 4,000,000) with 200 members, into a
// new SQLite database, timed as a whole command (enrolment of the members and start-up included).
// Target: ≤ 10 minutes. Baseline in the same run: `tradelane file` of 200,000 generated shipments
// through the same pipeline (the simulator's own cost shows as the ratio of the rates).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, SHARED_DATA, report, timed } from './lib.js';

const N = Number(process.env.BENCH_N ?? 4_000_000);
const BASE_N = 200_000;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, `shipments-${BASE_N}.ndjson`);
if (!existsSync(file)) {
  const g = spawnSync(process.execPath, [join(ROOT, 'bench', 'gen-ndjson.js'), String(BASE_N), file], {
    stdio: 'inherit',
  });
  if (g.status !== 0) process.exit(1);
}

function freshEnv(name) {
  const db = join(out, `${name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const docs = join(out, `${name}-docs`);
  rmSync(docs, { recursive: true, force: true });
  const env = {
    TRADELANE_DATABASE_URL: `sqlite:${db}`,
    TRADELANE_DOCUMENTS_DIR: docs,
    TRADELANE_LOG_LEVEL: 'warn',
  };
  const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: { ...process.env, ...env },
  });
  if (imp.status !== 0) throw new Error(imp.stderr.toString());
  return env;
}

const base = await timed([CLI, 'file', file], freshEnv('sim-baseline'), 'ignore', [0, 1]);
const env = freshEnv('simulate');
const run = await timed(
  [CLI, 'simulate', '--months', '1', '--members', '200', '--per-month', String(N)],
  env,
  'capture',
);
const summary = JSON.parse(run.stdout.trim().split('\n').pop());
const t = Date.now();
const rep = await timed([CLI, 'benefits', 'report'], env, 'capture');
const reportS = (Date.now() - t) / 1000;
const overall = JSON.parse(rep.stdout).overall;
const ops = Math.round(N / run.seconds);
report({
  bench: 'simulate',
  shipments: N,
  members: 200,
  seconds: Number(run.seconds.toFixed(1)),
  ops_per_s: ops,
  rss_mb: run.rss_mb,
  accepted: summary.shipments.accepted,
  member_statuses: summary.members,
  baseline: { name: `tradelane file, ${BASE_N} shipments`, ops_per_s: Math.round(BASE_N / base.seconds) },
  ratio_to_baseline: Number((ops / (BASE_N / base.seconds)).toFixed(2)),
  report_s: Number(reportS.toFixed(1)),
  overall_exam_rate: overall.exam_rate,
  overall_baseline_exam_rate: overall.baseline_exam_rate,
  target_s: 600,
  met: run.seconds <= 600,
});
