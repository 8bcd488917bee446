/**
 * Name normalization for screening: one canonical token form for every script and spelling the
 * lists and the filers use. Shared with party resolution (same tokens, same legal forms).
 */

import { fold } from '../../../kernel/text/fold.js';
import { textMemo } from '../../../kernel/text/memo.js';
import { isKindWord } from './descriptors.js';
import { LEGAL_FORMS, legalWords } from './legal-forms.js';

export { LEGAL_FORMS } from './legal-forms.js';

// prettier-ignore
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian, Serbian, Macedonian
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
  ѓ: 'g', ќ: 'k', ѕ: 'dz',
};

// prettier-ignore
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o',
};

/** Arabic and Persian letters; short vowels are not written, so phonetic matching does the rest. */
// prettier-ignore
const ARABIC: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd',
  ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f',
  ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'w', ي: 'y', ى: 'a', ة: 'a', ء: '', ئ: 'y',
  ؤ: 'w', پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ی: 'y',
};

const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
};

/**
 * Decimal digits of other scripts as ASCII digits (Arabic-Indic, Persian, N'Ko, Devanagari and the
 * other Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian): a number is then one token
 * whatever its script, and the rules on numbers (they match only exactly, a digit is no initial)
 * hold for it. Full-width and other compatibility digits are already folded by NFKD.
 */
const DIGIT_ZEROS = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6,
  0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810,
];
const DIGITS: Record<string, string> = Object.fromEntries(
  DIGIT_ZEROS.flatMap((zero) =>
    Array.from({ length: 10 }, (_, d) => [String.fromCodePoint(zero + d), String(d)]),
  ),
);

const TRANSLIT = new Map<string, string>(
  Object.entries({ ...CYRILLIC, ...GREEK, ...ARABIC, ...LATIN_EXTRA, ...DIGITS }),
);

/**
 * Titles before a person's name, in the languages filers write: they say "a person" and are not
 * part of the name. Words that are also names or companies ("Pan", "Don", "ING") are left out.
 */
export const TITLES: ReadonlySet<string> = new Set(
  (
    'mr mrs ms miss dr prof sir dame madam mme mlle herr frau sr sra srta dott dottssa mgr judr ' +
    'mudr dipl'
  ).split(' '),
);

/** Words that carry no identity in a name: articles, particles, honorifics (not text stop words). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  ...'the of and for y e et und de del della di da das do dos du des la le les los von van der den'.split(
    ' ',
  ),
  ...TITLES,
]);

/** Tokens longer than this are cut (a 10,000-character "name" must not cost 10,000 tokens). */
export const MAX_TOKENS = 16;
const MAX_CHARS = 400;
/** The joined form is compared only when it is this short (it catches split and joined words). */
export const MAX_GLUED = 24;

export interface NormalizedName {
  /** Identity tokens, in name order ("LAST, First" reordered to "First LAST"). */
  readonly tokens: readonly string[];
  /** Legal forms found (kept for display, never scored). */
  readonly legal: readonly string[];
  /** The tokens joined without spaces, when there are two or more and it is short. */
  readonly glued: string | null;
  /**
   * Every word read, legal forms and particles included, in name order, separated by one space:
   * the name as spelt, for the whole-name spelling comparison (spelling.ts).
   */
  readonly full: string;
  /**
   * What the words say the party is: a legal form or a kind-of-body word ("Group") says an
   * organization, a title ("Dr.", "Herr", "Sra.") a person; null when they say nothing.
   */
  readonly hint: 'organization' | 'person' | null;
}

const ASCII = /^[ -~\t\n\r]*$/;

/**
 * Lower-case Latin letters and digits: diacritics stripped, other scripts transliterated, and every
 * format character (Unicode Cf: zero-width space and joiners, soft hyphen, word joiner, bidi
 * controls…) removed, so that an invisible character cannot split a word in two.
 */
export function transliterate(raw: string): string {
  // Most names are plain ASCII: nothing to decompose, strip or map.
  if (ASCII.test(raw)) return raw.toLowerCase();
  const s = fold(raw);
  let out = '';
  for (const ch of s) out += TRANSLIT.get(ch) ?? ch;
  return out;
}

