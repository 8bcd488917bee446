// The misdeclaration check's evaluation (`npm run eval:misdeclaration`): held-out rulings filed
// under their own code and under swapped ones, as an officer meets them.
//
// The model is built from every corpus but the held-out rows (eval/cls-data.js: the CBP rulings of
// Jun–Sep 2026 held out entirely); the check's thresholds are calibrated when it is built, on its
// own examples left out (domain/check.ts), never on held-out rows. Each held-out ruling is then
// declared four ways: under its own code (a flag is a false flag), under the code of another
// held-out ruling of another chapter, under a line of another heading of its chapter, and under a
// line of another subheading of its heading (each a catch when flagged). Swaps are drawn by a
// seeded hash, so every run files the same lines. `--ecommerce` does the same on 2,000 hash-drawn
// e-commerce declarations (noisy seller labels; evaluation only), the model built without them.
// For comparison the stage before this check is run on the same lines: it warned when the top
// suggestion scored ≥ 0.5 and the declared subheading was not among the top three.
import { ClassifierModel } from '../packages/platform/dist/modules/classification/domain/model.js';
import {
  calibrateCheck,
  checkDeclared,
} from '../packages/platform/dist/modules/classification/domain/check.js';
import { hashOf, loadData, pct } from './cls-data.js';

const ECOMMERCE = process.argv.includes('--ecommerce');
const data = await loadData();
const { lines, hs, wordnet, rulings, rulings2026, corpusExamples, texts } = data;

const t0 = performance.now();
const model = new ClassifierModel({
  version: 'eval-misdeclaration',
  lines,
  hs,
  examples: [...rulings, ...corpusExamples],
  texts,
  wordnet,
});
const buildMs = performance.now() - t0;
const t1 = performance.now();
const thresholds = calibrateCheck(model);
const calibrateMs = performance.now() - t1;

const heldOut = ECOMMERCE
  ? data
      .ecommerce()
      .filter((e) => hashOf('tradelane-misdeclaration-sample', e.description) % 16 === 0)
      .slice(0, 2000)
  : rulings2026;
const rows = heldOut.filter((e) => e.hts.length === 10 && model.knows(e.hts));

const byHeading = new Map();
const bySub = new Map();
for (const l of lines) {
  if (!model.knows(l.hts)) continue;
  const h = l.hts.slice(0, 4);
  if (!byHeading.has(h.slice(0, 2))) byHeading.set(h.slice(0, 2), []);
  byHeading.get(h.slice(0, 2)).push(l.hts);
  if (!bySub.has(h)) bySub.set(h, []);
  bySub.get(h).push(l.hts);
}
const pick = (xs, salt) => (xs.length === 0 ? null : xs[hashOf(salt, xs.join(',')) % xs.length]);
const shuffled = [...rows].sort(
  (a, b) => hashOf('tradelane-swap', a.description) - hashOf('tradelane-swap', b.description),
);
function swaps(e, i) {
  const otherChapter = [...shuffled.slice(i + 1), ...shuffled.slice(0, i)].find(
    (x) => x.hts.slice(0, 2) !== e.hts.slice(0, 2),
  );
  const sameChapter = (byHeading.get(e.hts.slice(0, 2)) ?? []).filter(
    (h) => h.slice(0, 4) !== e.hts.slice(0, 4),
  );
  const sameHeading = (bySub.get(e.hts.slice(0, 4)) ?? []).filter((h) => h.slice(0, 6) !== e.hts.slice(0, 6));
  return {
    chapter: otherChapter?.hts ?? null,
    heading: pick(sameChapter, `heading|${e.description}`),
    subheading: pick(sameHeading, `sub|${e.description}`),
  };
}

/** The stage before this check: a confident top suggestion (≥ 0.5) and the declared subheading not in the top 3. */
const oldStage = (c, declared) =>
  !c.abstain &&
  (c.suggestions[0]?.score ?? 0) >= 0.5 &&
  !c.suggestions.slice(0, 3).some((x) => x.hts.slice(0, 6) === declared.slice(0, 6));

