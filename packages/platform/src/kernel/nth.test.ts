import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nth } from './nth.js';

describe('nth (selection)', () => {
  it('gives the value a numeric sort puts at index k, for any values and any k', () => {
    const values = fc.array(
      fc.oneof(
        fc.double({ noNaN: true }),
        fc.integer({ min: -3, max: 3 }), // many ties
        fc.constantFrom(0, -0, Infinity, -Infinity),
      ),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(values, fc.nat(), (xs, at) => {
        const k = at % xs.length;
        const sorted = Float64Array.from(xs).sort();
        // === : a sort orders -0 before 0, which selection takes as equal.
        assert.ok(nth(Float64Array.from(xs), k) === sorted[k]);
      }),
      { numRuns: 500 },
    );
  });

  it('reorders but keeps the values', () => {
    const xs = Float64Array.from([5, 1, 4, 1, 3, 9, 2, 6]);
    assert.equal(nth(xs, 0), 1);
    assert.equal(nth(xs, 7), 9);
    assert.equal(nth(xs, 4), 4);
    assert.deepEqual(
      [...xs].sort((a, b) => a - b),
      [1, 1, 2, 3, 4, 5, 6, 9],
    );
  });
});
