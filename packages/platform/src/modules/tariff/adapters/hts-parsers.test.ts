import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Problem } from '../../../kernel/problem.js';
import { Tariff } from '../domain/tariff.js';
import { FIXTURE_HTS_CSV, SHARED_DATA, sharedData } from '../../../testing/support.js';
import { countRows, editionFromName, parseHtsCsv, parseHtsJson, parseUnits } from './hts-parsers.js';

describe('HTSUS parsers', () => {
  it('reads the USITC CSV export: codes, indents, units, rates', () => {
    const rows = parseHtsCsv(FIXTURE_HTS_CSV);
    assert.equal(rows.length, 12);
    assert.deepEqual(rows[3], {
      code: '6109100012',
      indent: 3,
      description: "Men's T-shirts (338)",
      units: ['doz.', 'kg'],
      general: '',
      special: '',
      column2: '',
      additional: '',
    });
    assert.equal(rows[2]!.code, '', 'label row');
    assert.deepEqual(rows[11]!.units, [], 'a blank unit is no unit');
  });

  it('reads the USITC JSON export into the same rows', () => {
    const json = JSON.stringify([
      {
        htsno: '6109',
        indent: '0',
        description: 'T-shirts:',
        superior: null,
        units: [],
        general: '',
        special: '',
        other: '',
        footnotes: [],
      },
      {
        htsno: '',
        indent: '1',
        description: "Men's or boys':",
        superior: 'true',
        units: [],
        general: '',
        special: '',
        other: '',
      },
      {
        htsno: '6109.10.00.12',
        indent: '2',
        description: "Men's",
        units: ['doz.', 'kg'],
        general: '16.5%',
        special: 'Free (AU)',
        other: '90%',
        additionalDuties: null,
      },
    ]);
    const rows = parseHtsJson(json);
    assert.deepEqual(
      rows.map((r) => [r.code, r.indent, r.units.join('+'), r.general, r.column2]),
      [
        ['6109', 0, '', '', ''],
        ['', 1, '', '', ''],
        ['6109100012', 2, 'doz.+kg', '16.5%', '90%'],
      ],
    );
  });

  it('refuses broken files with REFDATA_FORMAT and where', () => {
    const bad = (fn: () => unknown, re: RegExp) =>
      assert.throws(
        fn,
        (e: unknown) => e instanceof Problem && e.code === 'REFDATA_FORMAT' && re.test(e.message),
      );
    bad(() => parseHtsCsv('HTS Number,Indent\n"6109","0"\n'), /missing column "Description"/);
    bad(
      () => parseHtsCsv(FIXTURE_HTS_CSV + '\n"6109.10.00.1x","3","Broken","","","","","",""'),
      /not an HTS number/,
    );
    bad(() => parseHtsCsv(FIXTURE_HTS_CSV + '\n"6109.10.00.19","3","Broken quote'), /HTS CSV/);
    bad(() => parseHtsJson('[{"htsno": "6109"'), /HTS JSON/);
    bad(() => parseHtsJson('{"a": 1}'), /array/);
  });

  it('reads units written either as a JSON list or as plain text', () => {
    assert.deepEqual(parseUnits('["No.","kg"]'), ['No.', 'kg']);
    assert.deepEqual(parseUnits('kg'), ['kg']);
    assert.deepEqual(parseUnits(''), []);
    assert.deepEqual(parseUnits(['pcs ', '']), ['pcs']);
  });

  it('tells the edition from the file name', () => {
    assert.deepEqual(editionFromName('hts_2026_basic_edition.csv'), {
      edition: '2026 Basic',
      effectiveFrom: '2026-01-01',
    });
    assert.equal(editionFromName('htsdata.csv'), null);
  });

  it('loads the real 2026 HTSUS with the published row counts', sharedData(), () => {
    const text = readFileSync(join(SHARED_DATA, 'hts-us-2026', 'hts_2026_basic_edition.csv'), 'utf8');
    const rows = parseHtsCsv(text);
    assert.deepEqual(countRows(rows), {
      rows: 35571,
      headings: 961,
      subheadings: 2093,
      tariff_lines: 6853,
      statistical: 19768,
      labels: 5896,
    });
    const t = new Tariff(
      { edition: '2026 Basic', effectiveFrom: '2026-01-01', snapshotId: 's', sha256: '' },
      rows,
    );
    const line = t.lookup('6109100012')!;
    assert.equal(line.rates.general!.text, '16.5%');
    assert.equal(line.rates.general!.from, '61091000');
    assert.deepEqual(line.units, ['doz.', 'kg']);
    // every statistical line has a general rate somewhere up its path, except chapter 98/99 special provisions
    const missing = rows.filter(
      (r) =>
        r.code.length === 10 &&
        !r.code.startsWith('98') &&
        !r.code.startsWith('99') &&
        !t.lookup(r.code)!.rates.general,
    );
    assert.deepEqual(
      missing.map((r) => r.code),
      [],
    );
    assert.equal(t.search('portable automatic data processing machines', 1)[0]!.hts, '8471300100');
  });
});
