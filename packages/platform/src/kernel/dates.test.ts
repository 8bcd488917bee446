import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dateOfEpochDay, dayAfter, dayRange, daysBetween, epochDay, isValidDate } from './dates.js';

describe('calendar dates', () => {
  it('knows the calendar', () => {
    assert.equal(isValidDate('2024-02-29'), true);
    assert.equal(isValidDate('2026-02-29'), false);
    assert.equal(isValidDate('1900-02-29'), false);
    assert.equal(isValidDate('2000-02-29'), true);
    assert.equal(isValidDate('2026-13-01'), false);
    assert.equal(isValidDate('2026-1-01'), false);
    assert.equal(isValidDate('2026-12-01T00:00:00Z'), false);
    assert.equal(daysBetween('2026-11-27', '2026-12-01'), 4);
    assert.equal(daysBetween('2026-12-01', '2026-11-27'), -4);
  });

  it('property: day numbers agree with Date.parse', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1601-01-01T00:00:00Z'),
          max: new Date('2400-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const s = d.toISOString().slice(0, 10);
          return epochDay(s) === Math.floor(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
        },
      ),
    );
  });

  it('property: agrees with the JavaScript calendar for every YYYY-MM-DD', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const t = new Date(`${s}T00:00:00Z`);
          const real = !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
          return isValidDate(s) === real;
        },
      ),
    );
  });

  it('property: dateOfEpochDay inverts epochDay; dayAfter is the next calendar day', () => {
    assert.equal(dayAfter('2024-02-28'), '2024-02-29');
    assert.equal(dayAfter('2026-02-28'), '2026-03-01');
    assert.equal(dayAfter('2026-12-31'), '2027-01-01');
    fc.assert(
      fc.property(fc.integer({ min: -135_000, max: 157_000 }), (n) => {
        const s = dateOfEpochDay(n);
        return isValidDate(s) && epochDay(s) === n && daysBetween(s, dayAfter(s)) === 1;
      }),
    );
  });

  it('counts whole UTC days: from the day of `from`, up to the day of `to` when it is an instant in it', () => {
    assert.deepEqual(dayRange(undefined, undefined), { from: null, to: null });
    assert.deepEqual(dayRange('2026-12-03', '2026-12-05'), { from: '2026-12-03', to: '2026-12-05' });
    assert.deepEqual(dayRange('2026-12-03T23:00:00Z', '2026-12-05T00:00:00Z'), {
      from: '2026-12-03',
      to: '2026-12-05',
    });
    assert.deepEqual(dayRange(undefined, '2026-12-04T15:00:00.000Z'), { from: null, to: '2026-12-05' });
    assert.deepEqual(dayRange('2026-12-04T01:00:00+05:00', '2026-12-31T20:00:00-05:00'), {
      from: '2026-12-03',
      to: '2027-01-02',
    });
    assert.deepEqual(dayRange('2026-12-04T23:30:00', '2026-12-06T00:00:00.000'), {
      from: '2026-12-04',
      to: '2026-12-06',
    });
    assert.throws(() => dayRange('2026-13-45', undefined), { code: 'REQUEST_INVALID', path: 'from' });
    assert.throws(() => dayRange(undefined, '2026-02-30T10:00'), { code: 'REQUEST_INVALID', path: 'to' });
    // A bad bound is named where the caller's user gave it.
    assert.throws(() => dayRange(undefined, '2026-02-30', { from: '--from', to: '--to' }), {
      code: 'REQUEST_INVALID',
      path: '--to',
      message: '--to: not a date or instant: 2026-02-30',
    });
  });
});
