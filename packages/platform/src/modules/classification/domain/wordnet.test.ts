import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WordNet } from './wordnet.js';
import {
  ClassifierModel,
  conditionalLogitLoss,
  DEFAULT_PARAMS,
  fitConditionalLogit,
  type TariffLineInput,
} from './model.js';
import { parseGoods } from './goods.js';

// WordNet's own file formats, a handful of synsets written for the test (offsets are arbitrary).
// data: offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (ptr offset pos src/tgt)… | gloss
const DATA_NOUN = [
  '  1 license header lines start with two spaces',
  '00000100 06 n 01 utensil 0 000 | an implement for practical use',
  '00000200 06 n 03 cooking_utensil 0 cookware 0 kitchen_utensil 0 001 @ 00000100 n 0000 | a kitchen utensil made of material that does not melt easily',
  '00000300 06 n 02 pan 0 cooking_pan 0 001 @ 00000200 n 0000 | cooking utensil consisting of a wide metal vessel',
  '00000400 06 n 02 frying_pan 0 skillet 0 001 @ 00000300 n 0000 | a pan used for frying foods; "she heated the skillet"',
  '00000500 06 n 01 coffee_maker 0 001 @ 00000100 n 0000 | a kitchen appliance for brewing coffee automatically',
  '00000600 06 n 01 electric 0 000 | a car that is powered by electricity',
  '00000700 09 n 01 skillet_idea 0 000 | a thought, not goods',
  '00000800 06 n 01 knife 0 001 @ 00000200 n 0000 | edge tool used as a cutting instrument',
].join('\n');
// index: lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…
const INDEX_NOUN = [
  '  1 license header',
  'coffee_maker n 1 1 @ 1 0 00000500',
  'cooking_utensil n 1 1 @ 1 0 00000200',
  'electric n 1 1 @ 1 0 00000600',
  'frying_pan n 1 1 @ 1 0 00000400',
  'knife n 1 1 @ 1 3 00000800',
  'pan n 1 1 @ 1 2 00000300',
  'skillet n 2 1 @ 2 1 00000700 00000400',
  'skillet_idea n 1 0 1 0 00000700',
  'utensil n 1 0 1 0 00000100',
].join('\n');
const INDEX_ADJ = 'electric a 3 1 & 3 3 01 02 03';

const wn = WordNet.parse({ indexNoun: INDEX_NOUN, dataNoun: DATA_NOUN, indexAdj: INDEX_ADJ }, 'fixture');

