/**
 * The Manufacturer Identification Code (MID), built as 19 CFR Part 102 (Appendix) describes:
 * country (a Canadian province's code instead of CA), the first three characters of the first two
 * words of the name ("a", "an", "and", "of", "the" ignored; initials together count as one word;
 * a hyphenated word is one word; numerals kept), the first four digits of the largest number on the
 * street line, and the first three letters of the city; at most 15 characters.
 */

/** Canadian provinces: postal abbreviation and name → MID code (19 CFR 102 Appendix). */
const PROVINCES: Record<string, string> = {
  AB: 'XA',
  ALBERTA: 'XA',
  BC: 'XC',
  'BRITISH COLUMBIA': 'XC',
  MB: 'XM',
  MANITOBA: 'XM',
  NB: 'XB',
  'NEW BRUNSWICK': 'XB',
  NL: 'XW',
  NEWFOUNDLAND: 'XW',
  LABRADOR: 'XW',
  'NEWFOUNDLAND AND LABRADOR': 'XW',
  NT: 'XT',
  'NORTHWEST TERRITORIES': 'XT',
  NS: 'XN',
  'NOVA SCOTIA': 'XN',
  NU: 'XV',
  NUNAVUT: 'XV',
  ON: 'XO',
  ONTARIO: 'XO',
  PE: 'XP',
  'PRINCE EDWARD ISLAND': 'XP',
  QC: 'XQ',
  QUEBEC: 'XQ',
  QUÉBEC: 'XQ',
  SK: 'XS',
  SASKATCHEWAN: 'XS',
  YT: 'XY',
  YUKON: 'XY',
  'YUKON TERRITORY': 'XY',
};

const IGNORED = new Set(['A', 'AN', 'AND', 'OF', 'THE']);

export interface MidInput {
  readonly name: string;
  readonly street?: string | undefined;
  readonly city?: string | undefined;
  readonly country: string;
  readonly province?: string | undefined;
}

export type MidResult =
  { readonly ok: true; readonly mid: string } | { readonly ok: false; readonly reason: string };

const letters = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase();

/** The name part: up to three characters of each of the first two words. */
export function midNameFragment(name: string): string {
  // Words: split on spaces and commas; a hyphenated word is one word; dots only separate initials.
  const raw = letters(name)
    .split(/[\s,]+/)
    .map((w) => w.replace(/-/g, ''))
    .filter((w) => w !== '');
  const words: string[] = [];
  let initials = '';
  const flush = () => {
    if (initials.length >= 2) words.push(initials);
    else if (initials.length === 1 && !IGNORED.has(initials)) words.push(initials);
    initials = '';
  };
  for (const w of raw) {
    // "A.B.C." or "S.A." is a run of initials; a lone letter "B" may continue one.
    const dotted = /^(\p{L}\.)+\p{L}?\.?$/u.test(w);
    const clean = w.replace(/[^\p{L}\p{N}]/gu, '');
    if (clean === '') continue;
    if (dotted || clean.length === 1) {
      initials += clean;
      continue;
    }
    flush();
    if (!IGNORED.has(clean)) words.push(clean);
  }
  flush();
  return words
    .slice(0, 2)
    .map((w) => w.slice(0, 3))
    .join('');
}

/** First four digits of the largest number on the street line ('' when there is none). */
export function midStreetFragment(street: string): string {
  let best: bigint | null = null;
  let bestText = '';
  for (const m of street.matchAll(/\d+/g)) {
    const n = BigInt(m[0]);
    if (best === null || n > best) {
      best = n;
      bestText = m[0].replace(/^0+(?=\d)/, '');
    }
  }
  return bestText.slice(0, 4);
}

export function midCityFragment(city: string): string {
  return letters(city)
    .replace(/[^A-Z]/g, '')
    .slice(0, 3);
}

export function buildMid(input: MidInput): MidResult {
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    return { ok: false, reason: `"${input.country}" is not a 2-letter country code` };
  let prefix = country;
  if (country === 'CA') {
    const p = PROVINCES[letters(input.province ?? '').trim()];
    if (!p)
      return {
        ok: false,
        reason:
          'a Canadian manufacturer needs its province (e.g. ON or Ontario): the MID uses the province code',
      };
    prefix = p;
  }
  const name = midNameFragment(input.name);
  if (name === '') return { ok: false, reason: 'the name has no word to build a MID from' };
  if (!/^[A-Z0-9]+$/.test(name)) {
    return {
      ok: false,
      reason: 'a MID is built from a name in Latin script: give the name as registered in Latin letters',
    };
  }
  const street = midStreetFragment(input.street ?? '');
  const city = midCityFragment(input.city ?? '');
  if (city === '') return { ok: false, reason: 'the city (in Latin letters) is needed to build a MID' };
  return { ok: true, mid: (prefix + name + street + city).slice(0, 15) };
}
