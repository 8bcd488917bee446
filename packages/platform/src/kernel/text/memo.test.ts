import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PairMemo, textMemo } from './memo.js';

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

  it('PairMemo keeps a value per pair of texts, one or many second texts to a first', () => {
    const m = new PairMemo<string | null>(10);
    assert.equal(m.get('cotton shirts', '6205200000'), undefined);
    m.set('cotton shirts', '6205200000', 'a');
    assert.equal(m.get('cotton shirts', '6205200000'), 'a');
    assert.equal(m.get('cotton shirts', '6205300000'), undefined, 'another number');
    assert.equal(m.get('6205200000', 'cotton shirts'), undefined, 'the pair is ordered');
    m.set('cotton shirts', '6205300000', null); // a second number for the same text
    assert.equal(m.get('cotton shirts', '6205200000'), 'a');
    assert.equal(m.get('cotton shirts', '6205300000'), null, 'null is a value, not a miss');
    m.set('cotton shirts', '6205200000', 'b');
    assert.equal(m.get('cotton shirts', '6205200000'), 'b', 'set again: replaced');
  });

  it('PairMemo drops everything once it holds `max` pairs, counting each pair once', () => {
    const m = new PairMemo<number>(3);
    m.set('a', '1', 1);
    m.set('a', '1', 10); // the same pair again: still one
    m.set('a', '2', 2);
    m.set('a', '2', 20); // again, where a text has many: still two
    m.set('b', '1', 3);
    assert.deepEqual([m.get('a', '1'), m.get('a', '2'), m.get('b', '1')], [10, 20, 3]);
    m.set('c', '1', 4); // the fourth pair: the memo starts again
    assert.deepEqual(
      [m.get('a', '1'), m.get('a', '2'), m.get('b', '1'), m.get('c', '1')],
      [undefined, undefined, undefined, 4],
    );
  });

  it('PairMemo answers as a map keyed by the pair would, for any sequence of sets and gets', () => {
    const text = fc.constantFrom('', 'a', 'b', 'a\u0000b', 'ab', '\u0000');
    const op = fc.record({ set: fc.boolean(), first: text, second: text, value: fc.integer() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (ops, max) => {
        const m = new PairMemo<number>(max);
        const model = new Map<string, number>();
        const keyOf = (a: string, b: string) => JSON.stringify([a, b]);
        for (const o of ops) {
          if (o.set) {
            if (model.size >= max) model.clear();
            model.set(keyOf(o.first, o.second), o.value);
            m.set(o.first, o.second, o.value);
          } else assert.equal(m.get(o.first, o.second), model.get(keyOf(o.first, o.second)));
        }
      }),
    );
  });
});
