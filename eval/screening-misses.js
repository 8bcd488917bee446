// The misses of the tuning half (never the held-out entries): which variants of listed names do
// not find their party first at the default threshold, with a rough class for each, to see where
// the recall is lost. `node eval/screening-misses.js [kind…]` (default alias typo1 typo2), or
// `node eval/screening-misses.js fp`: the false positives of the tuning hard negatives (seed 101);
// MISSES_SHOW=N prints N examples per class; MISSES_CONFIG='{"twoEditsFrom":5}' sets SCREEN_SCORE
// fields first, as eval/screening-tune.js does.
import { rng } from '../bench/lib.js';
import { buildIndex, loadEntries } from '../bench/screening-data.js';
import { normalizeName } from '../packages/platform/dist/modules/screening/domain/normalize.js';
import { SCREEN_SCORE } from '../packages/platform/dist/modules/screening/domain/score.js';
import { hardNegatives } from './screening-negatives.js';
import { markAmbiguous, standing, variants } from './screening-sets.js';
import { TUNING_SEEDS } from './screening-tune.js';

const kinds = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ['alias', 'typo1', 'typo2']);
const SHOW = Number(process.env.MISSES_SHOW ?? 8);
Object.assign(SCREEN_SCORE, JSON.parse(process.env.MISSES_CONFIG ?? '{}'));
const entries = loadEntries();
const index = buildIndex(entries);
const threshold = index.minThreshold;
if (kinds.has('fp')) {
  const hard = await hardNegatives(Number(process.env.TUNE_NEGATIVES ?? 10_000), TUNING_SEEDS.hard);
  for (const q of hard) {
    const m = index.screen(q)[0];
    if (m)
      console.log(
        `${q.name} (${q.country}) ⇒ ${m.matchedName} [${m.entry.id}] ${m.score} ${m.explanation.name.method}`,
      );
  }
  process.exit(0);
}
const queries = markAmbiguous(
  variants(entries, rng(2026)).filter((q) => !q.held && kinds.has(q.kind)),
  entries,
  index.parties.primaryOf,
).filter((q) => !q.ambiguous);

/** A rough class of a miss, from the words of the listed name and of the variant. */
function classify(q, s) {
  if (q.kind === 'alias') return s.top ? 'alias:other-first' : 'alias:nothing';
  const a = normalizeName(q.from).tokens;
  const b = normalizeName(q.name).tokens;
  if (a.length !== b.length) return `${q.kind}:word-count-changed`;
  const changed = a.map((w, i) => (w === b[i] ? null : [w, b[i]])).filter(Boolean);
  if (changed.length === 0) return `${q.kind}:same-words`;
  const short = Math.min(...changed.map(([w]) => w.length));
  const where = s.top ? 'other-first' : 'nothing';
  if (short <= 2) return `${q.kind}:edit-in-1-2-letter-word:${where}`;
  if (changed.length === 1 && short <= 5) return `${q.kind}:edits-in-one-short-word(≤5):${where}`;
  if (changed.length === 1) return `${q.kind}:edits-in-one-word(6+):${where}`;
  return `${q.kind}:edits-in-two-words:${where}`;
}

const by = {};
const n = {};
for (const q of queries) {
  n[q.kind] = (n[q.kind] ?? 0) + 1;
  const s = standing(index, q, threshold);
  if (s.at === 'top' && s.score >= threshold) continue;
  const c = classify(q, s);
  (by[c] ??= []).push(
    `${q.from} → ${q.name} ⇒ ${s.top ? `${s.top.matchedName} [${s.top.entry.id}] ${s.top.score}${s.at === 'tied' ? ' (tied)' : ''}` : 'nothing'}`,
  );
}
console.log(JSON.stringify(n));
for (const [c, xs] of Object.entries(by).sort((a, b) => b[1].length - a[1].length)) {
  console.log(`${c}: ${xs.length}`);
  for (const x of xs.slice(0, SHOW)) console.log(`    ${x}`);
}
