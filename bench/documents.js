// Paperless documents: 1,000 uploads of 1 MB each over HTTP (loopback, BENCH_CONCURRENCY at a time,
// default 4) to a server process on SQLite, each with its SHA-256 declared and verified, stored
// content-addressed; BENCH_ROUNDS rounds (default 5) of new files, the median reported. Baseline in
// the same run, before each round: hashing and writing other files of the same size straight to
// disk. Prints one JSON line. BENCH_N, BENCH_MB.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { ROOT, makeShipments, median, report, serverEnv, startServer } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1000);
const MB = Number(process.env.BENCH_MB ?? 1);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET = 200;

const out = join(ROOT, 'bench', 'out', 'documents');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The server runs in its own process, as in production; this process is the client.
const env = serverEnv(join(out, 'docs.db'), { TRADELANE_DOCUMENTS_DIR: join(out, 'store') });
const { key, server, base } = await startServer(env);
const [filing] = makeShipments(1, 3);
const filed = await request(`${base}/v1/shipments`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify(filing),
});
const shipmentId = (await filed.body.json()).id;

// Each timed phase starts with the page cache flushed, so that one phase's writeback does not
// throttle the next one's writes (the disk, not the code, would be measured).
const flush = () => spawnSync('sync');
// Distinct PDF-looking files (random bodies, new each round), hashed by the client.
const makeFiles = () =>
  Array.from({ length: N }, () => {
    const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MB * 1024 * 1024 - 9)]);
    return { body, sha: createHash('sha256').update(body).digest('hex') };
  });

const rates = [];
const baselines = [];
let errors = 0;
for (let round = 0; round < ROUNDS; round++) {
  let files = makeFiles();
  flush();
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    createHash('sha256').update(files[i].body).digest('hex');
    writeFileSync(join(out, `plain-${i}`), files[i].body);
  }
  baselines.push(N / ((performance.now() - t0) / 1000));
  for (let i = 0; i < N; i++) rmSync(join(out, `plain-${i}`));
  files = makeFiles();
  flush();
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const f = files[next++];
        const res = await request(
          `${base}/v1/shipments/${shipmentId}/documents?media_type=application/pdf&filename=f.pdf&type=invoice`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/octet-stream',
              'x-content-sha256': f.sha,
            },
            body: f.body,
          },
        );
        const body = await res.body.json();
        if (res.statusCode !== 201 || body.sha256 !== f.sha) errors++;
      }
    }),
  );
  rates.push(N / ((performance.now() - t0) / 1000));
}
const rate = median(rates);
const baseline = median(baselines);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(out, { recursive: true, force: true });
report({
  bench: 'documents',
  files: N,
  file_mb: MB,
  rounds: ROUNDS,
  ops_per_s: Math.round(rate),
  ops_per_s_rounds: rates.map(Math.round),
  mb_per_s: Math.round(rate * MB),
  errors,
  baseline: { name: 'hash + write the same files straight to disk', ops_per_s: Math.round(baseline) },
  ratio_to_baseline: Number((rate / baseline).toFixed(2)),
  target_ops_per_s: TARGET,
  pass: errors === 0 && rate >= TARGET,
});
