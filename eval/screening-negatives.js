// Names on no list, as filers write them: people with titles and without, "LAST, First", and
// companies with the legal forms, short surnames and generic words of their country — the kind
// that fails ("Silva S.A.", "Melo Ltda", "Corsi Group", "Dr. Muhammed Akan"). Sixteen Faker
// locales, each name with its locale's country. A fixed seed gives a fixed set: the evaluation
// tunes on one seed and holds another out.
import { rng } from '../bench/lib.js';

/** Locale, the party's country, legal forms, and words companies put after a surname. */
const LOCALES = [
  [
    'fakerEN_US',
    'US',
    ['Inc.', 'LLC', 'Corp.', 'Co.', 'Ltd.'],
    ['Group', 'Holdings', 'Trading', 'International', '& Sons', 'Partners', 'Industries'],
  ],
  [
    'fakerEN_GB',
    'GB',
    ['Ltd', 'Limited', 'PLC', 'LLP'],
    ['Group', 'Holdings', '& Co', 'Trading', 'Brothers', 'Logistics'],
  ],
  [
    'fakerDE',
    'DE',
    ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'e.K.'],
    ['Gruppe', 'Holding', 'Handel', '& Söhne', 'Logistik', 'Group'],
  ],
  ['fakerFR', 'FR', ['SARL', 'SA', 'SAS', 'EURL'], ['Groupe', 'Frères', '& Fils', 'Import Export', 'Group']],
  ['fakerES', 'ES', ['S.A.', 'S.L.', 'S.L.U.'], ['Hermanos', 'Grupo', 'Comercial', 'Import Export', 'Group']],
  [
    'fakerES_MX',
    'MX',
    ['S.A. de C.V.', 'S. de R.L.', 'S.A.'],
    ['Grupo', 'Hermanos', 'Comercializadora', 'Industrias'],
  ],
  [
    'fakerIT',
    'IT',
    ['S.r.l.', 'S.p.A.', 'S.n.c.', 'S.a.s.'],
    ['Group', 'Fratelli', '& Figli', 'Import Export', 'Industrie'],
  ],
  [
    'fakerPT_BR',
    'BR',
    ['Ltda', 'S.A.', 'EIRELI', 'ME'],
    ['Comércio', 'Grupo', 'Importadora', 'Indústria', 'Group'],
  ],
  ['fakerPT_PT', 'PT', ['Lda.', 'S.A.', 'Unipessoal Lda.'], ['Grupo', '& Filhos', 'Comércio', 'Group']],
  ['fakerNL', 'NL', ['B.V.', 'N.V.', 'V.O.F.'], ['Groep', 'Holding', 'Handel', 'Group', '& Zonen']],
  ['fakerPL', 'PL', ['Sp. z o.o.', 'S.A.', 'Sp. j.'], ['Grupa', 'Handel', 'Group', 'Trans']],
  [
    'fakerTR',
    'TR',
    ['A.Ş.', 'Ltd. Şti.', 'Tic. Ltd. Şti.'],
    ['Grup', 'Holding', 'Ticaret', 'Group', 'Tekstil'],
  ],
  ['fakerRU', 'RU', ['ООО', 'АО', 'ЗАО', 'OOO'], ['Групп', 'Трейд', 'Group', 'Холдинг']],
  ['fakerVI', 'VN', ['Co., Ltd', 'JSC', 'Công ty TNHH'], ['Group', 'Trading', 'Import Export']],
  ['fakerID_ID', 'ID', ['PT', 'CV', 'Tbk'], ['Group', 'Jaya', 'Abadi', 'Sejahtera']],
  ['fakerAR', 'AE', ['LLC', 'FZE', 'FZCO', 'W.L.L.'], ['Group', 'Trading', 'General Trading', 'Holding']],
];

/** Titles as filers write them, where Faker's locale has none. */
const TITLES = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.'];

/** A surname of at most `max` letters (Faker draws; a few tries). */
function shortLastName(faker, max) {
  let best = faker.person.lastName();
  for (let i = 0; i < 12 && [...best].length > max; i++) best = faker.person.lastName();
  return best;
}

/**
 * `n` names on no list. `seed` fixes the set. Returns `{name, country, kind, locale}`.
 * Kinds: person, titled, reversed, middle, short_company, word_company, pair_company,
 * faker_company, trader_company.
 */
export async function hardNegatives(n, seed) {
  const f = await import('@faker-js/faker');
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  for (let i = 0; i < n; i++) {
    const [locale, country, forms, words] = LOCALES[i % LOCALES.length];
    const faker = f[locale];
    faker.seed(seed * 1_000_003 + i);
    const x = r();
    const first = () => faker.person.firstName();
    const last = () => (r() < 0.5 ? shortLastName(faker, 5) : faker.person.lastName());
    let name;
    let kind;
    if (x < 0.22) {
      kind = 'person';
      name = `${first()} ${last()}`;
    } else if (x < 0.32) {
      kind = 'titled';
      let title = TITLES[0];
      try {
        title = faker.person.prefix();
      } catch {
        title = pick(TITLES);
      }
      name = r() < 0.5 ? `${title} ${first()} ${last()}` : `${title} ${last()}`;
    } else if (x < 0.37) {
      kind = 'reversed';
      name = `${last().toUpperCase()}, ${first()}`;
    } else if (x < 0.42) {
      kind = 'middle';
      name = `${first()} ${first()} ${last()}`;
    } else if (x < 0.64) {
      kind = 'short_company';
      name = `${shortLastName(faker, r() < 0.6 ? 5 : 7)} ${pick(forms)}`;
    } else if (x < 0.74) {
      kind = 'word_company';
      name = `${last()} ${pick(words)}${r() < 0.4 ? ` ${pick(forms)}` : ''}`;
    } else if (x < 0.8) {
      kind = 'pair_company';
      name = `${last()} & ${last()}${r() < 0.5 ? ` ${pick(forms)}` : ''}`;
    } else if (x < 0.94) {
      kind = 'faker_company';
      name = faker.company.name();
    } else {
      kind = 'trader_company';
      name = `${first()} ${last()} ${pick(forms)}`;
    }
    out.push({ name, country, kind, locale: locale.slice(5) });
  }
  return out;
}
