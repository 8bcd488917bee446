// The misdeclaration check on descriptions the model has not seen, in process: what the
// classification stage costs a line whose description is new (each new description is searched in
// the tariff's and the examples' indices; a seen one is answered from memory). The model is
// `serve`'s own (the container built on the shared data, its artefact cache), the descriptions
// real: e-commerce declarations (used as inputs only) and the 2026 CBP rulings', each with its
// declared number. Each round checks every description with a suffix of its own (" r1", " r2"…),
// so that no round meets a description it has seen.
//
// The rounds' descriptions are new texts made of words seen before (the same descriptions with
// another suffix): what depends on a word alone (its stem, its WordNet lemma and expansions) is
// remembered after the first round, as it is for real traffic's common words.
//
// Baseline in the same run: BENCH_BASE_ROOT (another build's packages/platform, e.g. a copy in
// bench/out/base/platform). Both builds are loaded into this process, each with its own model on a
// database and an empty artefact cache of its own (so each fits its ranker and calibrates its
// thresholds itself, ranking its examples left out), and their rounds alternate; the answer is the
// median of the paired ratios (this build / base). Their answers are compared, so that a speed
// change cannot change a check unnoticed (`same_answers`): the fitted weights and thresholds, every
// description's check, and every description checked again under the next one's declared number
// after all the others (a search kept, not just run). Without a base, only this build's rounds.
//   BENCH_N (2,000 descriptions a round), BENCH_ROUNDS (8).
//   taskset -c 1 node --expose-gc bench/check-cpu.js
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
  const cache = join(ROOT, 'bench', 'out', `check-cpu-cache-${name}`);
  for (const f of [db, `${db}-wal`, `${db}-shm`, cache]) rmSync(f, { recursive: true, force: true });
  const config = loadConfig({
    ...process.env,
    TRADELANE_DATABASE_URL: `sqlite:${db}`,
    TRADELANE_CACHE_DIR: cache,
  });
  const c = await createContainer(config, { background: false });
  const model = c.classification.current();
  if (!model) throw new Error(`${name}: no classifier model`);
  const thresholds = c.classification.thresholdsOf(model);
  const { weights, calib, learned } = model.fitted();
  return {
    name,
    c,
    files: [db, `${db}-wal`, `${db}-shm`, cache],
    fit: JSON.stringify({ weights: [...weights], calib, learned, thresholds }),
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
// Four e-commerce declarations to one ruling (longer texts), spread over the e-commerce set; each
// description once.
const items = [];
const taken = new Set();
const take = (e) => {
  if (items.length >= N || taken.has(e.description)) return;
  taken.add(e.description);
  items.push([e.description, e.hts]);
};
for (let i = 0; items.length < N && i < ecommerce.length; i++) {
  take(ecommerce[(i * 7) % ecommerce.length]);
  if (i % 4 === 0 && rulings[i / 4]) take(rulings[i / 4]);
}

/**
 * The digest of a build's answers: its fit, every description checked with `suffix`, then each
 * checked again under the next description's declared number.
 */
function digest(b, suffix) {
  const h = createHash('sha256').update(b.fit);
  for (const [text, declared] of items) h.update(JSON.stringify(b.check(text + suffix, declared)));
  items.forEach(([text], i) =>
    h.update(JSON.stringify(b.check(text + suffix, items[(i + 1) % items.length][1]))),
  );
  return h.digest('hex').slice(0, 16);
}
/**
 * Milliseconds a description, every description new (its round's suffix). With --expose-gc, a full
 * collection first, uncounted: both builds share the heap, and one build's rounds would otherwise
 * pay for collections the other's garbage brought on (an A/A run without it: every fourth round of
 * the second-loaded build 1.5–1.7× the first's, the paired median 1.027).
 */
function round(b, r) {
  globalThis.gc?.();
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
  for (const f of b.files) rmSync(f, { recursive: true, force: true });
}
const r4 = (x) => Number(x.toFixed(4));
report({
  bench: 'check-cpu',
  descriptions: items.length,
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
