import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pairMemo, textMemo } from './memo.js';

describe('memos of texts', () => {
  it('textMemo computes a text once, keeps no text over maxChars, and starts again when full', () => {
    const calls: string[] = [];
    const upper = textMemo((t) => (calls.push(t), t.toUpperCase()), 2, 5);
    assert.equal(upper('ab'), 'AB');
    assert.equal(upper('ab'), 'AB');
    assert.equal(upper('longer text'), 'LONGER TEXT');
    assert.equal(upper('longer text'), 'LONGER TEXT');
    assert.deepEqual(calls, ['ab', 'longer text', 'longer text']);
    upper('cd');
    upper('ef'); // the third kept text: the memo starts again
    upper('ab');
    assert.deepEqual(calls.slice(3), ['cd', 'ef', 'ab']);
  });

  it('pairMemo answers each ordered pair as computed, once while kept, null answers too', () => {
    let calls = 0;
    const pair = pairMemo((a, b) => (calls++, a === b ? null : `${a}>${b}`), 1_000);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }))), (pairs) => {
        for (const [a, b] of pairs) assert.equal(pair(a, b), a === b ? null : `${a}>${b}`);
      }),
    );
    calls = 0;
    assert.equal(pair('x', 'y'), 'x>y');
    assert.equal(pair('y', 'x'), 'y>x', 'the order of the texts counts');
    assert.equal(pair('z', 'z'), null);
    const after = calls;
    pair('x', 'y');
    pair('z', 'z');
    assert.equal(calls, after, 'kept answers, null included, are not computed again');
  });

  it('pairMemo keeps at most max answers in all, however they are spread over first texts', () => {
    let calls = 0;
    const pair = pairMemo((a, b) => (calls++, a + b), 100);
    pair('kept', '0');
    for (let i = 0; i < 99; i++) pair(`first ${i}`, 'b');
    pair('kept', '0');
    assert.equal(calls, 100, 'still kept at 100 answers');
    pair('one more', 'b'); // the 101st: the memo starts again with it
    pair('kept', '0');
    assert.equal(calls, 102);
  });
});
