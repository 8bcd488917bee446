// Party registry: import and resolution against 1,000,000 generated entities, in process.
// Import: entities/s written to a new SQLite database through the store (and added to the
// resolver). Resolution: parties/s on one core — 40 % by LEI, 30 % the same name, 15 % a misspelt
// name, 15 % a party the registry does not know — with the cost of normalizing the same names as
// the baseline of the same run. Prints one JSON line. BENCH_N (entities), BENCH_Q (parties).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../packages/platform/dist/main/store/open-store.js';
import { leiCheckDigits } from '../packages/platform/dist/modules/parties/domain/identifiers.js';
import { PartyResolver } from '../packages/platform/dist/modules/parties/domain/registry.js';
import { normalizeName } from '../packages/platform/dist/modules/screening/domain/normalize.js';
import { ROOT, median, report, rng, rssMb } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const Q = Number(process.env.BENCH_Q ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const r = rng(17);
const pick = (a) => a[Math.floor(r() * a.length)];

// A vocabulary of made-up words (syllables), a few common trade words, countries and cities.
const SYL = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tas',
  'vo',
  'zhi',
  'an',
  'bel',
  'dor',
  'fen',
  'gu',
  'hai',
  'jin',
  'kor',
  'lun',
  'mar',
  'nor',
  'pol',
  'qin',
  'ros',
  'sun',
  'tek',
  'ul',
  'ver',
  'wen',
  'xin',
  'yo',
  'zan',
];
const words = new Set();
while (words.size < 40_000)
  words.add(Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(SYL)).join(''));
const VOCAB = [...words];
const COMMON = [
  'trading',
  'electronics',
  'textile',
  'industrial',
  'global',
  'international',
  'apparel',
  'logistics',
  'manufacturing',
  'import',
  'export',
  'group',
];
const LEGAL = ['Co., Ltd.', 'LLC', 'Inc.', 'GmbH', 'S.A.', 'Limited', 'Corp.', 'JSC'];
const COUNTRIES = [
  'CN',
  'VN',
  'IN',
  'US',
  'DE',
  'MX',
  'BD',
  'TR',
  'ID',
  'TH',
  'MY',
  'KR',
  'JP',
  'IT',
  'FR',
  'GB',
  'PK',
  'BR',
  'CA',
  'PL',
];
const cap = (w) => w[0].toUpperCase() + w.slice(1);
const lei = (i) => {
  const prefix = `5493${String(i).padStart(14, '0')}`;
  return prefix + leiCheckDigits(prefix);
};
function makeName() {
  const n = 1 + Math.floor(r() * 3);
  const parts = Array.from({ length: n }, () => cap(pick(VOCAB)));
  if (r() < 0.6) parts.push(cap(pick(COMMON)));
  return `${parts.join(' ')} ${pick(LEGAL)}`;
}

const entities = [];
for (let i = 0; i < N; i++) {
  const country = pick(COUNTRIES);
  entities.push({
    id: `ent_${String(i).padStart(8, '0')}`,
    name: makeName(),
    otherNames: [],
    address: { country, city: cap(pick(VOCAB)) },
    identifiers: r() < 0.5 ? [{ scheme: 'LEI', value: lei(i) }] : [],
    source: 'bench',
  });
}

// Import into a new SQLite database, through the store.
const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const dbPath = join(out, 'registry.db');
for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
const store = await openStore({ url: `sqlite:${dbPath}` });
let t0 = performance.now();
for (let i = 0; i < N; i += 50_000)
  await store.registry.upsertEntities(entities.slice(i, i + 50_000), '2026-11-27T00:00:00Z');
const importS = (performance.now() - t0) / 1000;
await store.close();

t0 = performance.now();
const resolver = new PartyResolver();
for (const e of entities) resolver.add(e);
const buildS = (performance.now() - t0) / 1000;
const rss = rssMb();

// Queries.
function typo(s) {
  const i = 1 + Math.floor(r() * (s.length - 2));
  return s.slice(0, i) + s.slice(i + 1);
}
const queries = [];
for (let i = 0; i < Q; i++) {
  const e = entities[Math.floor(r() * N)];
  const k = r();
  if (k < 0.4 && e.identifiers.length)
    queries.push({
      kind: 'identifier',
      expect: e.id,
      name: e.name,
      country: e.address.country,
      identifiers: e.identifiers,
    });
  else if (k < 0.7)
    queries.push({
      kind: 'same_name',
      expect: e.id,
      name: e.name.toUpperCase(),
      country: e.address.country,
      city: e.address.city,
    });
  else if (k < 0.85)
    queries.push({ kind: 'misspelt', expect: e.id, name: typo(e.name), country: e.address.country });
  else queries.push({ kind: 'unknown', expect: null, name: makeName(), country: pick(COUNTRIES) });
}

const rates = [];
const baseline = [];
const methods = {};
const correct = {};
for (let round = 0; round < ROUNDS; round++) {
  let s = performance.now();
  for (const q of queries) normalizeName(q.name);
  baseline.push(Q / ((performance.now() - s) / 1000));
  s = performance.now();
  for (const q of queries) {
    const res = resolver.resolve(q);
    if (round === 0) {
      methods[res.method] = (methods[res.method] ?? 0) + 1;
      const c = (correct[q.kind] ??= { n: 0, right: 0 });
      c.n++;
      if (res.entityId === q.expect) c.right++;
    }
  }
  rates.push(Q / ((performance.now() - s) / 1000));
}
const rate = Math.round(median(rates));
const importRate = Math.round(N / importS);
report({
  bench: 'registry',
  entities: N,
  queries: Q,
  ops_per_s: rate,
  resolutions: methods,
  correct_pct: Object.fromEntries(
    Object.entries(correct).map(([k, c]) => [k, Number(((c.right / c.n) * 100).toFixed(2))]),
  ),
  similar_name_searches: resolver.counters.fuzzy,
  names_compared_per_search: Number(
    (resolver.counters.compared / Math.max(1, resolver.counters.fuzzy)).toFixed(1),
  ),
  import_entities_per_s: importRate,
  import_seconds: Number(importS.toFixed(1)),
  resolver_build_seconds: Number(buildS.toFixed(1)),
  rss_mb: rss,
  baseline: { name: 'normalizeName of the same parties', ops_per_s: Math.round(median(baseline)) },
  ratio_to_baseline: Number((rate / median(baseline)).toFixed(2)),
  target_ops_per_s: 50_000,
  target_import_per_s: 100_000,
  pass: rate >= 50_000 && importRate >= 100_000,
});
