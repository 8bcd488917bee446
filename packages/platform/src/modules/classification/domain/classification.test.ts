import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Bm25Index } from '../../../kernel/text/bm25.js';
import { ClassifierModel, DEFAULT_PARAMS, fitLogistic, type TariffLineInput } from './model.js';
import { adValorem, misclassificationFindings } from './stage.js';
import { checkDeclared, plausibilityOf } from './check.js';
import { POOL, type CandidateSearch } from './candidate-search.js';
import { headPhrase, terms } from './text.js';
import { Tariff, type TariffRow } from '../../tariff/index.js';
import { parseShipment } from '../../../kernel/shipment.js';

// A small tariff in the HTSUS's own shape: headings, labels, subheadings, statistical lines.
const row = (code: string, indent: number, description: string, general = ''): TariffRow => ({
  code,
  indent,
  description,
  units: code.length === 10 ? ['No.'] : [],
  general,
  special: '',
  column2: '',
  additional: '',
});
const ROWS: TariffRow[] = [
  row('6109', 0, 'T-shirts, singlets, tank tops and similar garments, knitted or crocheted:'),
  row('610910', 1, 'Of cotton', '16.5%'),
  row('6109100012', 2, "Men's or boys' T-shirts of cotton"),
  row('6109100040', 2, "Women's or girls' tank tops of cotton"),
  row('610990', 1, 'Of other textile materials:', '32%'),
  row('6109901009', 2, "Men's or boys' T-shirts of synthetic fibers"),
  row('7307', 0, 'Tube or pipe fittings (for example, couplings, elbows, sleeves), of iron or steel:'),
  row('', 1, 'Cast fittings:'),
  row('730719', 2, 'Other', '6.2%'),
  row('7307199060', 3, 'Other cast fittings of steel'),
  row('8471', 0, 'Automatic data processing machines and units thereof; magnetic or optical readers:'),
  row(
    '847130',
    1,
    'Portable automatic data processing machines, weighing not more than 10 kg (laptops)',
    'Free',
  ),
  row('8471300100', 2, 'Portable digital computers, laptops and notebooks'),
  row('9403', 0, 'Other furniture and parts thereof:'),
  row('940360', 1, 'Other wooden furniture', 'Free'),
  row('9403608081', 2, 'Wooden dining tables and chairs'),
  row('9817', 0, 'Articles for the handicapped'),
  row('9817000000', 1, 'Articles specially designed for the blind'),
];
const tariff = new Tariff(
  { edition: 'test', effectiveFrom: '2026-01-01', snapshotId: 't', sha256: 't' },
  ROWS,
);
const lines: TariffLineInput[] = tariff.statisticalUnder('').map((hts) => {
  const l = tariff.lookup(hts)!;
  return { hts, description: l.description, path: l.path };
});
const hs = new Map([
  ['61', 'Apparel and clothing accessories; knitted or crocheted'],
  ['6109', 'T-shirts, singlets and other vests; knitted or crocheted'],
  ['610910', 'T-shirts, singlets and other vests; of cotton, knitted or crocheted'],
  ['73', 'Iron or steel articles'],
  ['8471', 'Automatic data processing machines'],
  ['94', 'Furniture'],
]);
/** The test model (a new one answers as if it had seen nothing). */
const buildModel = () =>
  new ClassifierModel({
    version: 'test-model',
    lines,
    hs,
    examples: [
      { description: 'crew neck tee made of jersey cotton for men', hts: '6109100012', source: 'test' },
      { description: 'gaming notebook computer with 16 GB memory', hts: '8471300100', source: 'test' },
      { description: 'oak dining table', hts: '9403608081', source: 'test' },
    ],
  });
const model = buildModel();