describe('WordNet nouns', () => {
  it('expands a goods word with synonyms, hypernyms up the tree and its definition', () => {
    // "skillet"'s first sense is an idea (noun.cognition): the first sense among goods is taken.
    assert.equal(wn.lemmaOf('skillets'), 'skillet');
    const e = wn.expand('skillet');
    assert.deepEqual(
      e.filter((x) => x.kind === 'synonym').map((x) => x.text),
      ['frying pan'],
    );
    assert.deepEqual(
      e.filter((x) => x.kind === 'hypernym').map((x) => [x.text, x.depth]),
      [
        ['pan', 1],
        ['cooking pan', 1],
        ['cooking utensil', 2],
        ['cookware', 2],
        ['kitchen utensil', 2],
        ['utensil', 3],
      ],
    );
    // The definition stops before the usage example.
    assert.deepEqual(
      e.filter((x) => x.kind === 'gloss').map((x) => x.text),
      ['a pan used for frying foods'],
    );
  });

  it('finds plurals, run-together compounds, and leaves mostly-adjective words alone', () => {
    assert.equal(wn.lemmaOf('knives'), 'knife');
    assert.equal(wn.splitCompound('coffeemaker'), 'coffee_maker');
    assert.equal(wn.splitCompound('coffee'), null);
    assert.equal(wn.lemmaOf('electric'), null);
    assert.equal(wn.lemmaOf('skillet_idea'), null);
    assert.deepEqual(wn.expand('nothing'), []);
  });

  it('never throws on any line or word (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 20 }), fc.string(), (ls, w) => {
        const parsed = WordNet.parse({ indexNoun: ls.join('\n'), dataNoun: ls.join('\n') }, 'p');
        parsed.lemmaOf(w);
        parsed.splitCompound(w);
        wn.lemmaOf(w);
        wn.splitCompound(w);
      }),
      { numRuns: 300 },
    );
  });

  it('says which words may start a goods lemma of several words: no run starting with another is one (property)', () => {
    assert.equal(wn.mayStartCompound('coffee'), true);
    assert.equal(wn.mayStartCompound('frying'), true);
    assert.equal(wn.mayStartCompound('Frying'), true, 'folded as lemmaOf folds');
    assert.equal(wn.mayStartCompound('knife'), false);
    assert.equal(wn.lemmaOf('coffee_makers'), 'coffee_maker');
    const word = fc.oneof(
      fc.constantFrom(
        'coffee',
        'Coffee',
        'cöffee',
        'cooking',
        'frying',
        'pan',
        'pans',
        'maker',
        'makers',
        'utensil',
        'idea',
        's',
        'ies',
        'es',
      ),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 3 }), (run) => {
        if (!wn.mayStartCompound(run[0]!)) assert.equal(wn.lemmaOf(run.join('_')), null, run.join('_'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('goods names and the learned ranker', () => {
  it('reads goods lines by heading and subheading, merging repeats', () => {
    const g = parseGoods('9405 lamps lampshades\n940511 chandeliers\n9405 lanterns\nnot a line\n12 short');
    assert.equal(g.get('9405'), 'lamps lampshades lanterns');
    assert.equal(g.get('940511'), 'chandeliers');
    assert.equal(g.size, 2);
    assert.ok((parseGoods().get('4202') ?? '').includes('backpack'));
  });

  it('a WordNet word the tariff never uses finds its heading', () => {
    const lines: TariffLineInput[] = [
      {
        hts: '7323930000',
        description: 'Kitchen or other household articles of stainless steel, cooking utensils',
        path: [{ hts: '7323', description: 'Table, kitchen or other household articles, of iron or steel' }],
      },
      {
        hts: '8516710000',
        description: 'Coffee or tea makers',
        path: [{ hts: '8516', description: 'Electric water heaters; electro-thermic domestic appliances' }],
      },
      {
        hts: '9403608081',
        description: 'Wooden dining tables',
        path: [{ hts: '9403', description: 'Other furniture and parts thereof' }],
      },
    ];
    const inputs = { version: 't', lines, hs: new Map<string, string>(), examples: [] };
    const plain = new ClassifierModel(inputs, { ...DEFAULT_PARAMS, goods: 0 });
    const withWn = new ClassifierModel({ ...inputs, wordnet: wn }, { ...DEFAULT_PARAMS, goods: 0 });
    assert.deepEqual(plain.classify('skillet').suggestions, []);
    assert.equal(withWn.classify('skillet').suggestions[0]!.hts, '7323930000');
    assert.equal(withWn.classify('a coffeemaker').suggestions[0]!.hts, '8516710000');
    // Any text, with WordNet and the rules reading it: an answer, never a throw (property).
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .array(
              fc.constantFrom(
                'skillet',
                'coffeemaker',
                "men's",
                'knit',
                '60%',
                'cotton',
                'of',
                'steel',
                'parts',
              ),
              {
                maxLength: 12,
              },
            )
            .map((w) => w.join(' ')),
        ),
        (text) => {
          const r = withWn.classify(text, { top: 3 });
          for (const x of r.suggestions) assert.ok(withWn.knows(x.hts) && x.score >= 0 && x.score <= 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('learns weights that put each group’s right candidate first', () => {
    // Feature 0 tells the right candidate, feature 1 is noise the start weights trust.
    const groups = Array.from({ length: 60 }, (_, g) => ({
      xs: [0, 1, 2].map((c) => Float64Array.of(c === g % 3 ? 1 : 0, ((g * 7 + c * 3) % 5) / 5)),
      gold: g % 3,
    }));
    const w = fitConditionalLogit(groups, Float64Array.of(0, 1), 0.01);
    assert.ok(w[0]! > 2 && w[0]! > Math.abs(w[1]!) * 2, `weights ${Array.from(w).join(' ')}`);
    // A strong ridge keeps the start.
    const held = fitConditionalLogit(groups, Float64Array.of(0, 1), 1e6);
    assert.ok(Math.abs(held[1]! - 1) < 0.01);
  });

  it('never ends worse than it started, whatever the features’ scale (property)', () => {
    // Full Newton steps overshot on features in the tens (ten neighbours' summed votes) and ran to
    // weights in the hundreds; each step is now searched so that the penalized loss falls.
    const penalized = (
      groups: { xs: Float64Array[]; gold: number }[],
      w: ArrayLike<number>,
      start: Float64Array,
      ridge: number,
    ) =>
      conditionalLogitLoss(groups, w) +
      (ridge / 2) * Array.from(start).reduce((a, s, i) => a + (w[i]! - s) ** 2, 0);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            xs: fc.array(
              fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 3, maxLength: 3 }),
              {
                minLength: 2,
                maxLength: 8,
              },
            ),
            gold: fc.nat(),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(1e-3, 0.1, 1),
        (raw, s, ridge) => {
          const groups = raw.map((g) => ({
            xs: g.xs.map((x) => Float64Array.from(x)),
            gold: g.gold % g.xs.length,
          }));
          const start = Float64Array.from(s);
          const w = fitConditionalLogit(groups, start, ridge);
          assert.ok(Array.from(w).every(Number.isFinite), `weights ${Array.from(w).join(' ')}`);
          const before = penalized(groups, start, start, ridge);
          const after = penalized(groups, w, start, ridge);
          assert.ok(after <= before + 1e-9 * Math.max(1, before), `${after} > ${before}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
