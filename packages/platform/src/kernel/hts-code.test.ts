import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { filedHts, formatHts, htsDigits, htsLevel, normalizeHts } from './hts-code.js';

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

  it('reads a number as filed strictly: one dot or space, between groups only', () => {
    for (const ok of [
      '6109.10.00.12',
      '6109100012',
      '6109 10 0012',
      ' 6109.10.0012 ',
      '6109.10',
      '6109',
      '610910.00',
    ])
      assert.equal(filedHts(ok), normalizeHts(ok), ok);
    for (const bad of [
      '6109..10.00.12',
      '.6109.10.00.12',
      '6109.10.00.12.',
      '6109.10.00.12 .',
      '61.09.10.00.12',
      '6109.1.0.00.12',
      '6109. 10.00.12',
      '6109.10.00.1.2',
      '6109.',
      '.',
      '',
      '610910001',
      '6109-10-00-12',
    ])
      assert.equal(filedHts(bad), null, bad);
  });

  it('property: a number is read as filed exactly when it is its groups with at most one dot or space between them', () => {
    const MODEL = /^[0-9]{4}(?:[. ]?[0-9]{2}){0,3}$/;
    const written = fc
      .array(fc.constantFrom('0', '1', '6', '9', '.', ' ', '\t', 'x'), { maxLength: 16 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(written, (s) => {
        const t = s.trim();
        assert.equal(filedHts(s), MODEL.test(t) ? t.replace(/[. ]/g, '') : null, JSON.stringify(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('property: every well-formed spelling of a number reads as its digits; a malformed dot makes it unreadable', () => {
    const spelling = fc
      .constantFrom(4, 6, 8, 10)
      .chain((n) =>
        fc.tuple(
          fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)),
          fc.array(fc.constantFrom('', '.', ' '), { minLength: 3, maxLength: 3 }),
        ),
      );
    const write = (d: string, seps: readonly string[]) => {
      let out = d.slice(0, 4);
      for (let i = 4, k = 0; i < d.length; i += 2, k++) out += seps[k]! + d.slice(i, i + 2);
      return out;
    };
    fc.assert(
      fc.property(spelling, fc.nat(), ([d, seps], at) => {
        const w = write(d, seps);
        assert.equal(filedHts(w), d, w);
        assert.equal(filedHts(` ${w} `), d, w);
        assert.equal(normalizeHts(w), d, 'the lenient reading agrees');
        // A dot doubled, leading, trailing, or anywhere that is not between two groups.
        const i = at % (w.length + 1);
        const dotted = w.slice(0, i) + '.' + w.slice(i);
        const betweenGroups = /^[0-9]{4}(?:[. ]?[0-9]{2}){0,3}$/.test(dotted.trim());
        assert.equal(filedHts(dotted), betweenGroups ? d : null, dotted);
        assert.equal(filedHts(`${w}.`), null);
        assert.equal(filedHts(`.${w}`), null);
      }),
      { numRuns: 2000 },
    );
  });
});
