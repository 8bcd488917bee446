import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keptHints, packProbe, unpackProbe, type Probe } from './probe.js';

const WIDTH = 4;
const double = fc.double({ noNaN: true });
const index = fc.integer({ min: -1, max: 20_000 });
const words = fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: 12 });
const weights = words.chain((ws) =>
  fc
    .array(double, { minLength: ws.length, maxLength: ws.length })
    .map((vs) => new Map(ws.map((w, i) => [w, vs[i]!]))),
);
const votes = fc
  .uniqueArray(fc.integer({ min: 0, max: 9_999 }), { maxLength: 6 })
  .chain((ks) =>
    fc
      .array(double, { minLength: ks.length, maxLength: ks.length })
      .map((vs) => new Map(ks.map((k, i) => [k, vs[i]!]))),
  );
const rows = fc.uniqueArray(fc.integer({ min: 0, max: 30_000 }), { maxLength: 8 }).chain((ls) =>
  fc
    .array(fc.array(double, { minLength: WIDTH, maxLength: WIDTH }), {
      minLength: ls.length,
      maxLength: ls.length,
    })
    .map((xs) => new Map(ls.map((l, i) => [l, Float64Array.from(xs[i]!)]))),
);

const probe: fc.Arbitrary<Probe> = fc.record({
  exclude: index,
  q: weights,
  nn: fc.array(fc.record({ i: fc.nat(60_000), v: double }), { maxLength: 5 }),
  hints: fc.constant(null),
  lin: fc.constant(null),
  noun: weights,
  qMass: double,
  hN: double,
  sN: double,
  lN: double,
  rarity: weights,
  xs: rows,
  runs: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
  vChapter: votes,
  vHeading: votes,
  vSub: votes,
  vLine: votes,
  ranked: fc.array(fc.record({ l: fc.nat(30_000), fused: double }), { maxLength: 30 }),
});

/** A probe as plain data: maps as their entries in order (deepEqual on Maps ignores it), records as objects. */
const plain = (p: Probe) => ({
  ...p,
  nn: p.nn.map(({ i, v }) => ({ i, v })),
  ranked: p.ranked.map(({ l, fused }) => ({ l, fused })),
  q: [...p.q],
  noun: [...p.noun],
  rarity: [...p.rarity],
  xs: [...p.xs].map(([l, x]) => [l, [...x]]),
  vChapter: [...p.vChapter],
  vHeading: [...p.vHeading],
  vSub: [...p.vSub],
  vLine: [...p.vLine],
});

describe('a kept probe (probe.ts)', () => {
  it('unpacks to the same values in the same orders (maps, lists, feature rows)', () => {
    fc.assert(
      fc.property(probe, (p) => {
        assert.deepEqual(plain(unpackProbe(packProbe(p, WIDTH), WIDTH)), plain(p));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the words in their maps' orders and the hints the candidates are weighed with", () => {
    const hints = {
      headings: new Map([['6109', 1]]),
      chapters: new Map([['61', 0.5]]),
      boost: new Map<string, number>(),
      damp: new Set<string>(),
      parts: false,
      notes: ['a note'],
    };
    const p: Probe = {
      exclude: -1,
      q: new Map([
        ['cotton', 1.5],
        ['shirt', 2.25],
      ]),
      nn: [{ i: 3, v: 0.75 }],
      hints,
      lin: null,
      noun: new Map([['shirt', 1]]),
      qMass: 3.5,
      hN: 2,
      sN: 1,
      lN: 4,
      rarity: new Map([
        ['cotton', 0.5],
        ['shirt', 0.25],
      ]),
      xs: new Map([[7, Float64Array.of(1, 2, 3, 4)]]),
      runs: [10, 11, 12],
      vChapter: new Map([[61, 1]]),
      vHeading: new Map([[5, 1]]),
      vSub: new Map([[9, 1]]),
      vLine: new Map([[7, 1]]),
      ranked: [{ l: 7, fused: 0.9 }],
    };
    const packed = packProbe(p, WIDTH);
    assert.deepEqual(packed.words, ['cotton', 'shirt', 'cotton', 'shirt', 'shirt']);
    const back = unpackProbe(packed, WIDTH);
    assert.deepEqual([...back.xs.get(7)!], [1, 2, 3, 4]);
    // The headings, chapters, parts and notes as given; the query's boosts were spent on the query.
    assert.equal(back.hints!.headings, hints.headings);
    assert.equal(back.hints!.chapters, hints.chapters);
    assert.deepEqual(back.hints!.notes, ['a note']);
    assert.equal(back.hints!.parts, false);
    assert.equal(back.hints!.boost.size + back.hints!.damp.size, 0);
  });

  it('shares one empty hints record among the descriptions the rules said nothing about', () => {
    const none = () => ({
      headings: new Map<string, number>(),
      chapters: new Map<string, number>(),
      boost: new Map([['cotton', 2]]),
      damp: new Set(['other']),
      parts: false,
      notes: [] as string[],
    });
    const a = keptHints(none())!;
    assert.equal(a, keptHints(none()));
    assert.deepEqual(
      [a.headings.size, a.chapters.size, a.boost.size, a.damp.size, a.notes.length],
      [0, 0, 0, 0, 0],
    );
    assert.equal(keptHints(null), null);
    assert.notEqual(keptHints({ ...none(), parts: true }), a);
    assert.equal(keptHints({ ...none(), parts: true })!.parts, true);
  });

  it('refuses an index or count it could not keep exactly', () => {
    const p = fc.sample(probe, { numRuns: 1, seed: 11 })[0]!;
    assert.throws(
      () => packProbe({ ...p, ranked: [{ l: 2 ** 31, fused: 1 }] }, WIDTH),
      /not a 32-bit integer/,
    );
    assert.throws(() => packProbe({ ...p, nn: [{ i: 1.5, v: 1 }] }, WIDTH), /not a 32-bit integer/);
  });

  it('refuses a feature row of another width', () => {
    const p = fc.sample(probe, { numRuns: 1, seed: 7 })[0]!;
    p.xs.set(1, new Float64Array(WIDTH + 1));
    assert.throws(() => packProbe(p, WIDTH), /a feature row of 5, not 4/);
  });
});
