import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SCREEN_SCORE } from './score.js';
import { bandedOsaDistance, osaDistance } from './similarity.js';
import { SpellingTable, letterSet, spellingBudget, spellingSimilarity } from './spelling.js';

const letters = (s: string): number => s.replace(/[^a-z0-9]/g, '').length;

describe('whole-name spelling', () => {
  it('allows a few edits over a long name, none over a short one, and no other number', () => {
    assert.equal(spellingBudget(SCREEN_SCORE.spellingOneFrom - 1), 0);
    assert.equal(spellingBudget(SCREEN_SCORE.spellingOneFrom), 1);
    assert.equal(spellingBudget(SCREEN_SCORE.spellingTwoFrom), 2);
    const l = 'arab petroleum engineering company ltd';
    assert.ok(spellingSimilarity('arab petroleum engineering cmpaxny ltd', l, letters(l)) > 0.95);
    assert.ok(spellingSimilarity('abu sayyaf rou', 'abu sayyaf group', 14) > 0.9);
    assert.equal(spellingSimilarity('melo gmbh', 'meo gmbh', letters('meo')), 0);
    assert.equal(spellingSimilarity('ocean star 8', 'ocean star 7', 10), 0);
    assert.equal(spellingSimilarity('abcdefghijkl', 'abcdefghixyz', 12), 0);
  });

  it('the banded distance is the full one (property)', () => {
    const text = fc.stringMatching(/^[abc ]{0,40}$/);
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 3 }), (a, b, k) => {
        assert.equal(bandedOsaDistance(a, b, k), osaDistance(a, b, k));
      }),
      { numRuns: 3000 },
    );
  });

  it('spellings k edits apart differ in at most 2k characters used (property)', () => {
    const text = fc.stringMatching(/^[a-f0-9 ]{0,30}$/);
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = osaDistance(a, b, 3);
        if (d > 2) return;
        let x = letterSet(a) ^ letterSet(b);
        let bits = 0;
        for (; x !== 0; x &= x - 1) bits++;
        assert.ok(bits <= 2 * d, `${a} / ${b}: ${bits} bits, ${d} edits`);
      }),
      { numRuns: 3000 },
    );
  });

  // The pigeonhole table finds exactly the listed spellings a scan of all of them would: strings
  // of a small alphabet, so that many are a few edits apart.
  it('finds what a scan of every spelling finds (property)', () => {
    const word = fc.stringMatching(/^[ab1 ]{4,20}$/).map((s) => s.trim().replace(/ +/g, ' '));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), word, (listed, q) => {
        const lt = listed.map(letters);
        const table = new SpellingTable(listed, lt);
        const found = new Map<number, number>();
        table.find(q, letters(q), (ni, s) => found.set(ni, s));
        const scan = new Map<number, number>();
        listed.forEach((s, ni) => {
          const v = spellingSimilarity(q, s, lt[ni]!);
          if (v > 0) scan.set(ni, v);
        });
        assert.deepEqual([...found].sort(), [...scan].sort());
      }),
      { numRuns: 2000 },
    );
  });
});
