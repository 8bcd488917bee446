/**
 * The Manufacturer Identification Code (MID), built as 19 CFR Part 102 (Appendix) and CBP's
 * guidance describe it:
 *
 * 1. at most 15 characters, no spaces;
 * 2. the country (ISO alpha-2) — a Canadian province's code instead of CA;
 * 3. the first three characters of each of the first two words of the name ("a", "an", "and",
 *    "of", "the" ignored; two or more initials together are one word; a hyphenated word is one
 *    word; numerals kept);
 * 4. from the street line and/or the post-office box: the largest number (whole numbers compared;
 *    commas and hyphens inside a number ignored, so "12,34,56" and "12-34" read as 123456 and
 *    1234), at most its first four digits; a number that names the street ("7 12th Street") is
 *    not the house number and does not count; no digits, no part 4. The street line is the street
 *    line wherever an invoice prints it: a city line (the city with its postal code) in the street
 *    text is set aside, never read for part 4;
 * 5. the first three letters of the city name.
 */
import { fold } from '../../../kernel/text/fold.js';

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
  NF: 'XW',
  NEWFOUNDLAND: 'XW',
  LABRADOR: 'XW',
  'NEWFOUNDLAND AND LABRADOR': 'XW',
  'NEWFOUNDLAND (LABRADOR)': 'XW',
  NT: 'XT',
  'NORTHWEST TERRITORIES': 'XT',
  NS: 'XN',
  'NOVA SCOTIA': 'XN',
  NU: 'XV',
  NUNAVUT: 'XV',
  ON: 'XO',
  ONTARIO: 'XO',
  PE: 'XP',
  PEI: 'XP',
  'PRINCE EDWARD ISLAND': 'XP',
  QC: 'XQ',
  PQ: 'XQ',
  QUEBEC: 'XQ',
  SK: 'XS',
  SASKATCHEWAN: 'XS',
  YT: 'XY',
  YK: 'XY',
  YUKON: 'XY',
  'YUKON TERRITORY': 'XY',
};

const IGNORED = new Set(['A', 'AN', 'AND', 'OF', 'THE']);

export interface MidInput {
  readonly name: string;
  /** The street line (several lines, newline-separated, as an invoice prints them, are read too). */
  readonly street?: string | undefined;
  /** A post-office box, when the address gives one apart from the street line. */
  readonly poBox?: string | undefined;
  readonly city?: string | undefined;
  /** The postal code, when known: never read as a street number. */
  readonly postalCode?: string | undefined;
  readonly country: string;
  /** The Canadian province (code or name); for other countries the state, used to spot a city line. */
  readonly province?: string | undefined;
}

export type MidResult =
  { readonly ok: true; readonly mid: string } | { readonly ok: false; readonly reason: string };

/** Upper-case, no diacritics, no format characters; full-width digits and letters as ASCII. */
const letters = (s: string) => fold(s.normalize('NFKC')).toUpperCase();

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

/**
 * A number as the MID reads it: digit groups joined by commas or hyphens (no space between) are
 * one number ("5-B": the hyphen before a letter joins nothing).
 */
const NUMBER = /\d+(?:[,\-\u2010\u2011\u2013]\d+)*/g;

/** An ordinal after the digits: "12th", "1st", "2nd", "3rd", "5º", "5ª", "3°" (º and ª read as °). */
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th|°)(?![\p{L}\p{N}])/iu;
/** French, Spanish and Portuguese ordinals before a street word: "12e Avenue", "1re Rue", "7a Calle". */
const ORDINAL_BEFORE_STREET =
  /^(?:(?:e|er|re|ere|eme|ieme)\.?\s+(?:avenue|av|rue|rang|boulevard|bd|chemin)|(?:a|o)\.?\s+(?:calle|avenida|avda|av|carrera|rua|travessa))\b/iu;
/** Street words after which a number names the street, when the line marks its house number ("Calle 10 # 5-20"). */
const STREET_WORD =
  /(?:^|[^\p{L}])(?:calle|carrera|cra|kr|avenida|avda|av|ave|avenue|diagonal|transversal|street|st|road|rd|lane|ln|alley|soi|jalan|jl|route|highway|hwy)\.?\s*$/iu;
