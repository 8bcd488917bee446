// The full screening corpus from the shared data, parsed by the product's own parsers, and the
// query sets shared by the screening benchmark and the evaluation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFiles } from '../packages/platform/dist/modules/refdata/adapters/datasets.js';
import { parseCountriesCsv } from '../packages/platform/dist/modules/refdata/adapters/code-lists.js';
import { loadScreeningPolicy } from '../packages/platform/dist/modules/screening/index.js';
import { CountryResolver } from '../packages/platform/dist/modules/screening/domain/countries.js';
import { WatchlistIndex } from '../packages/platform/dist/modules/screening/domain/screening-index.js';
import { SHARED_DATA, rng } from './lib.js';

const LISTS = [
  ['ofac-sdn', 'ofac-sdn', ['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv']],
  [
    'ofac-cons',
    'ofac-consolidated-non-sdn',
    ['cons_prim.csv', 'cons_alt.csv', 'cons_add.csv', 'cons_comments.csv'],
  ],
  ['csl', 'csl-trade-gov-subset', ['csl.csv']],
  ['bis-dpl', 'bis-denied-persons-list', ['dpl.txt']],
  ['un-sc', 'un-security-council-consolidated', ['UN_consolidated.xml']],
  ['uflpa', 'uflpa-entity-list', ['entities.csv']],
  ['cbp-wro', 'cbp-withhold-release-orders', ['wro.csv']],
];

export function loadEntries() {
  const entries = [];
  for (const [dataset, folder, files] of LISTS) {
    const loaded = files.map((name) => ({ name, bytes: readFileSync(join(SHARED_DATA, folder, name)) }));
    entries.push(...parseFiles(dataset, loaded).entries);
  }
  return entries;
}

export function countries() {
  return new CountryResolver(
    parseCountriesCsv(readFileSync(join(SHARED_DATA, 'un-locode-aux', 'country-codes.csv'), 'utf8')),
  );
}

export function buildIndex(entries, policy = loadScreeningPolicy().policy) {
  return new WatchlistIndex(entries, policy, countries());
}

/** FNV-1a of a string: a stable split of entries into tuning and held-out sets. */
export function heldOut(id) {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 10 === 0;
}

/** Names of people and companies that are on no list, from many locales (Faker). */
export async function negatives(n, seed = 7) {
  const f = await import('@faker-js/faker');
  const locales = [
    'fakerEN_US',
    'fakerDE',
    'fakerFR',
    'fakerES',
    'fakerIT',
    'fakerPT_BR',
    'fakerRU',
    'fakerTR',
    'fakerVI',
    'fakerPL',
    'fakerNL',
    'fakerEN_IN',
    'fakerAR',
    'fakerFA',
    'fakerUK',
    'fakerZH_CN',
    'fakerJA',
    'fakerKO',
    'fakerEL',
    'fakerHE',
  ];
  const out = [];
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const faker = f[locales[i % locales.length]];
    faker.seed(seed * 100_003 + i);
    const kind = r();
    const name =
      kind < 0.5
        ? `${faker.person.firstName()} ${faker.person.lastName()}`
        : kind < 0.85
          ? faker.company.name()
          : `${faker.person.lastName()} ${faker.commerce.department()} Co., Ltd.`;
    out.push({ name, country: faker.location.countryCode() });
  }
  return out;
}
