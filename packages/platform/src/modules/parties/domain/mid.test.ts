import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SHARED_DATA, sharedData } from '../../../testing/support.js';
import { buildMid, midNameFragment, midStreetFragment } from './mid.js';

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
