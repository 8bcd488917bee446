import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CountryResolver } from './countries.js';
import type { WatchlistEntry } from './entry.js';
import { WatchlistIndex } from './screening-index.js';
import { normalizeName, phoneticKey, transliterate } from './normalize.js';
import { tokenSimilarity } from './score.js';
import { jaroWinkler, osaDistance } from './similarity.js';

const entry = (id: string, names: string[], over: Partial<WatchlistEntry> = {}): WatchlistEntry => ({
  id: `test:${id}`,
  list: 'test',
  sourceId: id,
  type: 'organization',
  names: names.map((name, i) => ({ name, kind: i === 0 ? 'primary' : 'alias' })),
  addresses: [],
  countries: [],
  identifiers: [],
  programs: [],
  birthDates: [],
  ...over,
});

const ENTRIES: WatchlistEntry[] = [
  entry('1', ['AEROCARIBBEAN AIRLINES', 'AERO-CARIBBEAN']),
  entry('2', ['BANCO NACIONAL DE CUBA', 'NATIONAL BANK OF CUBA']),
  entry('3', ['AL-ZAWAHIRI, Ayman', 'SALIM, Ahmad Fuad'], {
    type: 'person',
    birthDates: ['1951-06-19'],
    countries: ['Egypt'],
    identifiers: [{ scheme: 'Passport', value: '1084010' }],
  }),
  entry('4', ['ROSNEFT OIL COMPANY', 'OAO NEFTYANAYA KOMPANIYA ROSNEFT']),
  entry('5', ['MUHAMMAD ALI TRADING LLC']),
  entry('6', ['OCEAN STAR 7'], { type: 'vessel' }),
  entry('7', ['J SMITH HOLDINGS']),
  entry('8', ['Changji Esquel Textile Co. Ltd.']),
];
const index = new WatchlistIndex(
  ENTRIES,
  { version: 't', default: 0.88 },
  new CountryResolver([['EG', 'Egypt']]),
);
const top = (name: string, extra = {}) => index.screen({ name, ...extra })[0];

describe('name normalization', () => {
  it('transliterates Cyrillic, Greek and Arabic, strips diacritics', () => {
    assert.equal(transliterate('Роснефть'), 'rosneft');
    assert.equal(transliterate('Αθήνα'), 'athina');
    assert.equal(transliterate('محمد'), 'mhmd');
    assert.equal(transliterate('Ñandú Müller'), 'nandu muller');
  });
  it('drops legal forms and stop words, reorders "LAST, First", joins initials', () => {
    assert.deepEqual(normalizeName('AL ZAWAHIRI, Dr. Ayman').tokens, ['ayman', 'al', 'zawahiri']);
    assert.deepEqual(normalizeName('CIMEX, S.A.').tokens, ['cimex']);
    assert.deepEqual(normalizeName('China Telecom Co., Ltd.').tokens, ['china', 'telecom']);
    assert.deepEqual(normalizeName('Corp').tokens, []);
    assert.deepEqual(normalizeName('🙂🙂').tokens, []);
  });
  it('gives transliteration variants one phonetic skeleton', () => {
    assert.equal(phoneticKey('muhammad'), phoneticKey('mohamed'));
    assert.equal(phoneticKey(transliterate('محمد')), phoneticKey('muhammad'));
  });
  it('never throws and caps the tokens of absurd input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20_000, unit: 'binary' }), (s) => {
        const n = normalizeName(s);
        assert.ok(n.tokens.length <= 16);
      }),
    );
  });
});

describe('similarity', () => {
  it('Jaro-Winkler is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const x = jaroWinkler(a, b);
        assert.ok(x >= 0 && x <= 1);
        assert.ok(Math.abs(x - jaroWinkler(b, a)) < 1e-9 || a.length === 0 || b.length === 0);
      }),
    );
  });
  it('the bounded distance agrees with a plain dynamic programme', () => {
    const plain = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
      for (let j = 0; j <= b.length; j++) d[0]![j] = j;
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(
            d[i - 1]![j]! + 1,
            d[i]![j - 1]! + 1,
            d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[a.length]![b.length]!;
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, k) => {
        assert.equal(osaDistance(a, b, k), Math.min(plain(a, b), k + 1));
      }),
    );
  });
  it('numbers match only exactly; short words only exactly', () => {
    assert.equal(tokenSimilarity('2021', '2022'), 0);
    assert.equal(tokenSimilarity('li', 'lu'), 0);
    assert.ok(tokenSimilarity('sea', 'sa') > 0.6, 'a dropped letter in a short word still counts');
    assert.ok(tokenSimilarity('caribbean', 'caribean') > 0.9);
  });
});

