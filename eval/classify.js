// HS classifier evaluation (`npm run eval:classify`). The data and the split are defined once in
// eval/cls-data.js:
//
// - the CBP rulings of Jun–Sep 2026 with the officer's description, held out entirely: one model
//   built from every other corpus (the first rulings set, the precedents, the older CBP and UK
//   rulings, the UK parcel references, the UK search references and EU scope texts);
// - the first CBP rulings set in 5 fixed folds, each fold's model built from the other folds and
//   the same corpora; only the tuning share (30 %) was looked at while developing, the other 70 %
//   is reported held out;
// - with `--ecommerce`, the seller-declared e-commerce set as operator history, evaluated on its
//   folds (noisy labels, no licence: evaluation only, never shipped).
//
// Prints one JSON line per run and a readable table on stderr. `--learning-curve` reruns the
// folds with each fold's labeled history thinned to a seeded share; `--tuning-only` shows only the
// tuning share (CLS_WEIGHTS='{"cbp-precedent":0.5}' overrides source weights, CLS_PARAMS the
// model's parameters, `--sources a,b` keeps only those corpora: what the weights were measured with).
// `--long-dev` evaluates on the older CBP rulings (long ruling-letter descriptions, a training
// corpus) with a model built without them: how long descriptions are read was chosen there.
import {
  ClassifierModel,
  DEFAULT_PARAMS,
} from '../packages/platform/dist/modules/classification/domain/model.js';
import { K, foldOf, hashOf, isTuning, loadData, wilson } from './cls-data.js';

const ECOMMERCE = process.argv.includes('--ecommerce');
/** While developing: only the tuning share's results are shown. */
const TUNING_ONLY = process.argv.includes('--tuning-only');
/** Parameter overrides for experiments (JSON), on the tuning share only. */
const PARAMS = process.env.CLS_PARAMS
  ? { ...DEFAULT_PARAMS, ...JSON.parse(process.env.CLS_PARAMS) }
  : DEFAULT_PARAMS;
const WEIGHTS = process.env.CLS_WEIGHTS ? JSON.parse(process.env.CLS_WEIGHTS) : {};
const at = process.argv.indexOf('--sources');
const SOURCES = at > 0 ? process.argv[at + 1].split(',').filter(Boolean) : null;
const LEVELS = [2, 4, 6, 8, 10];

const data = await loadData({ sources: SOURCES });
const { lines, hs, wordnet, rulings, rulings2026, texts, kindOf } = data;
const reweigh = (e) => (e.source in WEIGHTS ? { ...e, weight: WEIGHTS[e.source] } : e);
const corpusExamples = data.corpusExamples.map(reweigh);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

/** Builds one model per fold (`folds` of them): `test(f)` rows evaluated with `train(f)` as examples. */
function crossValidate(test, train, folds = K) {
  const results = [];
  let buildMs = 0;
  for (let f = 0; f < folds; f++) {
    const t0 = performance.now();
    const model = new ClassifierModel(
      { version: `eval-fold-${f}`, lines, hs, examples: train(f), texts, wordnet },
      PARAMS,
    );
    buildMs = Math.max(buildMs, performance.now() - t0);
    for (const e of test(f)) {
      const s = performance.now();
      const r = model.classify(e.description, { top: 5 });
      const ms = performance.now() - s;
      results.push({ e, codes: r.suggestions.map((x) => x.hts), confidence: r.confidence, ms });
    }
  }
  return { results, buildMs };
}

