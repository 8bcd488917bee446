import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { tariffHints } from './rules.js';
import { headPhrase, terms } from './text.js';

const hints = (text: string) => tariffHints(text, headPhrase(text));
const top = (m: ReadonlyMap<string, number>) => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];

describe('rules from the tariff notes', () => {
  it('apparel: garment, knitted or woven, men’s, women’s (the default) and babies’', () => {
    assert.deepEqual([...hints("men's knit pullover of 100% cotton").headings], [['6110', 1]]);
    assert.equal(top(hints("a women's coat made from 100% lambswool knit fabric").headings), '6102');
    assert.equal(top(hints("boys' woven denim jeans").headings), '6203');
    // Neither men's nor women's: women's (chapter 61 note 9).
    assert.equal(top(hints('unisex knit hooded sweatshirt').headings), '6110');
    assert.equal(top(hints('unisex knitted jacket').headings), '6102');
    assert.equal(top(hints('an infants knitted romper of cotton').headings), '6111');
    // Knitted or woven not said: both, half each.
    assert.deepEqual([...hints("men's shirts").headings].sort(), [
      ['6105', 0.5],
      ['6205', 0.5],
    ]);
    // Boxer shorts are underpants, not trousers; the subheading's words are weighed up.
    const boxers = hints("men's knit boxer shorts made of cotton");
    assert.equal(top(boxers.headings), '6107');
    assert.ok(boxers.boost.has(terms('underpants')[0]!));
    // Only the head phrase names the garment: "dress shoes" are not dresses.
    assert.equal(hints('dress shoes with leather uppers').headings.has('6204'), false);
  });

  it('fibres: the one that predominates by weight, the others weighed down', () => {
    const h = hints("women's knit pants made from 60% cotton and 40% polyester");
    assert.equal(h.boost.get('cotton'), 2);
    assert.ok(h.damp.has('polyest') && h.damp.has('synthet'));
    assert.match(h.notes.join(' '), /cotton predominates by weight/);
    // A tie goes to the fibre whose chapter comes later.
    assert.equal(hints("boys' knit shirt of 50% cotton 50% polyester").boost.get('synthet'), 2);
    // One fibre, no percentage: of that fibre.
    assert.equal(hints('knit scarf of cashmere').boost.get('wool'), 2);
  });

  it('plastics, chemistry (the last heading of its functions), materials, vehicles, parts', () => {
    assert.ok(hints('flagging tape made of PVC').boost.has('chlorid'));
    // Ketone and halogens: the ketone's heading (halogenated derivatives are in it).
    assert.equal(top(hints('Hexachloroacetone in bulk').headings), '2914');
    assert.equal(top(hints('Hexafluoroisopropanol, CAS # 920-66-1').headings), '2905');
    // Amine and sulfone: organo-sulfur comes later (chapter 29 note 3).
    assert.equal(top(hints("4,4'-Diaminodiphenylsulfone").headings), '2930');
    const steel = hints('steel wall-mounted racks');
    assert.equal(steel.chapters.get('73'), 1);
    assert.ok(steel.headings.has('7326'));
    assert.equal(hints('cosmetic containers made of aluminum').chapters.get('76'), 0.7);
    assert.ok(hints('kayak carrier for cars').headings.has('8708'));
    assert.equal(hints('pickup trucks').headings.has('8708'), false);
    assert.equal(hints('parts of electric fuel pumps').parts, true);
    assert.equal(hints('electric fuel pumps').parts, false);
  });

  it('never throws, weights stay in (0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const h = hints(text);
        for (const m of [h.headings, h.chapters]) for (const [, v] of m) assert.ok(v > 0 && v <= 1);
      }),
      { numRuns: 300 },
    );
  });
});
