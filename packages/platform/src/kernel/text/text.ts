/** Text normalization shared by search and matching: Unicode-folded, lower-case word tokens. */

const STOP = new Set(
  'a an and are as at be by for from in into is it its not of on or other than the their this to with without whether nesoi'.split(
    ' ',
  ),
);

/** Lower-case, strip diacritics (NFKD + combining marks), keep letters and digits. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Light English stemmer: enough to make "shirts"/"shirt", "knitted"/"knit" meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('es') && /(ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  if (word.endsWith('ted') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  return word;
}

/**
 * Word tokens for search: folded, stop words removed, stemmed. A hyphenated compound also gives
 * its joined form ("T-shirts" → "shirt" and "tshirt"), so that "t-shirt" and "tshirt" meet.
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  const folded = fold(text);
  for (const w of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 2 || STOP.has(w)) continue;
    out.push(stem(w));
  }
  for (const m of folded.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu))
    out.push(stem(m[0].replace(/-/g, '')));
  return out;
}