function metrics(results) {
  const out = { n: results.length };
  for (const n of LEVELS) {
    const rows = results.filter((r) => r.e.hts.length >= n);
    const top1 = rows.filter((r) => r.codes[0]?.slice(0, n) === r.e.hts.slice(0, n)).length;
    const top5 = rows.filter((r) =>
      r.codes.slice(0, 5).some((c) => c.slice(0, n) === r.e.hts.slice(0, n)),
    ).length;
    out[`top1_${n}`] = {
      pct: Number(((100 * top1) / (rows.length || 1)).toFixed(1)),
      ci95: wilson(top1, rows.length),
      n: rows.length,
    };
    const top3 = rows.filter((r) =>
      r.codes.slice(0, 3).some((c) => c.slice(0, n) === r.e.hts.slice(0, n)),
    ).length;
    out[`top3_${n}`] = {
      pct: Number(((100 * top3) / (rows.length || 1)).toFixed(1)),
      ci95: wilson(top3, rows.length),
      n: rows.length,
    };
    out[`top5_${n}`] = {
      pct: Number(((100 * top5) / (rows.length || 1)).toFixed(1)),
      ci95: wilson(top5, rows.length),
      n: rows.length,
    };
  }
  // Accuracy when answering only the most confident 50 % and 80 % (and all: 100 %).
  for (const cover of [50, 80, 100]) {
    const kept = [...results]
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, Math.round((cover / 100) * results.length));
    for (const n of [6, 10]) {
      const rows = kept.filter((r) => r.e.hts.length >= n);
      const k = rows.filter((r) => r.codes[0]?.slice(0, n) === r.e.hts.slice(0, n)).length;
      out[`at${cover}_top1_${n}`] = {
        pct: Number(((100 * k) / (rows.length || 1)).toFixed(1)),
        ci95: wilson(k, rows.length),
        n: rows.length,
        ...(n === 6 ? { min_confidence: kept.at(-1)?.confidence ?? null } : {}),
      };
    }
  }
  // Calibration: mean confidence against accuracy (6 digits, top 1).
  const acc6 =
    results.filter((r) => r.codes[0]?.slice(0, 6) === r.e.hts.slice(0, 6)).length / (results.length || 1);
  const meanConf = results.reduce((a, r) => a + r.confidence, 0) / (results.length || 1);
  out.mean_confidence = Number(meanConf.toFixed(3));
  out.accuracy_6 = Number(acc6.toFixed(3));
  // Reliability: accuracy (6 digits, top 1) by confidence band.
  out.reliability = [0, 0.2, 0.4, 0.6, 0.8].map((lo) => {
    const band = results.filter(
      (r) => r.confidence >= lo && r.confidence < lo + 0.2 + (lo === 0.8 ? 1e-9 : 0),
    );
    const k = band.filter((r) => r.codes[0]?.slice(0, 6) === r.e.hts.slice(0, 6)).length;
    return {
      band: `${lo.toFixed(1)}–${(lo + 0.2).toFixed(1)}`,
      n: band.length,
      accuracy_6: band.length ? Number((k / band.length).toFixed(3)) : null,
    };
  });
  const ms = results.map((r) => r.ms);
  out.latency_ms = { p50: Number(quantile(ms, 0.5).toFixed(3)), p99: Number(quantile(ms, 0.99).toFixed(3)) };
  return out;
}

function table(name, m) {
  const row = (label, key) =>
    `${label.padEnd(22)}${LEVELS.map((n) => `${String(m[`${key}_${n}`].pct).padStart(6)} [${m[`${key}_${n}`].ci95.join('–')}]`.padEnd(20)).join('')}`;
  process.stderr.write(
    `\n${name} (n = ${m.n})\n${''.padEnd(22)}${LEVELS.map((n) => `${n} digits`.padEnd(20)).join('')}\n` +
      `${row('top-1 %', 'top1')}\n${row('top-3 %', 'top3')}\n${row('top-5 %', 'top5')}\n` +
      `6-digit top-1 at 50 / 80 / 100 % coverage: ${m.at50_top1_6.pct} / ${m.at80_top1_6.pct} / ${m.at100_top1_6.pct} % (score ≥ ${m.at50_top1_6.min_confidence} / ${m.at80_top1_6.min_confidence}); 10 digits ${m.at50_top1_10.pct} / ${m.at80_top1_10.pct} / ${m.at100_top1_10.pct} %\n` +
      `mean confidence ${m.mean_confidence} vs accuracy ${m.accuracy_6}; latency p50 ${m.latency_ms.p50} ms, p99 ${m.latency_ms.p99} ms\n` +
      `reliability (6-digit accuracy by confidence): ${m.reliability.map((b) => `${b.band}: ${b.accuracy_6 ?? '–'} (n ${b.n})`).join(', ')}\n`,
  );
}

// The rows evaluated and the examples each fold's model is built from: the rulings alone, or the
// e-commerce declarations with the rulings and the other folds as operator history.
const ecommerce = ECOMMERCE ? data.ecommerce() : [];
const run = ECOMMERCE
  ? {
      name: 'E-commerce declarations as operator history',
      data: 'ecommerce-declared',
      rows: ecommerce,
      history: (f) => [...rulings, ...corpusExamples, ...ecommerce.filter((e) => foldOf(e) !== f)],
    }
  : {
      name: 'CBP rulings',
      data: 'cbp-rulings',
      rows: rulings,
      history: (f) => [...rulings.filter((e) => foldOf(e) !== f), ...corpusExamples],
    };
