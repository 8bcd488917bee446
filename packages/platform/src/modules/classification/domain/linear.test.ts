import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HierarchicalLinear, linearFeatures, type LinearDoc, type LinearTree } from './linear.js';

// Two chapters, three headings, five subheadings (indices as the model's tree numbers them).
const TREE: LinearTree = {
  chapters: [61, 73],
  chapterOfHeading: [61, 61, 73],
  headingsOfChapter: new Map([
    [61, [0, 1]],
    [73, [2]],
  ]),
  subsOfHeading: [[0, 1], [2], [3, 4]],
};
const doc = (text: string, chapter: number, heading: number, sub: number, weight = 1): LinearDoc => ({
  feats: linearFeatures(text, text.split(',')[0]!),
  chapter,
  heading,
  sub,
  weight,
});
const DOCS: LinearDoc[] = [
  doc("t-shirt of cotton, men's", 61, 0, 0),
  doc('cotton tank top knitted', 61, 0, 0),
  doc('t-shirt of polyester', 61, 0, 1),
  doc('synthetic fibre singlet', 61, 0, 1),
  doc('sweater pullover of wool', 61, 1, 2),
  doc('cardigan knitted wool', 61, 1, 2),
  doc('pipe fitting elbow, of cast iron', 73, 2, 3),
  doc('cast iron coupling', 73, 2, 3),
  doc('stainless steel flange', 73, 2, 4),
  doc('steel sleeve fitting, stainless', 73, 2, 4),
];

describe('HierarchicalLinear: chapter → heading → subheading softmaxes', () => {
  const model = new HierarchicalLinear(TREE, DOCS, { epochs: 30, rate: 1 });

  it('learns each level from its documents', () => {
    const r = model.reader(linearFeatures('stainless steel flange for pipes', 'stainless steel flange'));
    assert.deepEqual(r.bestChapters(1), [73]);
    assert.ok(r.pSub(2, 4) > r.pSub(2, 3), 'stainless → the stainless subheading');
    const t = model.reader(linearFeatures("men's t-shirt of cotton", "men's t-shirt"));
    assert.deepEqual(t.bestChapters(1), [61]);
    assert.ok(t.pHeading(61, 0) > t.pHeading(61, 1));
    assert.ok(t.pSub(0, 0) > t.pSub(0, 1), 'cotton → the cotton subheading');
  });

  it('gives probabilities that sum to one at each level, and 1 to an only child', () => {
    const r = model.reader(linearFeatures('wool cardigan', 'wool cardigan'));
    const chapters = TREE.chapters.reduce((a, c) => a + r.pChapter(c), 0);
    assert.ok(Math.abs(chapters - 1) < 1e-9);
    assert.ok(Math.abs(r.pHeading(61, 0) + r.pHeading(61, 1) - 1) < 1e-9);
    assert.equal(r.pHeading(73, 2), 1);
    assert.equal(r.pSub(1, 2), 1);
  });

  it('is the same model for the same documents (seeded order), and reads an empty text evenly', () => {
    const again = new HierarchicalLinear(TREE, DOCS, { epochs: 30, rate: 1 });
    const f = linearFeatures('cast iron elbow', 'cast iron elbow');
    assert.equal(again.reader(f).pChapter(73), model.reader(f).pChapter(73));
    const empty = model.reader(linearFeatures('', ''));
    assert.equal(empty.pChapter(61), 0.5);
  });
});
