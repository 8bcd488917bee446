import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deserialize, serialize } from 'node:v8';
import { Bm25Index, SharedTerms, isBm25Data } from './bm25.js';

const word = fc.constantFrom('cotton', 'shirt', 'steel', 'pipe', 'knit', 'men', 'other', 'of', 'wool', 'x');
const docs = fc.array(
  fc.array(fc.record({ terms: fc.array(word, { maxLength: 8 }), weight: fc.integer({ min: 0, max: 3 }) }), {
    maxLength: 3,
  }),
  { maxLength: 30 },
);
const query = fc.array(fc.tuple(word, fc.double({ min: 0.1, max: 3, noNaN: true })), { maxLength: 5 });

/** Every document a query reaches with its score and coverage, in document order. */
function results(index: Bm25Index, q: Map<string, number>, maxDf = Infinity) {
  const out: [number, number, number][] = [];
  index.search(q, (d, v, c) => out.push([d, v, c]), maxDf, q);
  return out.sort((a, b) => a[0] - b[0]);
}

describe('BM25 index kept flat (the artefact cache)', () => {
  it('an index restored from its data answers every query exactly as the one built (property)', () => {
    fc.assert(
      fc.property(docs, query, fc.integer({ min: 1, max: 40 }), (ds, q, maxDf) => {
        const built = Bm25Index.build(ds);
        const data = deserialize(serialize(built.data())) as unknown;
        assert.ok(isBm25Data(data));
        const restored = Bm25Index.fromData(data);
        const m = new Map(q);
        assert.deepEqual(results(restored, m, maxDf), results(built, m, maxDf));
        for (const [t] of q) {
          assert.equal(restored.df(t), built.df(t));
          assert.equal(restored.idf(t), built.idf(t));
          for (let d = 0; d < ds.length; d++) assert.equal(restored.termScore(t, d), built.termScore(t, d));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses data whose sizes do not agree', () => {
    const d = Bm25Index.build([[{ terms: ['a', 'b'], weight: 1 }], [{ terms: ['b'], weight: 1 }]]).data();
    assert.ok(isBm25Data(d));
    assert.equal(isBm25Data({ ...d, size: 1 }), false, 'a document beyond the size');
    assert.equal(isBm25Data({ ...d, terms: ['a'] }), false);
    assert.equal(isBm25Data({ ...d, score: new Float32Array(1) }), false);
    // Postings are read in place between consecutive offsets: they must start at 0 and not go back.
    assert.deepEqual([...d.offsets], [0, 1, 3]);
    assert.equal(isBm25Data({ ...d, offsets: new Int32Array([1, 1, 3]) }), false, 'offsets not from 0');
    assert.equal(isBm25Data({ ...d, offsets: new Int32Array([0, 4, 3]) }), false, 'offsets going back');
    assert.equal(isBm25Data(null), false);
  });
});

describe('BM25 search answers', () => {
  it('`run` leaves every document the score and coverage `scoreOf` gives, 0 for the others, until the next search (property)', () => {
    fc.assert(
      fc.property(
        docs,
        fc.array(query, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        (ds, qs, maxDf) => {
          const index = Bm25Index.build(ds);
          for (const q of qs) {
            const m = new Map(q);
            const before = index.runs;
            const n = index.run(m, maxDf, m);
            assert.equal(index.runs, before + 1);
            const found = new Set(Array.from({ length: n }, (_, i) => index.found[i]!));
            assert.equal(found.size, n, 'each document found once');
            for (let d = 0; d < ds.length; d++) {
              const { score, covered } = index.scoreOf(m, d, maxDf, m);
              assert.equal(index.scores[d], score);
              assert.equal(index.covers[d], covered);
              assert.equal(found.has(d), score > 0, `document ${d} found exactly when it holds a term`);
            }
            assert.deepEqual(
              results(index, m, maxDf),
              [...found].sort((a, b) => a - b).map((d) => [d, index.scores[d], index.covers[d]]),
              '`search` reports what `run` left',
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('searches through a dictionary shared by several indices find what each index finds alone, in the same order, to the last bit (property)', () => {
    // Words of the queries that no index holds, and indices that each hold only some words.
    const anyWord = fc.constantFrom(
      'cotton',
      'shirt',
      'steel',
      'pipe',
      'knit',
      'men',
      'other',
      'of',
      'wool',
      'x',
      'absent',
    );
    fc.assert(
      fc.property(
        fc.array(docs, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(anyWord, fc.double({ min: 0.1, max: 3, noNaN: true })), { maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (dss, q, maxDf, stride) => {
          const indices = dss.map((ds) => Bm25Index.build(ds));
          const shared = new SharedTerms(indices);
          const m = new Map(q);
          const places = new Int32Array(indices.length * stride);
          const weights = new Float64Array(stride);
          const terms = shared.read(m, places, weights, stride);
          assert.equal(terms, Math.min(m.size, stride), 'every term up to the stride');
          // The query as read (the first `stride` terms), and each term's cover weight.
          const asRead = new Map([...m].slice(0, terms));
          const covers = Float64Array.from([...asRead.values()], (w) => w / 2);
          const coverOf = new Map([...asRead.keys()].map((t, j) => [t, covers[j]!]));
          indices.forEach((index, i) => {
            const n = index.run(asRead, maxDf, coverOf);
            const own = Array.from({ length: n }, (_, k) => index.found[k]!);
            const ownScores = own.map((d) => [index.scores[d], index.covers[d]]);
            const idfs = [...asRead.keys()].map((t) => index.idf(t));
            const nAt = index.runAt(places, i * stride, weights, terms, maxDf, covers);
            const at = Array.from({ length: nAt }, (_, k) => index.found[k]!);
            assert.deepEqual(at, own, 'the same documents in the same order');
            assert.deepEqual(
              at.map((d) => [index.scores[d], index.covers[d]]),
              ownScores,
              'the same sums (deepEqual compares numbers with Object.is)',
            );
            for (let j = 0; j < terms; j++) assert.equal(index.idfAt(places[i * stride + j]!), idfs[j]);
            // Without cover weights: every coverage 0, as `run` without them.
            const nPlain = index.run(asRead, maxDf);
            const plain = Array.from({ length: nPlain }, (_, k) => index.found[k]!);
            const plainSums = plain.map((d) => [index.scores[d], index.covers[d]]);
            const nPlainAt = index.runAt(places, i * stride, weights, terms, maxDf);
            const plainAt = Array.from({ length: nPlainAt }, (_, k) => index.found[k]!);
            assert.deepEqual(plainAt, plain);
            assert.deepEqual(
              plainAt.map((d) => [index.scores[d], index.covers[d]]),
              plainSums,
            );
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
