// `tradelane file` end to end: N shipments of NDJSON validated and persisted into a new SQLite
// database, timed as a whole command (start-up included). Baseline in the same run: a process that
// only reads the same file, splits it into lines and JSON-parses each one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, SHARED_DATA, median, report, timed } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const TARGET = 20_000;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, `shipments-${N}.ndjson`);
if (!existsSync(file)) {
  const g = spawnSync(process.execPath, [join(ROOT, 'bench', 'gen-ndjson.js'), String(N), file], {
    stdio: 'inherit',
  });
  if (g.status !== 0) process.exit(1);
}

const baselineScript = `
const { createReadStream } = require('node:fs');
let rest = '', n = 0;
createReadStream(${JSON.stringify(file)}, { encoding: 'utf8', highWaterMark: 1 << 20 })
  .on('data', (c) => { const parts = (rest + c).split('\\n'); rest = parts.pop(); for (const l of parts) if (l) { JSON.parse(l); n++; } })
  .on('end', () => { if (rest) n++; });`;

const runs = [];
const baselines = [];
for (let r = 0; r < ROUNDS; r++) {
  const db = join(out, 'ingest.db');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const env = {
    TRADELANE_DATABASE_URL: `sqlite:${db}`,
    TRADELANE_LOG_LEVEL: 'warn',
  };
  const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', SHARED_DATA], {
    env: { ...process.env, ...env },
  });
  if (imp.status !== 0) throw new Error(imp.stderr.toString());
  baselines.push(await timed(['-e', baselineScript]));
  runs.push({
    ...(await timed([CLI, 'file', file], env, 'ignore', [0, 1])),
    db_mb: Math.round(statSync(db).size / 1048576),
  });
}
const secs = median(runs.map((x) => x.seconds));
const base = median(baselines.map((x) => x.seconds));
const ops = Math.round(N / secs);
report({
  bench: 'file-ingest',
  ops_per_s: ops,
  p99_ms: null,
  rss_mb: Math.max(...runs.map((x) => x.rss_mb)),
  // Peak RSS in each quarter of the median run: flat from the second quarter on, once started.
  rss_mb_by_quarter: runs.find((x) => x.seconds === secs)?.rss_mb_by_quarter,
  shipments: N,
  seconds: Number(secs.toFixed(2)),
  input_mb: Math.round(statSync(file).size / 1048576),
  db_mb: runs[0].db_mb,
  baseline: {
    name: 'read + split + JSON.parse only',
    ops_per_s: Math.round(N / base),
    seconds: Number(base.toFixed(2)),
  },
  ratio_to_baseline: Number((ops / (N / base)).toFixed(2)),
  target_ops_per_s: TARGET,
  pass: ops >= TARGET,
});
