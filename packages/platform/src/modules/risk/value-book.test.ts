/**
 * The unit-value book against a plain model of it: each key keeps its last `capacity` values (in a
 * ring grown on demand), keys beyond `maxKeys` go least recently added first, and the statistics
 * (median, median absolute deviation) are those of the values kept.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ValueBook } from './risk-service.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('unit-value book', () => {
  it('answers as the last `capacity` values of each key would, keys evicted oldest first', () => {
    const op = fc.oneof(
      fc.record({ add: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.integer({ min: 1, max: 1_000 }) }),
      fc.record({ stats: fc.constantFrom('a', 'b', 'c', 'd'), min: fc.integer({ min: 1, max: 12 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(op, { maxLength: 400, size: 'max' }),
        (capacity, ops) => {
          const book = new ValueBook(capacity, 3);
          const model = new Map<string, number[]>();
          for (const o of ops) {
            if ('add' in o) {
              const xs = [...(model.get(o.add) ?? []), o.value].slice(-capacity);
              model.delete(o.add);
              model.set(o.add, xs);
              if (model.size > 3) model.delete(model.keys().next().value!);
              book.add(o.add, o.value);
              continue;
            }
            const xs = model.get(o.stats) ?? [];
            const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
            assert.deepEqual(sorted(book.kept(o.stats)), sorted(xs));
            const got = book.stats(o.stats, o.min);
            if (xs.length < o.min) assert.equal(got, null);
            else assert.ok(got !== null && got.n <= xs.length, 'stale by at most an eighth, never more');
            // A fresh book's statistics are exactly those of the values kept.
            const fresh = new ValueBook(capacity, 1);
            for (const x of xs) fresh.add('k', x);
            const want = fresh.stats('k', 1);
            if (xs.length === 0) continue;
            assert.equal(want!.median, median(xs));
            assert.equal(want!.mad, median(xs.map((x) => Math.abs(x - want!.median))));
            assert.equal(want!.n, xs.length);
          }
        },
      ),
    );
  });

  it('gives the statistics a sort of the values gives, for any positive values, infinite ones too', () => {
    // The statistics as a typed array's sort gives them (NaN last): what the book computed before
    // it selected the middle instead of sorting, so that no verdict changes.
    const bySort = (xs: number[]) => {
      const sorted = Float64Array.from(xs).sort();
      const median = sorted[xs.length >> 1]!;
      const dev = sorted.map((x) => Math.abs(x - median)).sort();
      return { median, mad: dev[xs.length >> 1]!, n: xs.length };
    };
    const value = fc.oneof(
      fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
      fc.constant(Infinity),
      fc.integer({ min: 1, max: 5 }),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300, size: 'max' }), (xs) => {
        const book = new ValueBook(256, 1);
        for (const x of xs) book.add('k', x);
        assert.deepEqual(book.stats('k', 1), bySort(xs.slice(-256)));
      }),
    );
  });
});
