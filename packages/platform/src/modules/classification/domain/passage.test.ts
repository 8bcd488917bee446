import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { goodsPassage, terms } from './text.js';

// A ruling letter's description in the CBP's own phrasing (the kind the 2026 rulings carry).
const LETTER =
  'In your letter dated March 21, 2026 you requested a ruling on the tariff classification of a ' +
  'disposable camera. The 3M Scotch Color Print Film and Camera is a disposable 35 mm camera with ' +
  '27 exposures. The camera does not contain a built-in flash unit. The cameras will be packaged ' +
  'in cardboard boxes of twelve and shipped from China. The country of origin is China. Your ' +
  'sample will be returned as requested. The merchandise is sold at retail pharmacies.';

describe('goodsPassage: what a long description says the goods are', () => {
  it('keeps the goods sentences and what a request asks about, and drops request, packing, origin and sample', () => {
    const p = goodsPassage(LETTER);
    assert.match(p, /^a disposable camera\. The 3M Scotch/);
    assert.match(p, /does not contain a built-in flash unit/);
    assert.match(p, /sold at retail pharmacies/);
    for (const gone of ['your letter', 'packaged', 'country of origin', 'returned']) {
      assert.ok(!p.toLowerCase().includes(gone), `${gone} in ${p}`);
    }
  });

  it('strips the phrases that introduce the goods', () => {
    const p = goodsPassage(
      `${'The merchandise under consideration is described as an integrated performance computer unit used in a vehicle. '.repeat(2)}It has two printed circuit board assemblies and a heat sink of aluminum, mounted under the seat.`,
    );
    assert.ok(!/described as/.test(p), p);
    assert.match(p, /integrated performance computer unit/);
  });

  it('returns short texts as they are, and never an empty passage for a long text', () => {
    assert.equal(goodsPassage("Men's T-shirts of cotton, knitted"), "Men's T-shirts of cotton, knitted");
    const allProcedure = 'Your sample will be returned. '.repeat(20);
    assert.ok(goodsPassage(allProcedure).length > 0);
  });

  it('property: a passage is never longer than the text and holds only its words', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 90 }), { maxLength: 40 }), (parts) => {
        const text = parts.join('. ');
        const p = goodsPassage(text);
        if (text.length <= 300) {
          assert.equal(p, text);
          return;
        }
        assert.ok(p.length > 0 && p.length <= text.length, p);
        const words = new Set(terms(text, 100_000));
        for (const w of terms(p, 100_000)) assert.ok(words.has(w), w);
      }),
      { numRuns: 300 },
    );
  });
});