describe('HS classifier', () => {
  it('tokenizes the way the tariff writes: stems, spellings, t-shirts, the head phrase', () => {
    assert.deepEqual(terms("Men's T-shirts of cotton"), ['men', 'tshirt', 'cotton']);
    assert.deepEqual(terms('aluminium fibres, 100%'), terms('aluminum fibers'));
    assert.equal(
      headPhrase('a steel air conditioning vent made of stainless steel'),
      'steel air conditioning vent',
    );
    assert.equal(headPhrase('Wooden pallets, for shipping'), 'Wooden pallets');
  });

  it('scores documents by BM25 and explains a term', () => {
    const idx = Bm25Index.build([
      [{ terms: ['steel', 'pipe'], weight: 1 }],
      [{ terms: ['cotton', 'shirt', 'shirt'], weight: 1 }],
    ]);
    const got = new Map<number, number>();
    idx.search(new Map([['shirt', 1]]), (d, v) => got.set(d, v));
    assert.deepEqual([...got.keys()], [1]);
    assert.ok(idx.termScore('shirt', 1) > 0);
    assert.equal(idx.termScore('shirt', 0), 0);
  });

  it('suggests valid 10-digit numbers with a score, an explanation, and never chapters 98/99', () => {
    const r = model.classify("men's cotton t-shirt, crew neck", { top: 3 });
    assert.equal(r.suggestions[0]!.hts, '6109100012');
    const top = r.suggestions[0]!;
    assert.ok(top.score > 0 && top.score <= 1);
    assert.ok(top.explanation.terms.includes('tshirt'));
    assert.match(top.explanation.path[0]!, /^T-shirts/);
    assert.equal(top.explanation.examples[0]!.hts, '6109100012');
    assert.equal(model.classify('laptop notebook computer').suggestions[0]!.hts, '8471300100');
    assert.equal(model.classify('cast steel pipe elbow fitting').suggestions[0]!.hts, '7307199060');
    const blind = model.classify('articles specially designed for the blind');
    assert.ok(blind.suggestions.every((s) => !s.hts.startsWith('98')));
    assert.equal(model.stats.lines, 6);
  });

  it('picks the line inside a subheading the nearest examples were classified under', () => {
    // The text alone leans to the men's T-shirts line ("men", "cotton"); the operator's history
    // files men's cotton singlets under the tank-tops line of the same subheading.
    const history = [
      { description: "men's cotton singlet, sleeveless", hts: '6109100040', source: 'test' },
      { description: "men's ribbed cotton singlet", hts: '6109100040', source: 'test' },
      { description: 'oak dining table', hts: '9403608081', source: 'test' },
    ];
    const build = (knnLine: number) =>
      new ClassifierModel(
        { version: 'test-lines', lines, hs, examples: history },
        { ...DEFAULT_PARAMS, knnLine },
      );
    const text = "men's cotton singlet";
    assert.equal(build(0).classify(text).suggestions[0]!.hts, '6109100012');
    assert.equal(build(DEFAULT_PARAMS.knnLine).classify(text).suggestions[0]!.hts, '6109100040');
  });

  it('with the hierarchical linear model on (ADR 0022), ranks with its features and reads left out', () => {
    const withLinear = new ClassifierModel(
      {
        version: 'test-linear',
        lines,
        hs,
        examples: [
          ...Array.from({ length: 30 }, (_, i) => ({
            description: `crew neck tee number ${i} of jersey cotton for men`,
            hts: '6109100012',
            source: 'test',
          })),
          ...Array.from({ length: 30 }, (_, i) => ({
            description: `cast steel pipe elbow lot ${i}`,
            hts: '7307199060',
            source: 'test',
          })),
        ],
      },
      { ...DEFAULT_PARAMS, lrChapter: 0.3, lrHeading: 0.3, lrSub: 0.3 },
    );
    const r = withLinear.classify("men's cotton t-shirt, crew neck");
    assert.equal(r.suggestions[0]!.hts, '6109100012');
    assert.ok('lrChapter' in withLinear.stats.ranker.weights);
    // A left-out example is read by the half of the linear model that never saw it.
    assert.ok(withLinear.candidates('crew neck tee number 3 of jersey cotton for men', '6109100012', 3));
  });

  it('answers any text: empty, one word, 100 KB, HTML, emoji, other scripts', () => {
    for (const text of [
      '',
      '   ',
      'x',
      '🙂🙂🙂',
      '<b>cotton</b> <script>alert(1)</script>',
      '棉质T恤',
      'a'.repeat(100_000),
    ]) {
      const r = model.classify(text);
      assert.ok(Array.isArray(r.suggestions));
      if (r.suggestions.length === 0) assert.equal(r.abstain, true);
    }
    const big = model.classify(`${'cotton t-shirt '.repeat(7000)}`);
    assert.equal(big.suggestions[0]!.hts.slice(0, 4), '6109');
  });

  it('never throws and returns known numbers in score order (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (text, top) => {
        const r = model.classify(text, { top, abstainBelow: 0.2 });
        assert.ok(r.suggestions.length <= top);
        for (const s of r.suggestions) {
          assert.ok(model.knows(s.hts), s.hts);
          assert.ok(s.score >= 0 && s.score <= 1);
        }
        for (let i = 1; i < r.suggestions.length; i++) {
          assert.ok(r.suggestions[i - 1]!.score >= r.suggestions[i]!.score - 1e-9);
        }
        assert.equal(r.abstain, r.suggestions.length === 0 || r.confidence < 0.2);
      }),
      { numRuns: 300 },
    );
  });

  it('fits a logistic calibration that separates what it can', () => {
    const xs = Array.from({ length: 200 }, (_, i) => [i / 200, 0, 1]);
    const ys = xs.map(([x]) => (x! > 0.5 ? 1 : 0));
    const [a, , c, d] = fitLogistic(xs, ys);
    assert.ok(a > 10, `slope ${a}`);
    assert.ok(Math.abs(-(c + d) / a - 0.5) < 0.05, `boundary ${-(c + d) / a}`);
  });

  it('warns when the declared code is implausible, with the suggestion, evidence and duty difference', () => {
    assert.equal(adValorem('6.2%'), 6.2);
    assert.equal(adValorem('Free'), 0);
    assert.equal(adValorem('2.4¢/kg + 5%'), null);
    const parsed = parseShipment({
      type: 'formal',
      reference: 'R',
      transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: '2026-12-01' },
      parties: [],
      lines: [
        {
          description: "Men's cotton T-shirts",
          hts: '8471.30.01.00',
          origin: 'CN',
          quantity: [],
          value: { amount: 1, currency: 'USD' },
        },
        {
          description: "Men's cotton T-shirts",
          hts: '6109.10.00.12',
          origin: 'CN',
          quantity: [],
          value: { amount: 1, currency: 'USD' },
        },
      ],
    });
    assert.ok(parsed.ok);
    const thresholds = { chapter: 0.05, heading: 0.05, subheading: 0.01, n: 0 };
    const f = misclassificationFindings(
      parsed.shipment,
      tariff,
      (d, declared) => checkDeclared(model, thresholds, d, declared),
      thresholds,
      'test-model',
    );
    assert.equal(f.length, 1);
    assert.equal(f[0]!.code, 'CLASSIFICATION_MISMATCH');
    assert.equal(f[0]!.path, 'lines[0].hts');
    assert.equal(f[0]!.details!.suggested, '6109100012');
    assert.equal(f[0]!.details!.level, 'chapter');
    assert.equal(f[0]!.details!.model, 'test-model');
    assert.ok((f[0]!.details!.declared_tariff_text as string[]).length > 0);
    assert.equal(f[0]!.details!.rate_difference_points, 16.5);
    assert.deepEqual(
      misclassificationFindings(parsed.shipment, tariff, () => null, thresholds, 'm'),
      [],
    );
  });

  it("gives the declared code's plausibility as shares that nest: chapter ≥ heading ≥ subheading", () => {
    const codes = model.candidates('cotton t-shirts', '8471300100')!.items.map((x) => x.hts);
    assert.ok(codes.includes('8471300100'), 'the declared subheading is always a candidate');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.constantFrom(...lines.filter((l) => !l.hts.startsWith('98')).map((l) => l.hts)),
        (text, declared) => {
          const c = model.candidates(text, declared);
          if (!c) return;
          const { plausibility: p, best } = plausibilityOf(c, declared);
          assert.ok(p.chapter >= p.heading - 1e-12 && p.heading >= p.subheading - 1e-12);
          assert.ok(p.chapter <= 1 + 1e-12 && p.subheading >= 0);
          assert.ok(best && best.share > 0 && best.share <= 1 + 1e-12);
          assert.ok(p.subheading > 0, 'the declared subheading has a share');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a description checked again under another declared code gets what a model new to it gives (property)', () => {
    // The first check of a description reads its lines' scores from the searches just run; a later
    // one, after other descriptions' searches, sums them again: both must agree, and no search may
    // leave anything behind for the next.
    const featuresOf = (m: ClassifierModel, text: string) =>
      (m as unknown as { search: CandidateSearch }).search
        .pool(text, POOL, -1)
        ?.items.map(({ l, x }) => [l, [...x]]);
    // Texts that share words, so that one's candidates are another's (a knitted cotton garment
    // whose head noun is in 6109's text and one whose is not).
    const texts = [
      "men's cotton t-shirts",
      'cotton pyjamas for women',
      'steel pipe fittings, cast',
      'wooden dining chairs',
      'oak tables',
      'laptop computer',
    ];
    const declared = lines.filter((l) => !l.hts.startsWith('98')).map((l) => l.hts);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...declared)), {
          minLength: 1,
          maxLength: 8,
        }),
        (checks) => {
          const kept = buildModel();
          for (const [text, code] of checks) {
            const fresh = buildModel();
            assert.deepEqual(kept.candidates(text, code), fresh.candidates(text, code), `${text} as ${code}`);
            // The features themselves, whatever weight the ranker gives each.
            assert.deepEqual(featuresOf(kept, text), featuresOf(fresh, text), `${text}: features`);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
