import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SHARED_DATA, sharedData } from '../../../testing/support.js';
import {
  checkDuns,
  checkEin,
  checkEori,
  checkGln,
  checkIdentifier,
  checkLei,
  gs1CheckDigit,
  leiCheckDigits,
} from './identifiers.js';

const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));

describe('identifiers', () => {
  it('validates LEIs by ISO 7064 MOD 97-10 and says why one fails', () => {
    assert.deepEqual(checkLei('5493001KJTIIGC8Y1R12'), { valid: true, normalized: '5493001KJTIIGC8Y1R12' });
    assert.equal(leiCheckDigits('5493001KJTIIGC8Y1R'), '12');
    const wrong = checkLei('5493001KJTIIGC8Y1R13');
    assert.ok(!wrong.valid && /expected 12/.test(wrong.reason));
    assert.ok(!checkLei('5493001KJTIIGC8Y1R1').valid);
    assert.ok(!checkLei('5493001KJTIIGC8Y1RAB').valid);
  });

  it('accepts every LEI of the GLEIF sample', sharedData(), () => {
    const csv = readFileSync(join(SHARED_DATA, 'lei-gleif-samples', 'lei_records_flat.csv'), 'utf8');
    const leis = csv
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(',')[0]!);
    assert.ok(leis.length >= 10);
    for (const lei of leis) assert.ok(checkLei(lei).valid, lei);
  });

  // MOD 97-10 catches every substitution that keeps the numeric form's length (digit for digit,
  // letter for letter); a letter for a digit changes its length and slips through about 1 in 97.
  it('property: computed LEI check digits validate, and any same-kind single change is caught', () => {
    fc.assert(
      fc.property(
        fc.array(alnum, { minLength: 18, maxLength: 18 }),
        fc.nat(19),
        alnum,
        (chars, pos, other) => {
          const lei = chars.join('') + leiCheckDigits(chars.join(''));
          assert.ok(checkLei(lei).valid);
          const isDigit = (c: string) => c >= '0' && c <= '9';
          if (lei[pos] === other || isDigit(lei[pos]!) !== isDigit(other)) return;
          const changed = lei.slice(0, pos) + other + lei.slice(pos + 1);
          assert.ok(!checkLei(changed).valid, `${lei} → ${changed}`);
        },
      ),
    );
  });

  it('validates GLNs with the GS1 check digit', () => {
    assert.equal(gs1CheckDigit('629104150021'), '3');
    assert.ok(checkGln('6291041500213').valid);
    assert.ok(!checkGln('6291041500214').valid);
    assert.ok(!checkGln('629104150021').valid);
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.nat(11),
        fc.integer({ min: 1, max: 9 }),
        (body, pos, delta) => {
          const gln = body + gs1CheckDigit(body);
          assert.ok(checkGln(gln).valid);
          const d = (Number(gln[pos]) + delta) % 10;
          const changed = gln.slice(0, pos) + d + gln.slice(pos + 1);
          assert.ok(!checkGln(changed).valid, `${gln} → ${changed}`);
        },
      ),
    );
  });

  it('checks DUNS, EORI and US importer numbers', () => {
    assert.deepEqual(checkDuns('15-048-3782'), { valid: true, normalized: '150483782' });
    assert.ok(!checkDuns('12345678').valid);
    assert.ok(!checkDuns('000000000').valid);
    assert.ok(checkEori('DE1234567890123').valid);
    assert.ok(checkEori('GB123456789000').valid);
    assert.ok(!checkEori('GB12345').valid);
    assert.ok(!checkEori('US123456789').valid);
    assert.deepEqual(checkEin('12-3456789'), { valid: true, normalized: '12-3456789' });
    assert.deepEqual(checkEin('12345678900'), { valid: true, normalized: '12-345678900' });
    assert.ok(!checkEin('07-3456789').valid, 'prefix 07 is not assigned');
    assert.ok(!checkEin('12-345').valid);
    assert.ok(checkIdentifier('cbp', '261234-12345')!.valid);
    assert.equal(checkIdentifier('SSN', '1'), null);
  });

  it('property: no input makes a checker throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('LEI', 'GLN', 'DUNS', 'EORI', 'EIN', 'CBP', 'MID', 'X'),
        fc.string(),
        (scheme, value) => {
          const r = checkIdentifier(scheme, value);
          return r === null || typeof r.valid === 'boolean';
        },
      ),
    );
  });
});
