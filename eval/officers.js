// Learning from officers (`npm run eval:officers`): how accuracy and the misdeclaration check's
// catch rate grow as officers' corrections arrive.
//
// Corrections are simulated from the e-commerce declarations (evaluation only, never shipped):
// the rows in the first four folds (eval/cls-data.js) are, in a seeded order, the lines officers
// corrected; 0, 100, 1,000 and 10,000 of them join the model as `officer-correction` examples
// (as ClassificationService does with the stored corrections). The evaluation rows are 1,000
// hash-drawn rows of the fifth fold, never corrected: top-1 at 6 and 10 digits, and the check's
// false flags (declared right) and catches (declared under another held-out row's code of another
// chapter). Every model also has every public corpus (the CBP rulings of 2026 aside, as in the
// other evaluations); the check's thresholds are recalibrated at each build, as in the product.
import { ClassifierModel } from '../packages/platform/dist/modules/classification/domain/model.js';
import {
  calibrateCheck,
  checkDeclared,
} from '../packages/platform/dist/modules/classification/domain/check.js';
import { foldOf, hashOf, loadData, pct } from './cls-data.js';

const data = await loadData();
const { lines, hs, wordnet, rulings, corpusExamples, texts } = data;
const ecommerce = data.ecommerce();
const pool = ecommerce
  .filter((e) => foldOf(e) !== 4)
  .sort((a, b) => hashOf('tradelane-officers', a.description) - hashOf('tradelane-officers', b.description));
const test = ecommerce
  .filter((e) => foldOf(e) === 4 && e.hts.length === 10)
  .sort(
    (a, b) =>
      hashOf('tradelane-officers-test', a.description) - hashOf('tradelane-officers-test', b.description),
  )
  .slice(0, 1000);

const points = [];
for (const n of [0, 100, 1000, 10000]) {
  const corrections = pool.slice(0, n).map((e, i) => ({
    description: e.description,
    hts: e.hts,
    source: 'officer-correction',
    ref: `sim-${i}`,
    weight: 1,
  }));
  const t0 = performance.now();
  const model = new ClassifierModel({
    version: `eval-officers-${n}`,
    lines,
    hs,
    examples: [...rulings, ...corpusExamples, ...corrections],
    texts,
    wordnet,
  });
  const thresholds = calibrateCheck(model);
  const buildMs = performance.now() - t0;
  let k6 = 0;
  let k10 = 0;
  let falseFlags = 0;
  let caught = 0;
  let swapped = 0;
  const rows = test.filter((e) => model.knows(e.hts));
  rows.forEach((e, i) => {
    const top = model.classify(e.description, { top: 1 }).suggestions[0]?.hts ?? '';
    if (top.slice(0, 6) === e.hts.slice(0, 6)) k6++;
    if (top === e.hts) k10++;
    if (checkDeclared(model, thresholds, e.description, e.hts)?.implausibleAt) falseFlags++;
    const other = [...rows.slice(i + 1), ...rows.slice(0, i)].find(
      (x) => x.hts.slice(0, 2) !== e.hts.slice(0, 2),
    );
    if (!other) return;
    swapped++;
    if (checkDeclared(model, thresholds, e.description, other.hts)?.implausibleAt) caught++;
  });
  const point = {
    corrections: n,
    build_ms: Math.round(buildMs),
    top1_6: pct(k6, rows.length),
    top1_10: pct(k10, rows.length),
    check_false_flags: pct(falseFlags, rows.length),
    check_catch_other_chapter: pct(caught, swapped),
  };
  process.stderr.write(
    `${String(n).padStart(6)} corrections: 6 digits ${point.top1_6.pct} %, 10 digits ${point.top1_10.pct} %; check: catches ${point.check_catch_other_chapter.pct} % of other-chapter codes, false flags ${point.check_false_flags.pct} % (build + calibration ${point.build_ms} ms)\n`,
  );
  points.push(point);
}
console.log(JSON.stringify({ eval: 'officers', data: 'ecommerce-declared fold 5, 1,000 rows', points }));
