// The upgrade to the report counters (ADR 0029) at size: a copy of the store bench/queue.js filled
// (BENCH_N filings, default 1,000,000; run queue.js first) is served as it is — the baseline, in
// the same run: the paperless report and the rule statistics from counters kept with each filing —
// then stripped of its counters as a store of the version before them is, and served again. That
// start runs migration 0019 (the backlog of filings to count) and the background recount; the
// reports answer COUNTS_CATCHING_UP until it is done, then must answer exactly as before.
// Prints the start's time, the recount's time and speed, and the reports' times on both sides.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, cliKey, median, report, serverEnv, startServer } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5);
const source = join(ROOT, 'bench', 'out', `queue-${N}.db`);
if (!existsSync(source)) {
  process.stderr.write(`no ${source}: run BENCH_N=${N} node bench/queue.js first\n`);
  process.exit(2);
}
const db = join(ROOT, 'bench', 'out', `recount-${N}.db`);
for (const s of ['', '-wal', '-shm']) {
  rmSync(db + s, { force: true });
  if (existsSync(source + s)) copyFileSync(source + s, db + s);
}
const env = serverEnv(db);
const REPORTS = ['/v1/pga/paperless', '/v1/rules/stats'];

/** Each report's answer and median time over REQUESTS requests. */
async function reports(base, key) {
  const out = {};
  for (const url of REPORTS) {
    const ms = [];
    let body = null;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const r = await fetch(base + url, { headers: { authorization: `Bearer ${key}` } });
      body = await r.text();
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
      ms.push(performance.now() - t0);
    }
    out[url] = { ms: Number(median(ms).toFixed(2)), body };
  }
  return out;
}

async function stop(server) {
  const exited = new Promise((r) => server.server.once('exit', r));
  server.server.kill('SIGTERM');
  await exited;
}

// The baseline: the store with its counters.
const before = await startServer(env);
const key = cliKey(env, 'cbp', 'officer');
const kept = await reports(before.base, key);
await stop(before);

// A store of the version before the counters: the same rows, no counters, 0019 not run.
const Database = createRequire(join(ROOT, 'packages', 'platform', 'package.json'))('better-sqlite3');
const sqlite = new Database(db);
for (const t of ['stage_counts', 'rule_counts', 'count_backlog', 'rule_backlog'])
  sqlite.exec(`drop table if exists ${t}`);
sqlite.prepare("delete from tradelane_migrations where name = '0019_report_counts'").run();
const links = sqlite.prepare('select seq from decision_head where id = 1').pluck().get();
sqlite.close();

const upgraded = await startServer(env);
const t0 = performance.now();
let answers503 = 0;
for (;;) {
  const r = await fetch(upgraded.base + REPORTS[0], { headers: { authorization: `Bearer ${key}` } });
  if (r.status === 200) break;
  const body = await r.json();
  if (r.status !== 503 || body.code !== 'COUNTS_CATCHING_UP') throw new Error(JSON.stringify(body));
  answers503++;
  await new Promise((r) => setTimeout(r, 500));
}
const recountS = (performance.now() - t0) / 1000;
const counted = await reports(upgraded.base, key);
await stop(upgraded);
for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });

const same = REPORTS.every((u) => kept[u].body === counted[u].body);
report({
  bench: 'recount',
  filings: N,
  decision_links: links,
  baseline_ready_ms: before.readyMs,
  upgraded_ready_ms: upgraded.readyMs,
  migration_ms: upgraded.readyMs - before.readyMs,
  recount_s: Number(recountS.toFixed(1)),
  filings_per_s: Math.round(N / recountS),
  catching_up_answers: answers503,
  reports_ms_baseline: Object.fromEntries(REPORTS.map((u) => [u, kept[u].ms])),
  reports_ms_after: Object.fromEntries(REPORTS.map((u) => [u, counted[u].ms])),
  same_answers: same,
  pass: same,
});
if (!same) process.exit(1);