/** Splits a name into identity tokens. Never throws; junk gives no tokens. */
const APOSTROPHE = /[’'`ʻʼ]/;
const APOSTROPHES = /[’'`ʻʼ]/g;
const DOTTED = /\b(\p{L})\.(?=\p{L}\b)/gu;

/**
 * A name's identity tokens and forms. Filings repeat their parties, and each party's name is read
 * by several stages (identification, resolution, screening): the answer for a text is computed
 * once (20,000 names kept; a very long text is not) and shared, frozen.
 */
export const normalizeName: (raw: string) => NormalizedName = textMemo(
  (raw) => {
    const made = normalizeText(transliterate(raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw));
    Object.freeze(made.tokens);
    Object.freeze(made.legal);
    return Object.freeze(made);
  },
  20_000,
  MAX_CHARS,
);

/** A hyphen (or dash) between two letters, or a hyphen that breaks a word across lines. */
const IN_WORD_HYPHEN = /(?<=\p{L})(?:\p{Pd}+|\p{Pd}[ \t]*\r?\n[ \t]*)(?=\p{L})/gu;

/**
 * The readings of a name: as written, hyphens separating words ("AL-QAIDA" → al qaida), and, when
 * a hyphen joins two letters, with those hyphens removed ("Min-ing" → mining, "AL-QAIDA" →
 * alqaida). A hyphen inside a word is as often hyphenation as a compound; the screen takes the
 * better reading, so that a hyphen put into a listed name cannot hide it.
 */
export function nameReadings(raw: string): NormalizedName[] {
  const s = transliterate(raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw);
  const first = normalizeText(s);
  IN_WORD_HYPHEN.lastIndex = 0;
  if (!IN_WORD_HYPHEN.test(s)) return [first];
  const joined = normalizeText(s.replace(IN_WORD_HYPHEN, ''));
  return sameTokens(first.tokens, joined.tokens) ? [first] : [first, joined];
}

const sameTokens = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

function normalizeText(text: string): NormalizedName {
  let s = text;
  // Apostrophes join ("gama'at" → "gamaat"); dotted initials join ("s.a." → "sa", "u.s.a." → "usa").
  if (APOSTROPHE.test(s)) s = s.replace(APOSTROPHES, '');
  if (s.includes('.')) s = s.replace(DOTTED, '$1').replace(DOTTED, '$1');
  const parts = s.split(',');
  let words: string[];
  if (parts.length === 2) {
    const before = split(parts[0]!);
    const after = split(parts[1]!);
    const afterCore = after.filter((w) => !LEGAL_FORMS.has(w) && !NAME_PARTICLES.has(w));
    // "LAST, First" → "First LAST", but "CIMEX, S.A." stays as it is.
    words = afterCore.length > 0 && before.length <= 3 ? [...after, ...before] : [...before, ...after];
  } else {
    words = split(s);
  }
  let tokens: string[] = [];
  const legal: string[] = [];
  const particles: string[] = [];
  let title = false;
  let read = words.length;
  const isLegal = legalWords(words);
  for (const [k, w] of words.entries()) {
    if (isLegal[k]) legal.push(w);
    else if (NAME_PARTICLES.has(w)) {
      particles.push(w);
      if (TITLES.has(w)) title = true;
    } else tokens.push(w);
    if (tokens.length >= MAX_TOKENS) {
      read = k + 1;
      break;
    }
  }
  // A name made only of particles and titles ("SRA", "THE ONE" is not one) is its own name.
  if (tokens.length === 0 && legal.length === 0 && particles.length > 0 && particles.length <= 3) {
    tokens = particles;
    title = false;
  }
  const joined = tokens.length >= 2 ? tokens.join('') : '';
  const organization = legal.length > 0 || tokens.some(isKindWord);
  return {
    tokens,
    legal,
    glued: joined && joined.length <= MAX_GLUED ? joined : null,
    full: (read === words.length ? words : words.slice(0, read)).join(' '),
    hint: organization === title ? null : organization ? 'organization' : 'person',
  };
}

function split(s: string): string[] {
  return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

const VOWEL = /[aeiouy]/;

/**
 * A consonant skeleton for transliteration variants (Muhammad / Mohammed / محمد → "mhmd"):
 * common digraphs folded, vowels dropped after the first letter, doubles collapsed.
 */
export function phoneticKey(token: string): string {
  let key = PHONETIC_CACHE.get(token);
  if (key === undefined) {
    key = skeleton(token);
    // Words repeat (registry and list vocabularies, frequent party names): remember, bounded.
    if (PHONETIC_CACHE.size >= 200_000) PHONETIC_CACHE.clear();
    PHONETIC_CACHE.set(token, key);
  }
  return key;
}

const PHONETIC_CACHE = new Map<string, string>();

function skeleton(token: string): string {
  const t = token
    .replace(/dzh/g, 'j')
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/(sch|sh|ch)/g, 'S')
    .replace(/kh/g, 'h')
    .replace(/(gh|ck|q|c)/g, 'k')
    .replace(/(dh|th)/g, (m) => m[0]!)
    .replace(/z/g, 's')
    .replace(/[vw]/g, 'f')
    .replace(/j/g, 'y');
  let out = VOWEL.test(t[0] ?? '') ? 'a' : (t[0] ?? '');
  for (let i = 1; i < t.length; i++) {
    const c = t[i]!;
    if (VOWEL.test(c)) continue;
    if (out[out.length - 1] !== c) out += c;
  }
  return out;
}
