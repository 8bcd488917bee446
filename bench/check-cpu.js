// The misdeclaration check on descriptions the model has not seen, in process: what the
// classification stage costs a line whose description is new (each new description is searched in
// the tariff's and the examples' indices; a seen one is answered from memory). The model is
// `serve`'s own (the container built on the shared data, its artefact cache), the descriptions
// real: e-commerce declarations (used as inputs only) and the 2026 CBP rulings', each with its
// declared number. Each round checks every description with a suffix of its own (" r1", " r2"…),
// so that no round meets a description it has seen.
//
// Baseline in the same run: BENCH_BASE_ROOT (another build's packages/platform, e.g. a copy in
// bench/out/base/platform). Both builds are loaded into this process, each with its own model on a
// database of its own, and their rounds alternate; the answer is the median of the paired ratios
// (this build / base). Before timing, both check the same descriptions and their answers are
// compared: `same_answers` (a digest of every result), so that a speed change cannot change a
// check unnoticed. Without a base, only this build's rounds.
//   BENCH_N (2,000 descriptions a round), BENCH_ROUNDS (8).
//   taskset -c 1 node bench/check-cpu.js
import { readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHARED_DATA, median, report } from './lib.js';

const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const BASE_ROOT = process.env.BENCH_BASE_ROOT ?? null;
Object.assign(process.env, { TRADELANE_LOG_LEVEL: 'warn', TRADELANE_REFDATA_DIR: SHARED_DATA });

/** One build's model, its thresholds and its check, on a database of its own. */
async function buildOf(root, name) {
  const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
  const { loadConfig } = await import(dist('platform/config/config.js'));
  const { createContainer } = await import(dist('main/container.js'));
  const { checkDeclared } = await import(dist('modules/classification/domain/check.js'));
  const db = join(ROOT, 'bench', 'out', `check-cpu-${name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const c = await createContainer(loadConfig({ ...process.env, TRADELANE_DATABASE_URL: `sqlite:${db}` }), {
    background: false,
  });
  const model = c.classification.current();
  if (!model) throw new Error(`${name}: no classifier model`);
  const thresholds = c.classification.thresholdsOf(model);
  return {
    name,
    c,
    db,
    check: (text, declared) => checkDeclared(model, thresholds, text, declared),
    ms: [],
  };
}

const ours = await buildOf(process.env.BENCH_NEW_ROOT ?? join(ROOT, 'packages', 'platform'), 'this');
const base = BASE_ROOT ? await buildOf(BASE_ROOT, 'base') : null;

const { parseLabeled } = await import(
  pathToFileURL(join(ROOT, 'packages/platform/dist/modules/classification/adapters/labeled.js')).href
);
const read = (p) => readFileSync(join(SHARED_DATA, p), 'utf8');
const ecommerce = parseLabeled(read('hts-labeled-ecommerce-declared/train.csv'), 'bench').examples;
const rulings = parseLabeled(read('hts-labeled-cbp-cross-2026-descriptions/rulings.jsonl'), 'bench').examples;
// Four e-commerce declarations to one ruling (longer texts), spread over the e-commerce set.
const items = [];
for (let i = 0; items.length < N; i++) {
  const e = ecommerce[(i * 7) % ecommerce.length];
  items.push([e.description, e.hts]);
  if (i % 4 === 0 && rulings[i / 4]) items.push([rulings[i / 4].description, rulings[i / 4].hts]);
}
items.length = N;

/** Every description checked once with `suffix`; the digest of the answers. */
function digest(b, suffix) {
  const h = createHash('sha256');
  for (const [text, declared] of items) h.update(JSON.stringify(b.check(text + suffix, declared)));
  return h.digest('hex').slice(0, 16);
}
/** Milliseconds a description, every description new (its round's suffix). */
function round(b, r) {
  const t0 = performance.now();
  for (const [text, declared] of items) b.check(`${text} r${r}`, declared);
  return (performance.now() - t0) / items.length;
}

// The answers compared (and the JIT warmed) on descriptions as given.
const answers = { this: digest(ours, '') };
if (base) answers.base = digest(base, '');
const ratios = [];
for (let r = 1; r <= ROUNDS; r++) {
  if (!base) {
    ours.ms.push(round(ours, r));
    continue;
  }
  const v = {};
  for (const b of r % 2 ? [base, ours] : [ours, base]) b.ms.push((v[b.name] = round(b, r)));
  ratios.push(v.this / v.base);
}
for (const b of [ours, base]) {
  if (!b) continue;
  await b.c.close();
  for (const f of [b.db, `${b.db}-wal`, `${b.db}-shm`]) rmSync(f, { force: true });
}
const r4 = (x) => Number(x.toFixed(4));
report({
  bench: 'check-cpu',
  descriptions: N,
  rounds: ROUNDS,
  ms_per_new_description: r4(median(ours.ms)),
  ms_rounds: ours.ms.map(r4),
  digest: answers.this,
  ...(base
    ? {
        baseline: {
          name: `build at ${BASE_ROOT}, rounds alternating in this process`,
          ms_per_new_description: r4(median(base.ms)),
          ms_rounds: base.ms.map(r4),
        },
        same_answers: answers.this === answers.base,
        ratio_to_baseline: r4(median(ratios)),
        ratio_rounds: ratios.map(r4),
      }
    : {}),
  pass: base ? answers.this === answers.base : null,
});
process.exit(base && answers.this !== answers.base ? 1 : 0);
