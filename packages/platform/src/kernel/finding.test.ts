import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findingsJson, sharedDetails, type Finding } from './finding.js';

const details = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });

/** A finding with its keys in any order, details absent, undefined, plain or shared. */
const finding: fc.Arbitrary<Finding> = fc
  .record({
    fields: fc.record({
      code: fc.constantFrom('PGA_INFERRED_INTEREST', 'HTS_UNKNOWN', 'x"y'),
      severity: fc.constantFrom('error', 'warning', 'info'),
      path: fc.string({ maxLength: 12 }),
      message: fc.string({ unit: 'binary', maxLength: 40 }),
    }),
    details: fc.oneof(
      fc.constant('absent' as const),
      fc.constant(undefined),
      details,
      details.map((d) => sharedDetails(d)),
    ),
    // A key beyond the interface, sometimes undefined (JSON.stringify leaves it out).
    extra: fc.constantFrom('absent' as const, undefined, 'note'),
    order: fc.shuffledSubarray(['code', 'severity', 'path', 'message', 'details', 'extra'], { minLength: 6 }),
  })
  .map(({ fields, details: d, extra, order }) => {
    const f: Record<string, unknown> = {};
    for (const k of order)
      if (k === 'details') {
        if (d !== 'absent') f[k] = d;
      } else if (k === 'extra') {
        if (extra !== 'absent') f[k] = extra;
      } else f[k] = fields[k as keyof typeof fields];
    return f as unknown as Finding;
  });

describe('findings as JSON', () => {
  it('property: the same text as JSON.stringify, shared details or not, keys in any order', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 6 }), (fs) => {
        assert.equal(findingsJson(fs), JSON.stringify(fs));
      }),
      { numRuns: 2000 },
    );
  });

  it('shared details are frozen through and through: their text cannot go stale', () => {
    const d = sharedDetails({
      agency: 'FDA',
      flags: [{ code: 'FD1' }],
      recommendation: { reasons: ['file'] },
    });
    assert.ok(Object.isFrozen(d) && Object.isFrozen(d.flags) && Object.isFrozen(d.flags[0]));
    assert.throws(() => {
      (d.recommendation.reasons as string[]).push('changed');
    }, TypeError);
    const f: Finding = {
      code: 'PGA_INFERRED_INTEREST',
      severity: 'info',
      path: 'lines[0].hts',
      message: 'm',
      details: d,
    };
    assert.equal(findingsJson([f, f]), JSON.stringify([f, f]));
  });
});
