import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SCREEN_SCORE } from './score.js';
import { bandedOsaDistance, osaDistance } from './similarity.js';
import {
  SpellingTable,
  isSpellingTableData,
  letterParity,
  letterSet,
  spellingBudget,
  spellingSimilarity,
} from './spelling.js';

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

  it('spellings k edits apart differ in at most 2k characters used, and used an odd number of times (property)', () => {
    const text = fc.stringMatching(/^[a-f0-9 ]{0,30}$/);
    fc.assert(
      fc.property(text, text, (a, b) => {
        const d = osaDistance(a, b, 3);
        if (d > 2) return;
        for (const sig of [letterSet, letterParity]) {
          let x = sig(a) ^ sig(b);
          let bits = 0;
          for (; x !== 0; x &= x - 1) bits++;
          assert.ok(bits <= 2 * d, `${sig.name} ${a} / ${b}: ${bits} bits, ${d} edits`);
        }
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

  // The same, with queries made from a listed spelling by one or two edits anywhere (a letter
  // inserted before the first or after the last, a swap across a cut): the probes of the first
  // and last parts are fixed to the query's ends, the others move.
  it('finds every listed spelling one or two edits from the query (property)', () => {
    const word = fc.stringMatching(/^[abc1 ]{6,24}$/).map((s) => s.trim().replace(/ +/g, ' '));
    const edit = fc.record({
      kind: fc.constantFrom('insert', 'delete', 'change', 'swap'),
      at: fc.nat(),
      c: fc.constantFrom('a', 'b', 'c', '1', ' '),
    });
    const apply = (s: string, e: { kind: string; at: number; c: string }): string => {
      const i = e.at % (s.length + 1);
      if (e.kind === 'insert') return s.slice(0, i) + e.c + s.slice(i);
      if (i >= s.length) return s + e.c;
      if (e.kind === 'delete') return s.slice(0, i) + s.slice(i + 1);
      if (e.kind === 'change') return s.slice(0, i) + e.c + s.slice(i + 1);
      return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
    };
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.array(edit, { minLength: 1, maxLength: 2 }),
        (listed, pick, edits) => {
          const q = edits.reduce(apply, listed[pick % listed.length]!);
          const lt = listed.map(letters);
          const table = new SpellingTable(listed, lt);
          const found = new Map<number, number>();
          table.find(q, letters(q), (ni, s) => found.set(ni, s));
          // The same table again from its data (as the artefact cache keeps it) finds the same.
          const data = structuredClone(table.data());
          assert.ok(isSpellingTableData(data));
          const again = new Map<number, number>();
          new SpellingTable(listed, lt, data).find(q, letters(q), (ni, s) => again.set(ni, s));
          assert.deepEqual([...again].sort(), [...found].sort());
          const scan = new Map<number, number>();
          listed.forEach((s, ni) => {
            const v = spellingSimilarity(q, s, lt[ni]!);
            if (v > 0) scan.set(ni, v);
          });
          assert.deepEqual([...found].sort(), [...scan].sort());
        },
      ),
      { numRuns: 3000 },
    );
  });
});
