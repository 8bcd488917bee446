import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { CountryResolver } from './countries.js';
import type { WatchlistEntry } from './entry.js';
import { EntryList } from './entry-list.js';
import { EntryFacts, isEntryFactsData } from './evidence.js';
import { nameTableData, restoreNameTable, type NameTableData } from './name-table.js';
import { WatchlistIndex, type ScreenQuery } from './screening-index.js';
import { listedEntry } from '../../../testing/support.js';

const entry = (id: string, list: string, names: string[], over: Partial<WatchlistEntry> = {}) =>
  listedEntry(id, names, over, list);

const ENTRIES: WatchlistEntry[] = [
  entry('1', 'ofac-sdn', ['ROSNEFT OIL COMPANY', 'OAO NEFTYANAYA KOMPANIYA ROSNEFT'], {
    countries: ['Russia'],
    addresses: [{ text: 'Moscow, Russia', city: 'Moscow', country: 'Russia' }],
    identifiers: [{ scheme: 'Registration ID', value: '1027700043502' }],
  }),
  entry('r1', 'csl', ['ROSNEFT OIL COMPANY'], {
    identifiers: [{ scheme: 'Registration ID', value: '1027700043502' }],
  }),
  entry('2', 'ofac-sdn', ['AL-ZAWAHIRI, Ayman'], {
    type: 'person',
    birthDates: ['1951-06-19', '1952'],
    countries: ['Egypt'],
    identifiers: [
      { scheme: 'Passport', value: '1084010' },
      { scheme: 'Passport', value: '1084010' },
    ],
  }),
  entry('3', 'bis-dpl', ['Changji Esquel Textile Co. Ltd.'], { type: 'unknown' }),
  entry('4', 'uflpa', ['Xinjiang Zhongtai Group Co., Ltd.'], {
    addresses: [{ text: 'Urumqi, Xinjiang', city: 'Urumqi', country: 'CN' }],
  }),
  entry('5', 'cbp-wro', ['Ocean Star Fishing Vessel'], { type: 'vessel' }),
];

const countries = new CountryResolver([
  ['RU', 'Russia'],
  ['EG', 'Egypt'],
  ['CN', 'China'],
]);
const thresholds = { version: 't', default: 0.8 };
const fromJson = (es: readonly WatchlistEntry[]) =>
  EntryList.fromJson(
    es.map((e) => e.id),
    es.map((e) => JSON.stringify(e)),
  );

