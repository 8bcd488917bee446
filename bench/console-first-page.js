// The console's first page at size (issue 20): "first page usable <= 1 s on localhost with
// 1,000,000 filings in the store", measured in real Chromium (Debian's, driven by playwright-core
// with the e2e test's flags). Two `tradelane serve` processes: one over the 1,000,000-filing store
// bench/queue.js builds (bench/out/queue-N.db; run it first), one over an empty store (the
// baseline, same run). An officer signs in to each (a browser context each), then the queue page
// is opened by its address ROUNDS times on each, alternately: the time from navigation to the
// queue's first row on screen (the empty store's "no filings" line), and DOMContentLoaded.
// The first navigation of each is reported apart (a cold cache); the target is read on the median.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH, CONSOLE_VIEWPORT } from '../packages/platform/dist/testing/browser.js';
import { CLI, ROOT, cliKey, median, report, serverEnv, startServer } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_MS = 1000;
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const big = join(out, `queue-${N}.db`);
if (!existsSync(big)) {
  process.stderr.write(`no ${big}: run BENCH_N=${N} node bench/queue.js first (it builds the store)\n`);
  process.exit(2);
}
const empty = join(out, 'console-empty.db');
for (const f of [empty, `${empty}-wal`, `${empty}-shm`]) rmSync(f, { force: true });

const browser = await chromium.launch(CHROMIUM_LAUNCH);
const stores = [];
for (const [name, db] of [
  ['filings_1m', big],
  ['empty', empty],
]) {
  const env = serverEnv(db);
  if (db === empty) {
    const imp = spawnSync(process.execPath, [CLI, 'refdata', 'import', '--dir', env.TRADELANE_REFDATA_DIR], {
      env,
    });
    if (imp.status !== 0) throw new Error(imp.stderr.toString());
  }
  const key = cliKey(env, 'cbp', 'officer');
  try {
    const s = await startServer(env);
    stores.push({ name, ...s, key });
  } catch (err) {
    for (const s of stores) s.server.kill('SIGTERM');
    await browser.close();
    throw err;
  }
}

try {
  for (const s of stores) {
    s.context = await browser.newContext(CONSOLE_VIEWPORT);
    s.page = await s.context.newPage();
    s.page.setDefaultTimeout(30_000);
    await s.page.goto(`${s.base}/`);
    await s.page.getByLabel('API key').fill(s.key);
    await s.page.keyboard.press('Enter');
    await s.page.getByTestId('who-role').waitFor();
    s.usable = [];
    s.dcl = [];
    s.rows = 0;
  }
  /** Opens the queue by its address; ms from navigation to the first row (or the empty line). */
  const open = async (s) => {
    const t0 = performance.now();
    await s.page.goto(`${s.base}/queue?lane=red`, { waitUntil: 'commit' });
    await s.page
      .locator('table.grid tbody tr, p.empty')
      .first()
      .waitFor()
      .catch(async (err) => {
        const text = await s.page
          .locator('main')
          .innerText()
          .catch(() => '');
        throw new Error(`${s.name}: the queue did not show (${text.slice(-400)})`, { cause: err });
      });
    const ms = performance.now() - t0;
    const dcl = await s.page.evaluate(
      "new Promise((r) => { const f = () => { const n = performance.getEntriesByType('navigation')[0]; n && n.domContentLoadedEventEnd > 0 ? r(n.domContentLoadedEventEnd) : setTimeout(f, 10); }; f(); })",
    );
    s.rows = await s.page.locator('table.grid tbody tr').count();
    return { ms, dcl };
  };
  for (const s of stores) s.cold = await open(s);
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of i % 2 === 0 ? stores : [...stores].reverse()) {
      const r = await open(s);
      s.usable.push(r.ms);
      s.dcl.push(r.dcl);
    }
  }
  const round = (x) => Math.round(x);
  const result = Object.fromEntries(
    stores.map((s) => [
      s.name,
      {
        median_ms: round(median(s.usable)),
        max_ms: round(Math.max(...s.usable)),
        runs_ms: s.usable.map(round),
        dom_content_loaded_median_ms: round(median(s.dcl)),
        cold_first_ms: round(s.cold.ms),
        rows_on_screen: s.rows,
        server_ready_ms: s.readyMs,
      },
    ]),
  );
  const big1 = result.filings_1m.median_ms;
  report({
    bench: 'console-first-page',
    filings: N,
    rounds: ROUNDS,
    page: '/queue?lane=red',
    ...result,
    ratio_1m_to_empty: Number((big1 / result.empty.median_ms).toFixed(2)),
    load_avg: os.loadavg().map((x) => Number(x.toFixed(2))),
    target_ms: TARGET_MS,
    pass: big1 <= TARGET_MS,
  });
} finally {
  await browser.close();
  for (const s of stores) s.server.kill('SIGTERM');
}
