// Runs every benchmark in turn; each prints its own JSON line. BENCH_N, BENCH_RATE, BENCH_SECONDS
// tune them (see each file).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib.js';

let failed = 0;
for (const b of [
  'validation.js',
  'screening.js',
  'registry.js',
  'bus.js',
  'pga.js',
  'risk.js',
  'classify.js',
  'check-cpu.js',
  'documents.js',
  'http-post.js',
  'full-gc.js',
  'old-garbage.js',
  'filing-cpu.js',
  'bulk-cpu.js',
  'file-ingest.js',
  'benefits-report.js',
  'entity-page.js',
  'party-links.js',
  'pg-cells.js',
  'simulate.js',
]) {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', join(ROOT, 'bench', b)],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
