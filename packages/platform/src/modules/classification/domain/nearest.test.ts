import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { othersThanFirst } from '../../../testing/hidden-class.js';
import { withSimilarity } from './model.js';
import type { LabeledExample } from './types.js';

// Examples as the model holds them (parsed from the artefact cache's JSON): a ruling with its
// number, a weighted one, one without either.
const examples = (n: number): LabeledExample[] =>
  Array.from({ length: n }, (_, i): LabeledExample => {
    const description = `Knitted pullover of cotton, style ${i}`;
    const text =
      i % 3 === 0
        ? `{"description":"${description}","hts":"6110202010","source":"cbp-ruling","ref":"N${300000 + i}"}`
        : i % 3 === 1
          ? `{"description":"${description}","hts":"6110202010","source":"uk-ruling","ref":"uk-${i}","weight":0.${i + 1}}`
          : `{"description":"${description}","hts":"6110202010","source":"cbp-precedent"}`;
    return JSON.parse(text) as LabeledExample;
  });

describe('nearest examples', () => {
  it('carry the example and its similarity as `{ ...example, similarity }` does, key for key', () => {
    examples(30).forEach((e, i) => {
      const s = i / 30;
      assert.equal(JSON.stringify(withSimilarity(e, s)), JSON.stringify({ ...e, similarity: s }));
      assert.deepEqual(Object.keys(withSimilarity(e, s)), [...Object.keys(e), 'similarity']);
    });
    // A key named __proto__ (JSON makes it an own key) stays a key, as the spread keeps it.
    const odd = JSON.parse(
      '{"description":"x","hts":"6110202010","source":"s","__proto__":{"a":1}}',
    ) as LabeledExample;
    assert.equal(JSON.stringify(withSimilarity(odd, 0.5)), JSON.stringify({ ...odd, similarity: 0.5 }));
    assert.equal(Object.getPrototypeOf(withSimilarity(odd, 0.5)), Object.prototype);
  });

  it('of one shape share one hidden class (V8 %HaveSameMap; ADR 0042)', () => {
    const made = examples(3_000).map((e, i) => withSimilarity(e, (i + 1) / 3_001));
    for (let shape = 0; shape < 3; shape++)
      assert.equal(othersThanFirst(made.filter((_, i) => i % 3 === shape)), 0, `shape ${shape}`);
  });
});
