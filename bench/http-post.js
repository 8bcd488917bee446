// POST /v1/shipments on loopback: a real server process (embedded SQLite) and a load generator in a
// second process at a fixed rate. Baseline in the same run: GET /healthz at the same rate.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, report, serverEnv, startServer } from './lib.js';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TARGET_P99_MS = 10;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const db = join(out, 'http.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
const env = serverEnv(db);
const { key, server, base } = await startServer(env);

function load(path, method, seconds) {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bench', 'load-gen.js'), base, path, method, String(RATE), String(seconds), key],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Server-side view: the share of POSTs the server handled within each bucket (Prometheus histogram). */
async function serverSide() {
  const text = await (await fetch(`${base}/metrics`)).text();
  const buckets = new Map();
  for (const m of text.matchAll(/tradelane_http_request_duration_seconds_bucket\{([^}]*)\} (\d+)/g)) {
    if (!m[1].includes('method="POST"') || !m[1].includes('route="/v1/shipments"')) continue;
    const le = /le="([^"]+)"/.exec(m[1])[1];
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  const total = buckets.get('+Inf') ?? 0;
  const within = (le) => Number(((buckets.get(le) ?? 0) / Math.max(total, 1)).toFixed(4));
  const p99Bucket = [...buckets.entries()].find(([, n]) => n >= total * 0.99)?.[0];
  return {
    requests: total,
    share_within_5ms: within('0.005'),
    share_within_10ms: within('0.01'),
    p99_bucket_le_s: p99Bucket,
  };
}

try {
  load('/v1/shipments', 'POST', 3); // warm-up
  const baseline = load('/healthz', 'GET', SECONDS);
  const post = load('/v1/shipments', 'POST', SECONDS);
  const rss =
    Number(spawnSync('ps', ['-o', 'rss=', '-p', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) /
    1024;
  report({
    bench: 'http-post',
    ops_per_s: Math.round(post.rps),
    p99_ms: post.p99,
    p50_ms: post.p50,
    max_ms: post.max,
    rss_mb: Math.round(rss),
    rate: RATE,
    seconds: SECONDS,
    requests: post.requests,
    errors: post.errors + post.timeouts,
    status_codes: post.statusCodes,
    server_side: await serverSide(),
    baseline: {
      name: 'GET /healthz at the same rate',
      ops_per_s: Math.round(baseline.rps),
      p99_ms: baseline.p99,
    },
    ratio_to_baseline: Number((post.p99 / Math.max(baseline.p99, 1)).toFixed(2)),
    target_p99_ms: TARGET_P99_MS,
    pass:
      post.p99 <= TARGET_P99_MS && Math.round(post.rps) >= RATE * 0.95 && post.errors + post.timeouts === 0,
  });
} finally {
  server.kill('SIGTERM');
}