describe('entries held as their JSON (ADR 0039)', () => {
  it('an index over stored JSON answers as one over the parsed entries, built or from its tables (property)', () => {
    const parsed = new WatchlistIndex(ENTRIES, thresholds, countries);
    const stored = new WatchlistIndex(fromJson(ENTRIES), thresholds, countries);
    // As the artefact cache keeps them (screening-service.ts).
    const b = parsed.built();
    const kept = deserialize(serialize({ ...b, table: nameTableData(b.table) })) as typeof b & {
      table: NameTableData;
    };
    const restored = new WatchlistIndex(fromJson(ENTRIES), thresholds, countries, {
      ...kept,
      table: restoreNameTable(kept.table),
    });
    const names = ENTRIES.flatMap((e) => e.names.map((n) => n.name));
    const query = fc.record({
      name: fc.oneof(
        fc.constantFrom(...names),
        fc.tuple(fc.constantFrom(...names), fc.nat(30)).map(([n, k]) => n.slice(0, k) + n.slice(k + 1)),
      ),
      country: fc.option(fc.constantFrom('RU', 'EG', 'CN', 'US'), { nil: undefined }),
      type: fc.option(fc.constantFrom('person' as const, 'organization' as const), { nil: undefined }),
      birthDate: fc.option(fc.constantFrom('1951', '1952-01-01', '1980'), { nil: undefined }),
      address: fc.option(fc.constantFrom('1 Main St, Moscow', 'Urumqi', 'Cairo'), { nil: undefined }),
      identifiers: fc.option(fc.constantFrom(['1027700043502'], ['1084010'], ['99999999']), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(query, (q: ScreenQuery) => {
        const want = parsed.screen(q, { minScore: 0.5 });
        assert.deepEqual(stored.screen(q, { minScore: 0.5 }), want);
        assert.deepEqual(restored.screen(q, { minScore: 0.5 }), want);
      }),
      { numRuns: 300 },
    );
    // A registration number two entries carry finds both, whatever the name says.
    const found = stored.screen({ name: 'Unrelated Name', identifiers: ['1027700043502'] });
    assert.deepEqual(found.flatMap((m) => m.sources.map((e) => e.id)).sort(), ['csl:r1', 'ofac-sdn:1']);
    assert.ok(found.every((m) => m.explanation.features.some((f) => f.feature === 'identifier')));
  });

  it('parses an entry when asked, keeps the recent ones, and reads ids and lists without parsing', () => {
    const many = Array.from({ length: 1500 }, (_, i) =>
      entry(String(i), i % 3 ? 'csl' : 'cbp-wro', [`Name ${i}`]),
    );
    const list = fromJson(many);
    assert.equal(list.length, 1500);
    assert.equal(list.id(7), 'csl:7');
    assert.equal(list.list(6), 'cbp-wro');
    assert.equal(list.indexOf('csl:1499'), 1499);
    assert.equal(list.indexOf('csl:nope'), -1);
    const first = list.at(0);
    assert.deepEqual(first, many[0]);
    assert.equal(list.at(0), first, 'kept while recent');
    // One read again among 1,023 others stays; one not read again is dropped.
    for (let i = 1; i < 1024; i++) list.at(i);
    assert.equal(list.at(0), first, 'read again, so kept');
    const second = list.at(1);
    for (let i = 1024; i < 1500; i++) list.at(i);
    assert.equal(list.at(0), first, 'the most recently read are kept');
    for (let i = 0; i < 1024; i++) list.at(1499 - i);
    assert.notEqual(list.at(1), second);
    const again = list.at(0);
    assert.notEqual(again, first, 'dropped once 1,024 others were read');
    assert.deepEqual(again, many[0]);
    assert.deepEqual(
      list.fromLists(new Set(['cbp-wro'])).map((e) => e.id),
      many.filter((e) => e.list === 'cbp-wro').map((e) => e.id),
    );
    assert.deepEqual(list.all(), many);
    assert.equal(list.json(3), JSON.stringify(many[3]));
    assert.equal(EntryList.of(many).json(3), JSON.stringify(many[3]));
    assert.throws(() => EntryList.fromJson(['a:1'], []), /an id for every entry/);
  });

  it('the facts are checked when read back: a layout of another build or inconsistent offsets is refused', () => {
    const data = EntryFacts.build(ENTRIES, countries).data();
    const ok = (v: unknown, n = ENTRIES.length): boolean => isEntryFactsData(v, n);
    assert.ok(ok(deserialize(serialize(data))));
    assert.ok(!ok(data, ENTRIES.length + 1));
    // The per-entry arrays earlier builds cached.
    const old = {
      countries: ENTRIES.map(() => []),
      birthYears: ENTRIES.map(() => []),
      cities: ENTRIES.map(() => []),
      types: ENTRIES.map(() => 'organization'),
      byIdentifier: new Map<string, number[]>(),
    };
    assert.ok(!ok(old));
    const backwards = Int32Array.from(data.countryStart);
    backwards[2] = backwards[3]! + 1;
    assert.ok(!ok({ ...data, countryStart: backwards }));
    assert.ok(!ok({ ...data, byIdentifier: new Map([['X', 99]]) }));
    assert.ok(!ok({ ...data, byIdentifier: new Map([['X', -9]]) }));
    assert.ok(!ok({ ...data, types: new Uint8Array(ENTRIES.length).fill(9) }));
    assert.ok(!ok({ ...data, years: Array.from(data.years) }), 'years are read as an Int32Array');
    assert.ok(!ok({ ...data, shared: [['3', 1]] }), 'shared lists hold entry numbers');
    assert.ok(
      !ok({ ...data, byIdentifier: new Map([['X', -1]]), shared: [[0]] }),
      'a shared list has two or more',
    );
  });
});
