import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IsoDateQuery } from './schemas.js';

describe('IsoDateQuery', () => {
  it('takes days and instants that exist, in the forms a client writes', () => {
    for (const ok of [
      '2026-12-04',
      '2024-02-29',
      '2026-12-04T10:00',
      '2026-12-04T10:00:00Z',
      '2026-12-04T23:59:59.999Z',
      '2026-12-04T10:00:00+05:30',
    ])
      assert.equal(IsoDateQuery.safeParse(ok).success, true, ok);
  });

  it('refuses what only looks like one: impossible days, hours and minutes, partial times', () => {
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-12-04T24:00',
      '2026-12-04T25:00',
      '2026-12-04T10:60',
      '2026-12-04T10:00:60Z',
      '2026-12-04T1',
      '2026-12-04T10:00:00+25:00',
      '2026-12-04T::',
    ])
      assert.equal(IsoDateQuery.safeParse(bad).success, false, bad);
  });

  it('accepts a day only if the calendar gives it back unchanged (no rolling over into the next month)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const t = Date.UTC(y, m - 1, d);
          const exists = m >= 1 && m <= 12 && d >= 1 && new Date(t).toISOString().slice(0, 10) === text;
          assert.equal(IsoDateQuery.safeParse(text).success, exists, text);
          assert.equal(IsoDateQuery.safeParse(`${text}T12:30:00Z`).success, exists, text);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts every instant JavaScript writes (toISOString), whatever the instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          assert.equal(IsoDateQuery.safeParse(iso).success, true, iso);
          assert.equal(IsoDateQuery.safeParse(iso.slice(0, 10)).success, true, iso);
        },
      ),
    );
  });
});
