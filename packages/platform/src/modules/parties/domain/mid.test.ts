import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SHARED_DATA, sharedData } from '../../../testing/support.js';
import {
  buildMid,
  midCityFragment,
  midMatches,
  midNameFragment,
  midStreetFragment,
  midStreetLine,
} from './mid.js';

describe('MID (19 CFR Part 102 Appendix)', () => {
  it("builds the regulation's name fragments", () => {
    const cases: [string, string][] = [
      ['Amalgamated Plastics Corp.', 'AMAPLA'],
      ['Bergstrom', 'BER'],
      ['A.B.C. Company', 'ABCCOM'],
      ['A B C Company', 'ABCCOM'],
      ['O.A.S.I.S. Corp.', 'OASCOR'],
      ['Dr. S.A. Smith', 'DRSA'],
      ['Shavings B L Inc.', 'SHABL'],
      ['The Union of Textile Workers', 'UNITEX'],
      ['Fuji-Kogyo Ltd', 'FUJLTD'],
      ['3M Company', '3MCOM'],
    ];
    for (const [name, fragment] of cases) assert.equal(midNameFragment(name), fragment, name);
  });

  it('agrees with the test vectors shipped with the rules', sharedData(), () => {
    const rows = readFileSync(join(SHARED_DATA, 'cbp-mid-rules', 'name_fragment_examples.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    assert.ok(rows.length >= 7);
    for (const row of rows) {
      const m = /^"?([^"]*?)"?,([A-Z0-9]+),/.exec(row)!;
      assert.equal(midNameFragment(m[1]!), m[2], m[1]);
    }
  });

  it('builds whole MIDs: country or province, name, largest street number, city', () => {
    assert.deepEqual(
      buildMid({
        name: 'Amalgamated Plastics Corp.',
        street: '586 Allwood Road, Bldg 22',
        city: 'Hong Kong',
        country: 'HK',
      }),
      { ok: true, mid: 'HKAMAPLA586HON' },
    );
    assert.deepEqual(
      buildMid({
        name: 'Maple Leaf Textiles Inc.',
        street: '12345 King St',
        city: 'Toronto',
        country: 'CA',
        province: 'ON',
      }),
      { ok: true, mid: 'XOMAPLEA1234TOR' },
    );
    assert.equal(midStreetFragment('Suite 9, 00042 Road'), '42');
    const ca = buildMid({ name: 'Maple', city: 'Toronto', country: 'CA' });
    assert.ok(!ca.ok && /province/.test(ca.reason));
    const cjk = buildMid({ name: '深圳示例贸易有限公司', city: 'Shenzhen', country: 'CN' });
    assert.ok(!cjk.ok && /Latin/.test(cjk.reason));
  });

  it('reads part 4 as the address rules say (SOURCE.md, 2026-12-03)', () => {
    const cases: [string, string][] = [
      // The largest number, whole numbers compared, at most its first four digits.
      ['11455 Main Street Suite 9999', '1145'],
      ['Suite 9999, 11455 Main Street', '1145'],
      ['586 Allwood Road, Bldg 22', '586'],
      ['Unit 3, 42 Harbour Road', '42'],
      ['1 Infinite Loop', '1'],
      ['Suite 9, 00042 Road', '42'],
      ['Plot 0, Road', '0'],
      ['999 Road 1000', '1000'],
      ['123456789 Long Road', '1234'],
      // Commas and hyphens inside a number are ignored: the groups read as one number.
      ['12,34,56 X Road', '1234'],
      ['12-34 56 X Road', '1234'],
      ['12-34 56 Akasaka Road', '1234'],
      ['1,234 Main Street', '1234'],
      ['3-5 Kanda, 77 Building', '77'],
      ['3-25 Kanda', '325'],
      ['Carrera 7 # 71-21', '7121'],
      ['12\u201334 Road', '1234'],
      // …but a comma followed by a space, or a hyphen before a letter, separates.
      ['92, Alice Springs Road', '92'],
      ['12, 34 Road', '34'],
      ['5-B Garden Road', '5'],
      ['12 - 34 Road', '34'],
      // A street whose name is a number: only the house or box number counts.
      ['7 12th Street', '7'],
      ['7 12TH STREET', '7'],
      ['100 West 42nd Street', '100'],
      ['3 1st Avenue', '3'],
      ['8 2nd Ave', '8'],
      ['5 23rd Road', '5'],
      ['12th Street', ''],
      ['1234 12e Avenue', '1234'],
      ['4 12e Avenue', '4'],
      ['9 1re Rue', '9'],
      ['15 7a Calle', '15'],
      ['5 7ª Avenida', '5'],
      ['2 5º Andar', '2'],
      ['Calle 10 # 5-1', '51'],
      ['Calle 100 No. 8-15', '815'],
      ['No. 8, Lane 15, Section 2, Zhongxiao E. Rd.', '8'],
      ['Street 12, House 5', '5'],
      ['House 5, Road 27, Block B', '5'],
      ['Hauptstraße 12', '12'],
      ['Main Street 12', '12'],
      // No digits: part 4 is left out.
      ['Industrial Estate', ''],
      ['', ''],
      // The post-office box counts like the street line.
      ['P.O. Box 1234', '1234'],
      ['PO Box 77, 5 Station Road', '77'],
      // Full-width digits read as digits.
      ['１２３ Road', '123'],
    ];
    for (const [street, part] of cases) assert.equal(midStreetFragment(street), part, street);
    assert.equal(midStreetFragment('Mill Lane', 'PO Box 88'), '88');
    assert.equal(midStreetFragment('12 Mill Lane', 'PO Box 88'), '88');
  });

  it('never reads the city line, even printed before the street (German invoices)', () => {
    const de = { name: 'Müller Textil GmbH', city: 'Berlin', country: 'DE' };
    const expected = { ok: true, mid: 'DEMULTEX5BER' };
    // The city line first, as German invoices print it, with or without the postal code given.
    assert.deepEqual(buildMid({ ...de, street: '10115 Berlin\nHauptstraße 5' }), expected);
    assert.deepEqual(
      buildMid({ ...de, street: 'D-10115 Berlin\nHauptstraße 5', postalCode: '10115' }),
      expected,
    );
    assert.deepEqual(buildMid({ ...de, street: '10115 Berlin, Hauptstraße 5' }), expected);
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstraße 5, 10115 Berlin' }), expected);
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstraße 5\n10115 Berlin\nGermany' }), expected);
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstr. 5 10115 Berlin' }), expected);
    assert.deepEqual(buildMid({ ...de, street: 'Berlin 10115 Germany; Hauptstraße 5' }), expected);
    assert.deepEqual(buildMid({ ...de, street: '10115 Berlin' }), { ok: true, mid: 'DEMULTEXBER' });
    // The postal code given is never a street number, wherever it is printed.
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstraße 5 10115', postalCode: '10115' }), expected);
    // The city named in a street's name is still the street line.
    assert.deepEqual(buildMid({ ...de, street: '12 Berlin Road' }), { ok: true, mid: 'DEMULTEX12BER' });
    assert.deepEqual(buildMid({ ...de, street: '1234 Berlin Road' }), { ok: true, mid: 'DEMULTEX1234BER' });
    // Canada: the city line carries the province and the postal code.
    assert.deepEqual(
      buildMid({
        name: 'Maple Leaf Textiles Inc.',
        street: 'Toronto ON M5V 2T6\n12 King St W',
        city: 'Toronto',
        country: 'CA',
        province: 'ON',
      }),
      { ok: true, mid: 'XOMAPLEA12TOR' },
    );
    assert.deepEqual(
      buildMid({
        name: 'Acme Ltd',
        street: 'London SW1A 1AA\n10 Downing Street',
        city: 'London',
        country: 'GB',
      }),
      { ok: true, mid: 'GBACMLTD10LON' },
    );
    assert.equal(midStreetLine('75008 Paris\n8 Rue Royale', { city: 'Paris' }).trim(), '8 Rue Royale');
    // A US street text with the city line after commas; a postal code after the house number.
    const us = { name: 'Acme Corp', city: 'Washington', country: 'US' };
    assert.deepEqual(buildMid({ ...us, street: '1600 Pennsylvania Ave NW, Washington, DC 20500' }), {
      ok: true,
      mid: 'USACMCOR1600WAS',
    });
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstr. 5, 10115' }), expected);
    assert.deepEqual(buildMid({ ...de, street: 'Hauptstraße 5\n10115' }), expected);
    assert.deepEqual(buildMid({ ...de, street: '1234, Industriestraße' }), {
      ok: true,
      mid: 'DEMULTEX1234BER',
    });
  });

  it('takes the first three letters of the city name, not its postal code or country prefix', () => {
    assert.equal(midCityFragment('Hong Kong'), 'HON');
    assert.equal(midCityFragment('10115 Berlin'), 'BER');
    assert.equal(midCityFragment('D-10115 Berlin'), 'BER');
    assert.equal(midCityFragment('Berlin 10115'), 'BER');
    assert.equal(midCityFragment('St. Gallen'), 'STG');
    assert.equal(midCityFragment('São Paulo'), 'SAO');
    assert.equal(midCityFragment("Xi'an"), 'XIA');
    assert.equal(midCityFragment('Ay'), 'AY');
    assert.equal(midCityFragment('Berlin\nGermany'), 'BER');
  });

  it('checks a declared MID against every reading the rules allow (street line, box)', () => {
    const a = { name: 'Ozrock', street: '92, Alice Springs Road', city: 'Melbourne', country: 'AU' };
    assert.deepEqual(buildMid(a), { ok: true, mid: 'AUOZR92MEL' });
    assert.deepEqual(midMatches('AUOZR92MEL', a), { ok: true, built: 'AUOZR92MEL' });
    assert.deepEqual(midMatches('auozr3001mel', { ...a, postalCode: '3001' }), {
      ok: false,
      built: 'AUOZR92MEL',
    });
    const box = { ...a, street: '12 Mill Lane', poBox: 'PO Box 88' };
    assert.equal(buildMid(box).ok && (buildMid(box) as { mid: string }).mid, 'AUOZR88MEL');
    assert.equal(
      midMatches('AUOZR12MEL', box)!.ok,
      true,
      'the street line alone is a reading the rules allow',
    );
    assert.equal(midMatches('AUOZR88MEL', box)!.ok, true);
    assert.equal(midMatches('AUOZR1288MEL', box)!.ok, false);
    assert.equal(midMatches('X', { ...a, country: 'CA' }), null, 'no MID can be built: nothing to compare');
    assert.deepEqual(buildMid({ ...a, street: 'No digits Road' }), { ok: true, mid: 'AUOZRMEL' });
    assert.deepEqual(
      buildMid({
        name: 'Amalgamated Plastics Corp.',
        street: '11455 Main St',
        city: 'Kowloon',
        country: 'HK',
      }),
      { ok: true, mid: 'HKAMAPLA1145KOW' },
      'fifteen characters at most',
    );
    assert.deepEqual(
      buildMid({ name: 'Maple', city: 'Quebec', country: 'CA', province: 'Newfoundland (Labrador)' }),
      { ok: true, mid: 'XWMAPQUE' },
    );
  });

  it('property: commas and hyphens inside a number read as one number; a city line never counts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(',', '-'),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 10000, max: 99999 }),
        (groups, sep, ordinal, postal) => {
          const joined = groups.map(String).join('');
          const whole = joined.replace(/^0+(?=\d)/, '').slice(0, 4);
          const street = `${groups.join(sep)} ${ordinal}th Street`;
          assert.equal(midStreetFragment(street), whole, street);
          const before = midStreetLine(`${postal} Springfield\n${street}`, { city: 'Springfield' });
          assert.equal(midStreetFragment(before), whole, before);
          const after = midStreetLine(`${street}, ${postal} Springfield`, { city: 'Springfield' });
          assert.equal(midStreetFragment(after), whole, after);
        },
      ),
    );
  });

  it('property: a MID is at most 15 characters of A-Z and 0-9, or a reason', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.constantFrom('CN', 'CA', 'VN', 'x'),
        fc.string(),
        (name, street, city, country, province) => {
          const r = buildMid({ name, street, city, country, province });
          return r.ok ? /^[A-Z]{2}[A-Z0-9]{1,13}$/.test(r.mid) : r.reason.length > 0;
        },
      ),
    );
  });
});
