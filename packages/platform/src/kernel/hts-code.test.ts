import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatHts, htsDigits, htsLevel, normalizeHts } from './hts-code.js';

describe('HTS numbers', () => {
  it('normalizes what filers write', () => {
    assert.equal(normalizeHts('6109.10.00.12'), '6109100012');
    assert.equal(normalizeHts(' 6109 10 0012 '), '6109100012');
    assert.equal(normalizeHts('6109.10'), '610910');
    assert.equal(normalizeHts('6109'), '6109');
    assert.equal(normalizeHts('610910001'), null, 'nine digits is no level');
    assert.equal(normalizeHts('6109-10-00-12'), null);
    assert.equal(normalizeHts('ABCD'), null);
    assert.equal(normalizeHts(''), null);
  });

  it('formats and levels', () => {
    assert.equal(formatHts('6109100012'), '6109.10.00.12');
    assert.equal(formatHts('61091000'), '6109.10.00');
    assert.equal(htsLevel('6109100012'), 'statistical');
    assert.equal(htsLevel('610910'), 'subheading');
    assert.equal(htsLevel('12345'), null);
  });

  it('property: formatting then normalizing gives the digits back, for every level', () => {
    const digits = fc.constantFrom(4, 6, 8, 10).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)));
    fc.assert(fc.property(digits, (d) => normalizeHts(formatHts(d)) === d));
  });

  it('property: anything normalized is 4, 6, 8 or 10 digits', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normalizeHts(s);
        return n === null || (/^\d+$/.test(n) && [4, 6, 8, 10].includes(n.length));
      }),
    );
  });

  it('property: htsDigits drops dots and blanks, and nothing else', () => {
    assert.equal(htsDigits('7217.30.45'), '72173045');
    assert.equal(htsDigits(' 6109 10\t0012 '), '6109100012');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const want = [...s].filter((c) => c !== '.' && !/\s/.test(c)).join('');
        return htsDigits(s) === want;
      }),
    );
  });

  it('property: numbers written with digits, dots, blanks and other marks lose exactly their dots and white space', () => {
    const written = fc
      .array(
        fc.constantFrom(
          ...['0', '1', '5', '9', '.', ' ', '.', ' '],
          ...['\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', 'x', '-'],
        ),
        { maxLength: 60 },
      )
      .map((cs) => cs.join(''));
    fc.assert(fc.property(written, (s) => htsDigits(s) === s.replace(/[.\s]/g, '')));
    assert.equal(htsDigits('6109.10.00.12'), '6109100012');
    assert.equal(htsDigits('6109100012'), '6109100012');
    assert.equal(htsDigits('.6109. '), '6109');
    assert.equal(htsDigits(''), '');
    assert.equal(htsDigits('6109.10.00.12'.repeat(4)), '6109100012'.repeat(4), 'longer than the memo keeps');
  });
});
