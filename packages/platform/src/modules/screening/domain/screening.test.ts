import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CountryResolver } from './countries.js';
import type { WatchlistEntry } from './entry.js';
import { WatchlistIndex } from './screening-index.js';
import { normalizeName, phoneticKey, transliterate } from './normalize.js';
import { tokenSimilarity } from './score.js';
import { jaroWinkler, osaDistance } from './similarity.js';
import { listedEntry } from '../../../testing/support.js';

const entry = listedEntry;

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
  entry('9', ['KOREA MINING DEVELOPMENT TRADING CORPORATION', 'KOMID']),
  entry('10', ['AL-QAIDA', 'TEHRIK-E TALIBAN PAKISTAN']),
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
  it("writes every script's digits as ASCII digits, so that the rules on numbers hold for them", () => {
    assert.equal(transliterate('مصنع ٣١'), 'msn 31');
    assert.equal(transliterate('کارخانه ۷'), 'karkhanh 7');
    assert.equal(transliterate('कारखाना ७ Ｆａｃｔｏｒｙ ７'), transliterate('कारखाना') + ' 7 factory 7');
    assert.equal(index.screen({ name: 'Ocean Star ٧٠' }).length, 0, 'Arabic-Indic 70 is not 7');
    assert.ok(index.screen({ name: 'Ocean Star ٧' }).length > 0, 'Arabic-Indic 7 is 7');
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

/** Every format character (Unicode Cf) a filer's text may carry, by range. */
const CF_CHARS = [
  0xad, 0x600, 0x605, 0x61c, 0x6dd, 0x70f, 0x8e2, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a,
  0x202e, 0x2060, 0x2064, 0x2066, 0x2069, 0x206a, 0x206f, 0xfeff, 0xfff9, 0xfffb, 0x110bd, 0x1bca0, 0x1d173,
  0xe0001, 0xe0020, 0xe007f,
].map((c) => String.fromCodePoint(c));

describe('screening bypass: invisible characters and hyphens inside a listed name (issue 17)', () => {
  it('a zero-width space, a soft hyphen or a visible hyphen inside a word changes nothing', () => {
    for (const q of [
      'Korea Mining Development Tra\u200bding Corp',
      'Korea Mi\u00adning Development Trading Corp',
      'Korea Min-ing Development Trading Corp',
      'Korea Mining Develop\u2011ment Trading Corp',
      '\u202eKorea Mining\u2060 Development Trading\ufeff Corp',
    ]) {
      const m = top(q);
      assert.equal(m?.entry.id, 'test:9', q);
      assert.equal(m.score, 1, q);
    }
    assert.ok(
      CF_CHARS.every((c) => /^\p{Cf}$/u.test(c)),
      'the list holds format characters only',
    );
  });
  const listed = ENTRIES.flatMap((e) =>
    e.names.map((n) => ({ id: e.id, name: n.name, score: index.screen({ name: n.name })[0] })),
  ).filter((x) => x.score?.entry.id === x.id);
  const clean = (x: (typeof listed)[number]) => x.score!.score;
  it('inserting any format character anywhere never lowers a listed name below the threshold (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...listed),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...CF_CHARS)), { minLength: 1, maxLength: 4 }),
        (x, inserts) => {
          // Inserted between characters (code points), never inside one.
          const chars = [...x.name];
          for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
          const q = chars.join('');
          const m = index.screen({ name: q }).find((r) => r.entry.id === x.id);
          assert.ok(m && m.score >= clean(x) && m.score >= m.threshold, JSON.stringify(q));
        },
      ),
      { numRuns: 400 },
    );
  });
  it('inserting a hyphen inside a word never lowers a listed name below the threshold (property)', () => {
    const dashes = ['-', '\u2010', '\u2011', '\u2013', '-\n'];
    fc.assert(
      fc.property(
        fc.constantFrom(...listed),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...dashes)), { minLength: 1, maxLength: 3 }),
        (x, inserts) => {
          let q = x.name;
          for (const [at, dash] of inserts) {
            // Between two letters of one word.
            const inside = [...q.matchAll(/(?<=\p{L})(?=\p{L})/gu)].map((m) => m.index);
            if (inside.length === 0) return;
            const i = inside[at % inside.length]!;
            q = q.slice(0, i) + dash + q.slice(i);
          }
          const m = index.screen({ name: q }).find((r) => r.entry.id === x.id);
          assert.ok(m && m.score >= clean(x) && m.score >= m.threshold, JSON.stringify(q));
        },
      ),
      { numRuns: 400 },
    );
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
    assert.equal(index.screen({ name: 'Ocean Star 70' }).length, 0, 'a digit is no initial');
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
    const edit = fc.tuple(fc.nat(), fc.constantFrom('drop', 'swap', 'dup', 'sub', 'none'));
    // One or two edits (two reach the whole-name spelling comparison).
    const mutate = fc
      .tuple(fc.constantFrom(...names), fc.array(edit, { minLength: 1, maxLength: 2 }))
      .map(([name, edits]) => {
        let n = name;
        for (const [at, op] of edits) {
          const i = at % n.length;
          if (op === 'drop') n = n.slice(0, i) + n.slice(i + 1);
          else if (op === 'swap' && i + 1 < n.length) n = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
          else if (op === 'dup') n = n.slice(0, i) + n[i] + n.slice(i);
          else if (op === 'sub') n = n.slice(0, i) + 'x' + n.slice(i + 1);
        }
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

describe('false positives of the issue-18 kind, descriptors, consolidation', () => {
  const listed: WatchlistEntry[] = [
    entry('silvia', ['SILVIA I'], { type: 'vessel' }),
    entry('meo', ['Manufacturers Equipment Organization (MEO)', 'MEO GMBH'], { type: 'unknown' }),
    entry('crosse', ['LA CROSSE GROUP INC']),
    entry('achwan', ['ACHWAN, Mochammad', 'AKHWAN, Muhammad'], { type: 'person' }),
    entry('hamas', ['HAMAS', 'ISLAMIC RESISTANCE MOVEMENT']),
    entry('hizballah', ['HIZBALLAH', 'PARTY OF GOD', 'LEBANESE HIZBALLAH', 'LEBANESE HEZBOLLAH']),
    entry('taliban', ['TALIBAN', 'TALIBAN ISLAMIC MOVEMENT']),
    entry('ttp', ['TEHRIK-E TALIBAN PAKISTAN (TTP)', 'PAKISTANI TALIBAN']),
    entry('qaida', ["AL QA'IDA", 'AL QAEDA', 'AL QAIDA', 'USAMA BIN LADEN NETWORK']),
    entry('isil', ['ISLAMIC STATE OF IRAQ AND THE LEVANT', 'ISLAMIC STATE OF IRAQ', 'ISLAMIC STATE', 'ISIL']),
    entry('paa', ['PALESTINIAN ASSOCIATION IN AUSTRIA']),
    entry('cuba', ['BANCO NACIONAL DE CUBA']),
  ];
  const idx = new WatchlistIndex(listed, { version: 't', default: 0.86 }, new CountryResolver([]));
  const first = (name: string) => idx.screen({ name })[0]?.entry.id;

  it('a short name with a legal form, a title or "Group" does not match a longer listed name', () => {
    for (const name of [
      'Silva S.A.',
      'Melo S.A.',
      'Melo Ltda',
      'Corsi Group',
      'Muhammed Akan',
      'Dr. Muhammed Akan',
    ]) {
      assert.deepEqual(
        idx.screen({ name }).map((m) => `${m.matchedName} ${m.score}`),
        [],
        name,
      );
    }
    // The listed names themselves still match.
    assert.equal(first('SILVIA I'), 'test:silvia');
    assert.equal(first('La Crosse Group Inc.'), 'test:crosse');
    assert.equal(first('Akhwan, Muhammad'), 'test:achwan');
  });

  it('descriptors neither hide a listed name nor match on their own', () => {
    for (const [name, id] of [
      ['TALIBAN ORGANIZATION', 'test:taliban'],
      ['AFGHAN TALIBAN MOVEMENT', 'test:taliban'],
      ['AL-QAIDA NETWORK', 'test:qaida'],
      ['HAMAS MOVEMENT', 'test:hamas'],
      ['PALESTINIAN HAMAS ORGANIZATION', 'test:hamas'],
      ['LEBANESE HEZBOLLAH GROUP', 'test:hizballah'],
      ['IRAQ ISLAMIC STATE MILITANTS', 'test:isil'],
      ['ISLAMIC STATE MILITANTS', 'test:isil'],
    ] as const) {
      assert.equal(first(name), id, name);
    }
    for (const name of ['Palestinian Organization', 'Lebanese Trading Group', 'Iraqi Militants Network']) {
      assert.ok(!idx.screen({ name }).some((m) => m.entry.id !== 'test:paa'), name);
    }
    // Two places left unpaired name two things: BANK OF CUBA is not BANK OF CHILE.
    assert.equal(idx.screen({ name: 'Banco Nacional de Chile' }).length, 0);
    assert.equal(first('Banco Nacional'), 'test:cuba');
  });

  it('consolidates an OFAC entry, its CSL copy and the UN entry OFAC also lists', () => {
    const sdn = entry('36', ['AEROCARIBBEAN AIRLINES'], { id: 'ofac-sdn:36', list: 'ofac-sdn' });
    const csl = entry('36', ['AEROCARIBBEAN AIRLINES', 'AERO-CARIBBEAN'], {
      id: 'csl:36',
      list: 'csl',
      subList: 'Specially Designated Nationals (SDN) - Treasury Department',
      extra: { entity_number: '36' },
    });
    const person = entry('2676', ['AL ZAWAHIRI, Dr. Ayman'], {
      id: 'ofac-sdn:2676',
      list: 'ofac-sdn',
      type: 'person',
      birthDates: ['1951-06-19'],
    });
    const un = entry('6908', ['AIMAN MUHAMMED RABI AL-ZAWAHIRI', 'AYMAN AL ZAWAHIRI'], {
      id: 'un-sc:6908',
      list: 'un-sc',
      type: 'person',
      birthDates: ['1951-06-19'],
    });
    const other = entry('99', ['AEROCARIBBEAN AIRLINES'], {
      id: 'csl:abc',
      list: 'csl',
      subList: 'Entity List (EL)',
    });
    const ix = new WatchlistIndex(
      [csl, un, other, sdn, person],
      { version: 't', default: 0.86 },
      new CountryResolver([]),
    );
    const [m, ...rest] = ix.screen({ name: 'Aerocaribbean Airlines' });
    assert.equal(m!.entry.id, 'ofac-sdn:36', 'the primary publisher first');
    assert.deepEqual(
      m!.sources.map((s) => s.id),
      ['ofac-sdn:36', 'csl:36'],
    );
    assert.deepEqual(
      rest.map((x) => x.entry.id),
      ['csl:abc'],
      'an unlinked row with the same name is another party, after the SDN one',
    );
    const z = ix.screen({ name: 'Ayman al-Zawahiri' });
    assert.deepEqual(
      z.map((x) => x.sources.map((s) => s.id)),
      [['ofac-sdn:2676', 'un-sc:6908']],
    );
  });
});
