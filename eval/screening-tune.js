// Tuning the screening score on the TUNING halves only (held-out entries and the held-out
// negative seed are never read here). `node eval/screening-tune.js '[{"editCost":4}, …]'`: each
// configuration sets SCREEN_SCORE / EVIDENCE fields, rebuilds the index and prints, per threshold,
// recall@1 on aliases and 1–2-edit variants, the descriptor set's recall and the false-positive
// rates of the two negative sets. How the shipped values were chosen: docs/evaluation.md.
import { EVIDENCE, SCREEN_SCORE } from '../packages/platform/dist/modules/screening/domain/score.js';
import { rng } from '../bench/lib.js';
import { buildIndex, loadEntries, negatives } from '../bench/screening-data.js';
import { hardNegatives } from './screening-negatives.js';
import { descriptorCases, markAmbiguous, PUBLISHED, standing, variants } from './screening-sets.js';

export const SWEEP = [0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88, 0.9];
export const TUNING_SEEDS = { hard: 101, faker: 7, descriptors: 31 };

/** Recall and false positives of one index on the tuning sets, at each threshold of SWEEP. */
export function measure(index, sets) {
  const lo = SWEEP[0];
  const rate = (xs, ok) =>
    SWEEP.map((t) => Number(((xs.filter((x) => ok(x, t)).length / xs.length) * 100).toFixed(2)));
  const entries = index.entries.all();
  const clear = markAmbiguous(sets.positives, entries, index.parties.primaryOf);
  const pos = clear.map((q) => standing(index, q, lo));
  const desc = markAmbiguous(sets.descriptors, entries, index.parties.primaryOf)
    .filter((q) => !q.ambiguous)
    .map((q) => standing(index, q, lo));
  const hard = sets.hard.map((q) => index.screen(q, { minScore: lo })[0]?.score ?? 0);
  const faker = sets.faker.map((q) => index.screen(q, { minScore: lo })[0]?.score ?? 0);
  const pub = PUBLISHED.map((q) => standing(index, q, lo));
  const pick = (f) =>
    clear
      .map((q, i) => [q, pos[i]])
      .filter(([q]) => f(q))
      .map(([, s]) => s);
  const unambiguous = pick((q) => !q.ambiguous);
  const sdn = pick((q) => !q.ambiguous && q.expect.startsWith('ofac-sdn:'));
  return {
    recall: rate(unambiguous, (s, t) => s.at === 'top' && s.score >= t),
    recall_ties: rate(pos, (s, t) => s.at !== null && s.score >= t),
    recall_sdn: rate(sdn, (s, t) => s.at === 'top' && s.score >= t),
    descriptors: rate(desc, (s, t) => s.at === 'top' && s.score >= t),
    fp_hard: rate(hard, (s, t) => s >= t),
    fp_faker: rate(faker, (s, t) => s >= t),
    published: SWEEP.map((t) => pub.filter((s) => s.at === 'top' && s.score >= t).length),
  };
}

export async function tuningSets(entries, n = 10_000) {
  const positives = variants(entries, rng(2026)).filter(
    (q) => !q.held && /^(alias|typo1|typo2)$/.test(q.kind),
  );
  const descriptors = descriptorCases(entries, rng(TUNING_SEEDS.descriptors)).filter((q) => !q.held);
  return {
    positives,
    descriptors,
    hard: await hardNegatives(n, TUNING_SEEDS.hard),
    faker: await negatives(n, TUNING_SEEDS.faker),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const configs = JSON.parse(process.argv[2] ?? '[{}]');
  const entries = loadEntries();
  const sets = await tuningSets(entries, Number(process.env.TUNE_NEGATIVES ?? 10_000));
  const base = { ...SCREEN_SCORE, typeHintMismatch: EVIDENCE.typeHintMismatch };
  for (const c of configs) {
    Object.assign(SCREEN_SCORE, base, c);
    for (const k of Object.keys(SCREEN_SCORE)) if (!(k in c)) SCREEN_SCORE[k] = base[k];
    EVIDENCE.typeHintMismatch = c.typeHintMismatch ?? base.typeHintMismatch;
    const t0 = performance.now();
    const index = buildIndex(entries);
    const m = measure(index, sets);
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(`${JSON.stringify(c)} (${ms} ms)\n`);
    SWEEP.forEach((t, i) => {
      process.stdout.write(
        `  ${t.toFixed(2)}  recall ${m.recall[i].toFixed(2)} (ties ${m.recall_ties[i].toFixed(2)}, sdn ${m.recall_sdn[i].toFixed(2)})  descr ${m.descriptors[i].toFixed(2)}  fp_hard ${m.fp_hard[i].toFixed(2)}  fp_faker ${m.fp_faker[i].toFixed(2)}  published ${m.published[i]}/15\n`,
      );
    });
  }
}
