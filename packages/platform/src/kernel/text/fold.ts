/**
 * Folding: the one way text is compared across Tradelane. Unicode compatibility-decomposed,
 * combining marks and format characters removed, lower-cased.
 *
 * Format characters (Unicode category Cf: zero-width space and joiners, soft hyphen, word joiner,
 * bidirectional controls, the byte-order mark…) are invisible and carry no meaning in a name or a
 * description; left in, one of them splits a word in two ("Tra\u200bding") and defeats matching.
 */
const MARKS = /\p{M}+/gu;
const FORMAT = /\p{Cf}+/gu;

/** Lower-case, no diacritics (NFKD + combining marks removed), no format characters. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').replace(FORMAT, '').toLowerCase();
}

/** The text without format characters, otherwise as given. */
export const stripFormat = (text: string): string => text.replace(FORMAT, '');