const count = { correct: [0, 0], chapter: [0, 0], heading: [0, 0], subheading: [0, 0] };
const atLevel = { chapter: 0, heading: 0, subheading: 0 };
const old = { correct: [0, 0], chapter: [0, 0] };
const ms = [];
shuffled.forEach((e, i) => {
  const s = performance.now();
  const right = checkDeclared(model, thresholds, e.description, e.hts);
  ms.push(performance.now() - s);
  count.correct[1]++;
  if (right?.implausibleAt) count.correct[0]++;
  const c = model.classify(e.description, { top: 3, abstainBelow: 0.2 });
  old.correct[1]++;
  if (oldStage(c, e.hts)) old.correct[0]++;
  const sw = swaps(e, shuffled.length > 1 ? i : 0);
  for (const level of ['chapter', 'heading', 'subheading']) {
    const declared = sw[level];
    if (!declared) continue;
    const r = checkDeclared(model, thresholds, e.description, declared);
    count[level][1]++;
    if (r?.implausibleAt) count[level][0]++;
    if (r?.implausibleAt === level) atLevel[level]++;
    if (level === 'chapter') {
      old.chapter[1]++;
      if (oldStage(c, declared)) old.chapter[0]++;
    }
  }
});

const sorted = [...ms].sort((a, b) => a - b);
const q = (p) => Number(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(3));
const flagged = (k) => pct(count[k][0], count[k][1]);
const precision = (k) => pct(count[k][0], count[k][0] + count.correct[0]);
const tshirt = checkDeclared(model, thresholds, "Men's T-shirts, 100% cotton, knitted", '4415200000');
const report = {
  eval: 'misdeclaration',
  data: ECOMMERCE ? 'ecommerce-declared (2,000 hash-drawn rows)' : 'cbp-rulings-2026 (held out entirely)',
  lines: rows.length,
  build_ms: Math.round(buildMs),
  calibrate_ms: Math.round(calibrateMs),
  thresholds,
  false_flags_on_correct: flagged('correct'),
  catch: { chapter: flagged('chapter'), heading: flagged('heading'), subheading: flagged('subheading') },
  caught_at_the_swapped_level: {
    chapter: pct(atLevel.chapter, count.chapter[1]),
    heading: pct(atLevel.heading, count.heading[1]),
    subheading: pct(atLevel.subheading, count.subheading[1]),
  },
  precision_one_swap_per_correct_line: {
    chapter: precision('chapter'),
    heading: precision('heading'),
    subheading: precision('subheading'),
  },
  stage_before: { false_flags_on_correct: pct(...old.correct), catch_chapter: pct(...old.chapter) },
  latency_ms: { p50: q(0.5), p99: q(0.99) },
  tshirts_as_pallets: tshirt && {
    implausible_at: tshirt.implausibleAt,
    plausibility: tshirt.plausibility,
    suggested: tshirt.suggested,
  },
};
const line = (k, m) => `${k.padEnd(44)}${String(m.pct).padStart(6)} % [${m.ci95.join('–')}] (n ${m.n})`;
process.stderr.write(
  `\nMisdeclaration check, ${report.data}: ${rows.length} lines; thresholds chapter ${thresholds.chapter.toFixed(4)}, heading ${thresholds.heading.toFixed(4)}, subheading ${thresholds.subheading.toFixed(4)} (calibrated on ${thresholds.n} left-out examples)\n` +
    `${line('false flags, correctly declared', report.false_flags_on_correct)}\n` +
    `${line('caught, another chapter', report.catch.chapter)}\n` +
    `${line('caught, another heading of the chapter', report.catch.heading)}\n` +
    `${line('caught, another subheading of the heading', report.catch.subheading)}\n` +
    `${line('precision (one swap per correct line), chapter', report.precision_one_swap_per_correct_line.chapter)}\n` +
    `${line('stage before: false flags', report.stage_before.false_flags_on_correct)}\n` +
    `${line('stage before: caught, another chapter', report.stage_before.catch_chapter)}\n` +
    `latency p50 ${report.latency_ms.p50} ms, p99 ${report.latency_ms.p99} ms; build ${report.build_ms} ms + calibration ${report.calibrate_ms} ms\n` +
    `"Men's T-shirts" declared 4415.20 (pallets): ${tshirt?.implausibleAt ? `flagged at ${tshirt.implausibleAt}` : 'NOT flagged'}, suggested ${tshirt?.suggested?.hts}\n`,
);
console.log(JSON.stringify(report));
