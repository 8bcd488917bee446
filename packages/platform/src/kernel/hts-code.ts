/** HTS numbers: canonical form is digits only (4, 6, 8 or 10 of them). */
import { textMemo } from './text/memo.js';

export const HTS_LEVELS = ['heading', 'subheading', 'tariff_line', 'statistical'] as const;
export type HtsLevel = (typeof HTS_LEVELS)[number];

const LEVELS: Record<number, HtsLevel> = {
  4: 'heading',
  6: 'subheading',
  8: 'tariff_line',
  10: 'statistical',
};

/**
 * Normalize what a filer wrote ("6109.10.00.12", "6109 10 0012", "6109100012") to digits.
 * Returns null when it is not an HTS number of 4, 6, 8 or 10 digits.
 */
export function normalizeHts(input: string): string | null {
  if (input.length === 10 && isDigits(input)) return input; // the common case, without a regex
  const trimmed = input.trim();
  if (!/^[0-9][0-9. ]*$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[. ]/g, '');
  return LEVELS[digits.length] ? digits : null;
}

/**
 * An HTS number as a filer must write it, to digits: 4, 6, 8 or 10 digits, optionally with one dot
 * or one space between its groups (`6109.10.00.12`, `6109 10 0012`, `6109100012`), blanks around it
 * allowed. Null for anything else, malformed punctuation too (`6109..10.00.12`, `.6109.10`,
 * `6109.10.`, `61.09.10.00.12`), which normalizeHts lets through. Once per line (the validation
 * stage); digits alone take no more than a loop over them.
 */
export function filedHts(input: string): string | null {
  if (input.length === 10 && isDigits(input)) return input;
  const s = input.trim();
  let digits = 0;
  // Whether a separator may come next: right after the 4th, 6th or 8th digit only.
  let separable = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) separable = ++digits === 4 || digits === 6 || digits === 8;
    else if ((c === 46 || c === 32) && separable) separable = false;
    else return null;
  }
  const last = s.charCodeAt(s.length - 1);
  // Well written: its digits as every stage reads them (htsDigits, remembered).
  return LEVELS[digits] && last !== 46 && last !== 32 ? htsDigits(s) : null;
}

/**
 * An HTS number as filed without its dots and blanks ("7217.30.45", "7217 30 45" → "72173045"),
 * not checked: what the stages read a line's number as. Digits alone come back as they are.
 */
export function htsDigits(filed: string): string {
  return isDigits(filed) ? filed : stripped(filed);
}

/**
 * Five stages ask for each line's number: a dotted number is stripped once, not five times. A
 * number the memo does not hold (traffic naming more distinct numbers than it keeps) is cut at
 * each dot or space in one pass; anything but digits, dots and spaces takes the general rule
 * (every dot and white space dropped): a regular expression cost up to twice the pass, and a memo
 * of 20,000 misses when traffic names twice as many numbers (docs/benchmarks.md, issue 22).
 */
const stripped = textMemo(
  (filed: string): string => {
    let out = '';
    let from = 0;
    for (let i = 0; i < filed.length; i++) {
      const c = filed.charCodeAt(i);
      if (c >= 48 && c <= 57) continue;
      if (c !== 46 && c !== 32) return filed.replace(/[.\s]/g, '');
      out += filed.slice(from, i);
      from = i + 1;
    }
    return out + filed.slice(from);
  },
  20_000,
  40,
);

export function htsLevel(digits: string): HtsLevel | null {
  return LEVELS[digits.length] ?? null;
}

/** Dotted display form: 6109.10.00.12 */
export function formatHts(digits: string): string {
  const parts = [digits.slice(0, 4)];
  for (let i = 4; i < digits.length; i += 2) parts.push(digits.slice(i, i + 2));
  return parts.join('.');
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
