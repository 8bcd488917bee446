import { transliterate } from './normalize.js';

/**
 * Names lists use for countries that the ISO short names spell differently. The ISO names
 * themselves come from the countries reference data set.
 */
const ALIASES: Readonly<Record<string, string>> = {
  russia: 'RU',
  iran: 'IR',
  syria: 'SY',
  'north korea': 'KP',
  'korea north': 'KP',
  'democratic peoples republic of korea': 'KP',
  'south korea': 'KR',
  'korea south': 'KR',
  'republic of korea': 'KR',
  burma: 'MM',
  myanmar: 'MM',
  venezuela: 'VE',
  bolivia: 'BO',
  tanzania: 'TZ',
  vietnam: 'VN',
  'viet nam': 'VN',
  laos: 'LA',
  moldova: 'MD',
  'democratic republic of the congo': 'CD',
  'congo democratic republic of the': 'CD',
  'republic of the congo': 'CG',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  'czech republic': 'CZ',
  czechia: 'CZ',
  turkey: 'TR',
  turkiye: 'TR',
  palestine: 'PS',
  'west bank': 'PS',
  gaza: 'PS',
  taiwan: 'TW',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  'cote divoire': 'CI',
  'ivory coast': 'CI',
  'united arab emirates': 'AE',
  uae: 'AE',
  china: 'CN',
  'peoples republic of china': 'CN',
  prc: 'CN',
  crimea: 'UA',
  kosovo: 'XK',
  'bosnia and herzegovina': 'BA',
  'north macedonia': 'MK',
  macedonia: 'MK',
  'the netherlands': 'NL',
  netherlands: 'NL',
  'the gambia': 'GM',
  gambia: 'GM',
  'the bahamas': 'BS',
  bahamas: 'BS',
  brunei: 'BN',
  'cabo verde': 'CV',
  'cape verde': 'CV',
  eswatini: 'SZ',
  swaziland: 'SZ',
  micronesia: 'FM',
  'saint kitts and nevis': 'KN',
  'sao tome and principe': 'ST',
};

const key = (s: string): string =>
  transliterate(s)
    .replace(/[’'`.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && w !== 'the' && w !== 'of')
    .join(' ');

/** Resolves a country as lists and filers write it (ISO code, ISO name, common name) to ISO 3166 alpha-2. */
export class CountryResolver {
  private readonly byName = new Map<string, string>();
  private readonly byFirstWord = new Map<string, string | null>();
  private readonly codes = new Set<string>();

  constructor(isoNames: Iterable<readonly [string, string]> = []) {
    for (const [code, name] of isoNames) {
      this.codes.add(code);
      const k = key(name);
      this.byName.set(k, code);
      const first = k.split(' ')[0]!;
      const seen = this.byFirstWord.get(first);
      this.byFirstWord.set(first, seen === undefined || seen === code ? code : null);
    }
    for (const [name, code] of Object.entries(ALIASES)) {
      this.codes.add(code);
      this.byName.set(key(name), code);
    }
  }

  resolve(raw: string | undefined | null): string | null {
    if (!raw) return null;
    const t = raw.trim();
    if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
    const k = key(t);
    if (!k) return null;
    const exact = this.byName.get(k);
    if (exact) return exact;
    // "Iran, Islamic Republic of" and "Russian Federation" → first word, when it names one country.
    const first = k.split(' ')[0]!;
    return this.byFirstWord.get(first) ?? this.byName.get(first) ?? null;
  }
}