/** A house-number mark: "#", "No.", "Nº", "N°", "Nr.", "Núm.", "House", "H. No.", "Plot"; a house number follows it. */
const HOUSE_MARK =
  /(?:#|\bn[or]\.?|\bn°|\bnum\.?|\bnumero\b|\bnumber\b|\bhouse\b|\bh\.?\s?no\.?|\bplot\b)\s*$/iu;

/**
 * The numbers of a line that count for part 4: not a numbered street's own number — an ordinal
 * ("7 12th Street" → 7), or a number after a street word when the line marks its house number
 * ("Carrera 7 # 71-21" → 7121, "No. 8, Lane 15" → 8). Without such a mark, "Main Street 12" is
 * the house number.
 */
function houseNumbers(line: string): string[] {
  const text = letters(line.replace(/[ºª°]/g, '°')).toLowerCase();
  const found: { digits: string; ordinal: boolean; afterStreetWord: boolean; marked: boolean }[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const after = text.slice(m.index + m[0].length);
    const before = text.slice(0, m.index);
    found.push({
      digits: m[0].replace(/\D/g, ''),
      ordinal: ORDINAL_SUFFIX.test(after) || ORDINAL_BEFORE_STREET.test(after),
      afterStreetWord: STREET_WORD.test(before),
      marked: HOUSE_MARK.test(before),
    });
  }
  const marks = found.some((n) => n.marked);
  return found.filter((n) => !n.ordinal && !(marks && n.afterStreetWord && !n.marked)).map((n) => n.digits);
}

const compareDigits = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Digits without leading zeros ("00042" → "42"; "0" stays). */
const trimZeros = (d: string) => d.replace(/^0+(?=\d)/, '');

/**
 * First four digits of the largest number on the street line and/or the box ('' when none):
 * whole numbers compared, commas and hyphens inside a number ignored, a numbered street's own
 * number ("7 12th Street" → 7) left out.
 */
export function midStreetFragment(street: string, poBox = ''): string {
  let best = '';
  for (const line of [street, poBox]) {
    for (const digits of houseNumbers(line)) {
      const d = trimZeros(digits);
      if (best === '' || compareDigits(d, best) > 0) best = d;
    }
  }
  return best.slice(0, 4);
}

/** Words of a text for comparing place names: upper-case letters and digits. */
const placeWords = (s: string) =>
  letters(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** A postal code's look: digits (four or more) or letters and digits mixed, with an optional country prefix ("10115", "D-10115", "SW1A", "2T6"). */
const postalLook = (t: string) =>
  /^[A-Z0-9-]{2,10}$/.test(t) && /\d/.test(t) && (/\d{4,}/.test(t) || /[A-Z]\d|\d[A-Z]/.test(t));

/** Street-type words: a place name followed by one is a street ("Berlin Road"), not a city. */
const STREET_TYPES = new Set(
  'ROAD RD STREET ST AVENUE AVE AV LANE LN WAY DRIVE DR BOULEVARD BLVD STRASSE STR WEG GASSE PLATZ ALLEE RING DAMM RUE CALLE VIA RUA CARRERA AVENIDA HIGHWAY HWY'.split(
    ' ',
  ),
);

function indexOfRun(hay: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Whether a part of the street text is the city line: it carries the postal code given, or it
 * names the city (not as a street: "12 Berlin Road" is a street line) and the rest of it is a
 * postal code, a state or country code, or a country name after a postal code — "10115 Berlin",
 * "D-10115 Berlin", "Toronto ON M5V 2T6", "Berlin 10115 Germany".
 */
function isCityLine(part: string, city: string, postal: string, state: string): boolean {
  const words = placeWords(part);
  const cityWords = placeWords(city);
  const postalWords = placeWords(postal);
  const stateWords = new Set(placeWords(state));
  const at = indexOfRun(words, cityWords);
  const pAt = postalWords.some((w) => /\d/.test(w)) ? indexOfRun(words, postalWords) : -1;
  if (at < 0 && pAt < 0) return false;
  if (at >= 0 && STREET_TYPES.has(words[at + cityWords.length] ?? '')) return false;
  const anchor = new Set<number>();
  if (at >= 0) cityWords.forEach((_, i) => anchor.add(at + i));
  if (pAt >= 0) postalWords.forEach((_, i) => anchor.add(pAt + i));
  const first = Math.min(...anchor);
  const hasPostal = pAt >= 0 || words.some((w, i) => !anchor.has(i) && postalLook(w));
  const code = (w: string) => /^[A-Z]{1,3}$/.test(w) && !STREET_TYPES.has(w);
  // Before the city: only a postal code or codes ("D-10115 Berlin"); after it, a country name too.
  return words.every(
    (w, i) =>
      anchor.has(i) ||
      stateWords.has(w) ||
      postalLook(w) ||
      code(w) ||
      (i > first && hasPostal && !/\d/.test(w) && !STREET_TYPES.has(w)),
  );
}

/** A part that is only a postal code with codes ("10115", "DC 20500", "ON M5V 2T6"). */
function postalOnly(part: string): boolean {
  const words = placeWords(part);
  return words.some(postalLook) && words.every((w) => postalLook(w) || /^[A-Z]{1,3}$/.test(w));
}

/** A postal code printed next to the city inside a street line ("Hauptstr. 5 10115 Berlin"): not a street number. */
function dropPostalBesideCity(line: string, city: string): string {
  const cityWords = placeWords(city);
  const tokens = letters(line).split(/\s+/).filter(Boolean);
  const bare = tokens.map((t) => t.replace(/[^\p{L}\p{N}-]/gu, ''));
  const at = indexOfRun(
    bare.map((t) => t.replace(/-/g, '')),
    cityWords,
  );
  if (at < 0 || STREET_TYPES.has(bare[at + cityWords.length] ?? '')) return line;
  const drop = new Set<number>();
  if (at > 0 && postalLook(bare[at - 1]!)) drop.add(at - 1);
  const next = at + cityWords.length;
  if (next < bare.length && postalLook(bare[next]!)) drop.add(next);
  return drop.size ? tokens.filter((_, i) => !drop.has(i)).join(' ') : line;
}

/**
 * The street line(s) of an address text, the city line set aside wherever it is printed (German
 * invoices put "10115 Berlin" before "Hauptstraße 5"); the postal code is never read.
 */
export function midStreetLine(
  street: string,
  context: { city?: string | undefined; postalCode?: string | undefined; state?: string | undefined } = {},
): string {
  const city = context.city ?? '';
  const postal = context.postalCode ?? '';
  const state = context.state ?? '';
  const isCity = (part: string) => city !== '' && isCityLine(part, city, postal, state);
  const kept: string[] = [];
  // A postal code alone after a house number is the city line's ("Hauptstr. 5, 10115"); before
  // any number it is the house number ("Av. Paulista, 1578").
  let numbered = false;
  for (const line of street.split(/\r?\n|\r|;|\|/)) {
    if (isCity(line) || (numbered && postalOnly(line))) continue;
    const parts: string[] = [];
    for (const p of line.split(/,(?!\d)/)) {
      if (isCity(p) || (numbered && postalOnly(p))) continue;
      parts.push(p);
      if (/\d/.test(p)) numbered = true;
    }
    kept.push(city ? dropPostalBesideCity(parts.join(','), city) : parts.join(','));
  }
  let text = kept.join('\n');
  // The postal code, wherever it is, is not a street number.
  const code = postal.trim();
  if (/\d/.test(code)) {
    const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
    text = text.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), '$1 ');
  }
  return text;
}

/** First three letters of the city name (a postal code or a country prefix printed with it left out). */
export function midCityFragment(city: string): string {
  const first = city.split(/\r?\n|\r/).find((l) => /\p{L}/u.test(l)) ?? '';
  return letters(first)
    .split(/\s+/)
    .filter((t) => !/\d/.test(t) && !/^[A-Z]{1,3}-$/.test(t))
    .join('')
    .replace(/[^A-Z]/g, '')
    .slice(0, 3);
}

function prefixOf(input: MidInput): MidResult {
  const country = input.country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    return { ok: false, reason: `"${input.country}" is not a 2-letter country code` };
  if (country !== 'CA') return { ok: true, mid: country };
  const p =
    PROVINCES[
      letters(input.province ?? '')
        .trim()
        .replace(/\s+/g, ' ')
    ];
  if (!p)
    return {
      ok: false,
      reason:
        'a Canadian manufacturer needs its province (e.g. ON or Ontario): the MID uses the province code',
    };
  return { ok: true, mid: p };
}

/** The MIDs the rules allow for an address: the street line and the box read together, or either alone. */
export function midCandidates(input: MidInput): MidResult & { readonly alternatives?: readonly string[] } {
  const prefix = prefixOf(input);
  if (!prefix.ok) return prefix;
  const name = midNameFragment(input.name);
  if (name === '') return { ok: false, reason: 'the name has no word to build a MID from' };
  if (!/^[A-Z0-9]+$/.test(name)) {
    return {
      ok: false,
      reason: 'a MID is built from a name in Latin script: give the name as registered in Latin letters',
    };
  }
  const city = midCityFragment(input.city ?? '');
  if (city === '') return { ok: false, reason: 'the city (in Latin letters) is needed to build a MID' };
  const line = midStreetLine(input.street ?? '', {
    city: input.city,
    postalCode: input.postalCode,
    state: input.province,
  });
  const box = input.poBox ?? '';
  const build = (digits: string) => (prefix.mid + name + digits + city).slice(0, 15);
  const mid = build(midStreetFragment(line, box));
  const alternatives = [...new Set([midStreetFragment(line), midStreetFragment('', box)].map(build))].filter(
    (m) => m !== mid,
  );
  return { ok: true, mid, ...(alternatives.length ? { alternatives } : {}) };
}

export function buildMid(input: MidInput): MidResult {
  const r = midCandidates(input);
  return r.ok ? { ok: true, mid: r.mid } : r;
}

/**
 * Whether a declared MID is one the rules build from the name and address (the street line and
 * the box together, or either alone); null when no MID can be built from them.
 */
export function midMatches(declared: string, input: MidInput): { ok: boolean; built: string } | null {
  const r = midCandidates(input);
  if (!r.ok) return null;
  const d = declared.trim().toUpperCase();
  return { ok: d === r.mid || (r.alternatives ?? []).includes(d), built: r.mid };
}
