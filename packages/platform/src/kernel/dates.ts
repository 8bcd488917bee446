/** Calendar dates as YYYY-MM-DD strings; no clock here, "today" is passed in. */

import { Problem } from './problem.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[mo - 1]!;
}

/** Days since 1970-01-01 of a valid YYYY-MM-DD date (proleptic Gregorian, integer arithmetic). */
export function epochDay(s: string): number {
  let y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m <= 2) y--;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from a to b (b - a). Both must be valid dates. */
export function daysBetween(a: string, b: string): number {
  return epochDay(b) - epochDay(a);
}

/** The YYYY-MM-DD date of a day number since 1970-01-01 (the inverse of epochDay). */
export function dateOfEpochDay(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The day after a valid YYYY-MM-DD date. */
export const dayAfter = (s: string): string => dateOfEpochDay(epochDay(s) + 1);

/** An instant's time; one without a zone is UTC (as a bare date is), not the machine's zone. */
const utcTime = (at: string): number => Date.parse(/T[\d:.]+$/.test(at) ? `${at}Z` : at);

/**
 * The UTC day (YYYY-MM-DD) of a date or instant; REQUEST_INVALID at `path` when it is none, or
 * names a day the calendar does not have (2026-02-30 is not read as March 2nd).
 */
export function utcDayOf(at: string, path: string): string {
  const t = utcTime(at);
  if (!isValidDate(at.slice(0, 10)) || !Number.isFinite(t))
    throw new Problem('REQUEST_INVALID', `${path}: not a date or instant: ${at}`, path);
  return new Date(t).toISOString().slice(0, 10);
}

/** Where a range's bounds were given (a query's `query.from`, a command's `--from`), for errors. */
export interface RangeFields {
  readonly from: string;
  readonly to: string;
}

/**
 * The UTC days a report's bounds cover, for sums of per-day counters: `from`'s day on, up to `to`'s
 * day — included when `to` is later than that day's midnight (an instant inside it), excluded when
 * `to` is the midnight or a bare date (the end is exclusive, as everywhere). Null: unbounded. A bound
 * that is no date is REQUEST_INVALID at its field.
 */
export function dayRange(
  from: string | undefined,
  to: string | undefined,
  fields: RangeFields = { from: 'from', to: 'to' },
): { from: string | null; to: string | null } {
  let end: string | null = null;
  if (to !== undefined) {
    end = utcDayOf(to, fields.to);
    if (utcTime(to) > Date.parse(`${end}T00:00:00Z`)) end = dayAfter(end);
  }
  return { from: from === undefined ? null : utcDayOf(from, fields.from), to: end };
}
