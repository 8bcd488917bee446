import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textMemo } from './memo.js';

describe('memo of texts', () => {
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
});