if (process.argv.includes('--learning-curve')) {
  // Accuracy against how many labeled examples the model has: each fold's history thinned to a
  // fixed, seeded share (for the e-commerce run, of its operator history; the rulings stay whole).
  const points = [];
  for (const pct of [0, 12.5, 25, 50, 75, 100]) {
    const kept = (e) => hashOf('tradelane-cls-curve', e.description) % 1000 < pct * 10;
    const history = ECOMMERCE
      ? (f) => [...rulings, ...corpusExamples, ...ecommerce.filter((e) => foldOf(e) !== f && kept(e))]
      : (f) => run.history(f).filter(kept);
    const { results } = crossValidate((f) => run.rows.filter((e) => foldOf(e) === f), history);
    const heldOut = metrics(results.filter((r) => !isTuning(r.e)));
    const point = {
      share_pct: pct,
      examples: history(0).length,
      top1_4: heldOut.top1_4.pct,
      top1_6: heldOut.top1_6,
      top1_10: heldOut.top1_10.pct,
      top5_6: heldOut.top5_6.pct,
    };
    process.stderr.write(
      `${String(pct).padStart(5)} % of the history (${point.examples} examples): 6 digits ${point.top1_6.pct} % [${point.top1_6.ci95.join('–')}], 4 digits ${point.top1_4} %, 10 digits ${point.top1_10} %, 6-digit top-5 ${point.top5_6} %\n`,
    );
    points.push(point);
  }
  console.log(JSON.stringify({ eval: 'classify-learning-curve', data: run.data, folds: K, points }));
  process.exit(0);
}
if (process.argv.includes('--long-dev')) {
  // A development set of long descriptions: the older CBP rulings (ruling letters, a training
  // corpus, like the 2026 rulings in form), each model built without them. Used to choose how long
  // descriptions are read, never the held-out rows.
  const dev = corpusExamples.filter((e) => e.source === 'cbp-ruling-pre2010');
  const r = crossValidate(
    () => dev,
    () => [...rulings, ...corpusExamples.filter((e) => e.source !== 'cbp-ruling-pre2010')],
    1,
  );
  const m = metrics(r.results);
  table('Older CBP rulings (long descriptions; development set, not held out)', m);
  const brief = { n: m.n, build_ms: Math.round(r.buildMs) };
  for (const k of ['top1_2', 'top1_4', 'top1_6', 'top3_6', 'top5_6']) brief[k] = m[k].pct;
  brief.p50_ms = m.latency_ms.p50;
  brief.p99_ms = m.latency_ms.p99;
  console.log(JSON.stringify(brief));
  process.exit(0);
}
const { results, buildMs } = crossValidate(
  (f) => run.rows.filter((e) => foldOf(e) === f && (!TUNING_ONLY || isTuning(e))),
  run.history,
);
// The 2026 rulings, held out entirely: one model from everything ruled before them.
let held2026 = null;
if (!ECOMMERCE && !TUNING_ONLY) {
  const r = crossValidate(
    () => rulings2026,
    () => [...rulings, ...corpusExamples],
    1,
  );
  held2026 = { ...metrics(r.results), build_ms: Math.round(r.buildMs) };
  table('CBP rulings Jun–Sep 2026 (held out entirely; officer descriptions)', held2026);
}
const tuning = metrics(results.filter((r) => isTuning(r.e)));
if (TUNING_ONLY) {
  table(`${run.name}, tuning share`, tuning);
  const brief = { n: tuning.n };
  for (const k of ['top1_2', 'top1_4', 'top1_6', 'top1_10', 'top3_6', 'top5_6']) brief[k] = tuning[k].pct;
  console.log(JSON.stringify(brief));
} else {
  const all = metrics(results);
  const heldOut = metrics(results.filter((r) => !isTuning(r.e)));
  table(`${run.name}, held out (never looked at while developing)`, heldOut);
  if (!ECOMMERCE) {
    // The held-out rows by the copy they came from.
    heldOut.by_source = {};
    for (const kind of ['atlas', 'subject_line']) {
      const m = metrics(results.filter((r) => !isTuning(r.e) && kindOf.get(r.e.description) === kind));
      table(`${run.name}, held out, ${kind} rows`, m);
      heldOut.by_source[kind] = {
        n: m.n,
        top1_6: m.top1_6,
        top1_10: m.top1_10,
        top5_6: m.top5_6,
        top1_4: m.top1_4,
      };
    }
  }
  table(`${run.name}, tuning share`, tuning);
  table(`${run.name}, all folds`, all);
  console.log(
    JSON.stringify({
      eval: 'classify',
      data: run.data,
      folds: K,
      build_ms: Math.round(buildMs),
      corpora: data.counts,
      dropped: data.dropped,
      ...(held2026 ? { held_out_2026: held2026 } : {}),
      held_out: heldOut,
      tuning,
      all,
    }),
  );
}
