import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requiredUnits, unitKey } from './units.js';

describe('units of quantity', () => {
  it('accepts the HTS text and the ACE code alike', () => {
    assert.equal(unitKey('doz.'), 'DOZ');
    assert.equal(unitKey('DOZ'), 'DOZ');
    assert.equal(unitKey('No.'), 'NO');
    assert.equal(unitKey('NO'), 'NO');
    assert.equal(unitKey('m²'), 'M2');
    assert.equal(unitKey('m2'), 'M2');
    assert.equal(unitKey('doz. prs.'), 'DPR');
    assert.equal(unitKey('liters'), 'L');
    assert.equal(unitKey('  kg '), 'KG');
  });

  it('keeps an unmapped tariff unit as its own text, matched exactly', () => {
    assert.equal(unitKey('Cu kg'), 'CU KG');
    assert.equal(unitKey('cu  KG'), 'CU KG');
    assert.equal(unitKey(''), null);
  });

  it('reads the required units of a tariff line', () => {
    assert.deepEqual(requiredUnits(['doz.', 'kg']), ['DOZ', 'KG']);
    assert.deepEqual(requiredUnits(['No. and kg']), ['NO', 'KG']);
    assert.deepEqual(requiredUnits(['', '\n']), []);
    assert.deepEqual(requiredUnits(['m²', 'm2']), ['M2']);
  });
});