describe('screening index', () => {
  it('finds aliases, typos, reordered and transliterated names, and explains the score', () => {
    assert.equal(top('Aero Caribbean')?.entry.id, 'test:1');
    assert.equal(top('AEROCARIBEAN AIRLINES')?.entry.id, 'test:1');
    assert.equal(top('National Bank of Cuba')?.entry.id, 'test:2');
    assert.equal(top('Ayman al-Zawahiri')?.entry.id, 'test:3');
    assert.equal(top('Нефтяная компания Роснефть')?.entry.id, 'test:4');
    assert.equal(top('Mohammed Ali Trading Co')?.entry.id, 'test:5');
    const m = top('Changji Esquel Textile')!;
    assert.equal(m.entry.id, 'test:8');
    assert.equal(m.explanation.features[0]!.feature, 'name');
    assert.ok(m.explanation.name.pairs.some((p) => p.query === 'esquel' && p.matched === 'esquel'));
  });
  it('does not let legal forms, numbers or initials alone create a match', () => {
    assert.equal(index.screen({ name: 'Corp' }).length, 0);
    assert.equal(index.screen({ name: 'LLC Trading' }).length, 0);
    assert.equal(index.screen({ name: 'Ocean Star 8' }).length, 0);
    assert.equal(index.screen({ name: 'J' }).length, 0);
    assert.equal(index.screen({ name: '' }).length, 0);
  });
  it('weighs evidence: birth year, country, identifiers, type', () => {
    const withDob = top('Ayman al Zawahiri', { birthDate: '1951' })!;
    const wrongDob = index.screen({ name: 'Ayman al Zawahiri', birthDate: '1990' }, { minScore: 0 })[0]!;
    assert.ok(withDob.score > wrongDob.score);
    assert.ok(wrongDob.explanation.features.some((f) => f.feature === 'birth_date' && f.contribution < 0));
    const byId = index.screen({ name: 'Somebody Else', identifiers: ['1084010'] }, { minScore: 0 })[0]!;
    assert.equal(byId.entry.id, 'test:3');
    assert.ok(byId.explanation.features.some((f) => f.feature === 'identifier'));
    const egypt = top('Ayman al Zawahiri', { country: 'EG' })!;
    assert.ok(egypt.explanation.features.some((f) => f.feature === 'country' && f.contribution > 0));
    const asVessel = index.screen({ name: 'Ayman al Zawahiri', type: 'vessel' }, { minScore: 0 })[0]!;
    assert.ok(asVessel.explanation.features.some((f) => f.feature === 'type'));
  });
  it('returns what the exhaustive scan returns (property)', () => {
    const names = ENTRIES.flatMap((e) => e.names.map((n) => n.name));
    const mutate = fc
      .tuple(fc.constantFrom(...names), fc.nat(), fc.constantFrom('drop', 'swap', 'dup', 'sub', 'none'))
      .map(([n, at, op]) => {
        const i = at % n.length;
        if (op === 'drop') return n.slice(0, i) + n.slice(i + 1);
        if (op === 'swap' && i + 1 < n.length) return n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
        if (op === 'dup') return n.slice(0, i) + n[i] + n.slice(i);
        if (op === 'sub') return n.slice(0, i) + 'x' + n.slice(i + 1);
        return n;
      });
    fc.assert(
      fc.property(fc.oneof(mutate, fc.string({ maxLength: 30 })), (q) => {
        const a = index.screen({ name: q }, { minScore: 0.5 }).map((m) => `${m.entry.id}:${m.score}`);
        const b = index
          .screenExhaustive({ name: q }, { minScore: 0.5 })
          .map((m) => `${m.entry.id}:${m.score}`);
        assert.deepEqual(a, b);
      }),
      { numRuns: 500 },
    );
  });
});
