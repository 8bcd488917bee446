// What a filing leaves in the old generation for a full collection to free: the bytes by which the
// old generation grows while filings are judged, and how much of that growth the next full
// collection frees. A server's full collections come as often as its old generation fills, and
// on one core each holds every answer for 100–250 ms (docs/benchmarks.md): bytes that only a full
// collection frees are what decides how many fall in a minute. Unlike latency, the count of bytes
// moves little with the host's speed (what the optimizing compiler removes, and in file mode the
// group commit's timing, can move it some), so builds compare on noisy machines. By default it
// measures the warm steady state: the same 4,000 bodies come back, so no description or party is
// new (BENCH_UNSEEN=1 below: every filing new).
//
// Each build's container is made as `tradelane serve` makes it (SQLite, every list and the
// classifier; no background work) and its filing service judges the same filings — every stage
// and the lane decision — one after another, each from a fresh copy of its body (so that nothing
// the stages keep can be the filing itself). A round: a full collection, N filings, the old
// generation's growth; another full collection, what it freed. The builds take turns, the first
// of each round alternating; the answer is the median of the rounds' paired ratios (freed bytes,
// this build / base).
// BENCH_MODE=file files them instead (`fileOne`: the row, the group commit and the decision chain
// too), one at a time.
// BENCH_UNSEEN=1: every filing brings goods and parties no filing brought before (as filing-cpu.js
// makes them: the e-commerce declarations' descriptions as inputs, new company names), the same
// ones for both builds in a round: what a server's first minutes of new traffic leave, where the
// misdeclaration check searches for each new description's neighbours. Defaults then: 1,500 a
// round, 1,500 to warm up.
//
// Baseline in the same run: BENCH_BASE_ROOT (another build's packages/platform), loaded into this
// process beside this build. Without it, this build alone.
//   BENCH_N (3,000 filings a round; 1,500 unseen), BENCH_ROUNDS (5), BENCH_WARMUP (4,000; 1,500 unseen).
//   node --expose-gc bench/old-garbage.js
import { join } from 'node:path';
import v8 from 'node:v8';
import { ROOT, SHARED_DATA, containerOf, makeShipments, median, report, unseenBodies } from './lib.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const UNSEEN = process.env.BENCH_UNSEEN === '1';
const N = Number(process.env.BENCH_N ?? (UNSEEN ? 1500 : 3000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? (UNSEEN ? 1500 : 4000));
const MODE = process.env.BENCH_MODE === 'file' ? 'file' : 'judge';
const BASE_ROOT = process.env.BENCH_BASE_ROOT ?? null;
Object.assign(process.env, { TRADELANE_LOG_LEVEL: 'warn', TRADELANE_REFDATA_DIR: SHARED_DATA });

const oldBytes = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
/** The bodies: 4,000 that come back (a filing's own copy each time), or new ones as JSON texts. */
const bodies = UNSEEN ? await unseenBodies(WARMUP + ROUNDS * N) : makeShipments(4000, 99);
const bodyAt = (i) => (UNSEEN ? JSON.parse(bodies[i]) : structuredClone(bodies[i % bodies.length]));

async function buildOf(platformRoot, name) {
  const { c } = await containerOf(platformRoot, join(ROOT, 'bench', 'out', `old-garbage-${name}.db`), {
    checkpoints: 'background',
    loadRegistry: true,
    background: false,
  });
  await c.warmUp();
  const one =
    MODE === 'file'
      ? async (i) => {
          await c.filing.fileOne('bench', bodyAt(i), null);
        }
      : async (i) => {
          c.filing.evaluate('bench', bodyAt(i));
        };
  return { name, c, one, rounds: [] };
}

/** N filings: the old generation's growth a filing, and what the next full collection freed of it. */
async function round(b, from) {
  globalThis.gc();
  await settle();
  const before = oldBytes();
  for (let i = 0; i < N; i++) await b.one(from + i);
  const grown = oldBytes() - before;
  globalThis.gc();
  await settle();
  const freed = before + grown - oldBytes();
  b.rounds.push({ grown: grown / N, freed: freed / N });
}

const ours = await buildOf(join(ROOT, 'packages', 'platform'), 'this');
const base = BASE_ROOT ? await buildOf(BASE_ROOT, 'base') : null;
for (const b of [ours, base]) if (b) for (let i = 0; i < WARMUP; i++) await b.one(i);
for (let r = 0; r < ROUNDS; r++)
  for (const b of r % 2 ? [ours, base] : [base, ours]) if (b) await round(b, WARMUP + r * N);
for (const b of [ours, base]) if (b) await b.c.close();
const ratios = base ? ours.rounds.map((x, i) => x.freed / Math.max(base.rounds[i].freed, 1)) : [];

const summary = (b) => ({
  old_growth_bytes_per_filing: Math.round(median(b.rounds.map((x) => x.grown))),
  freed_by_full_gc_bytes_per_filing: Math.round(median(b.rounds.map((x) => x.freed))),
  rounds: b.rounds.map((x) => [Math.round(x.grown), Math.round(x.freed)]),
});
const mine = summary(ours);
report({
  bench: 'old-garbage',
  mode: MODE,
  unseen: UNSEEN,
  filings_per_round: N,
  rounds_count: ROUNDS,
  ...mine,
  ...(base
    ? {
        baseline: { name: `the build at ${BASE_ROOT}`, ...summary(base) },
        ratio_to_baseline: Number(median(ratios).toFixed(3)),
        ratio_rounds: ratios.map((x) => Number(x.toFixed(3))),
      }
    : {}),
  warmup: WARMUP,
  pass: null,
});
process.exit(0);
