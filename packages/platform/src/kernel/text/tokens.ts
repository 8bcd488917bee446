/** Word tokens for search: folded, stop words removed, stemmed. */
import { fold } from './fold.js';
import { stem } from './stem.js';
import { STOP_WORDS } from './stop-words.js';

/** Folded words of a text, split on anything that is not a letter or a digit. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * Search tokens: folded, stop words and one-letter words removed, stemmed. A hyphenated compound
 * also gives its joined form ("T-shirts" → "shirt" and "tshirt"), so that "t-shirt" and "tshirt"
 * meet.
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  const folded = fold(text);
  for (const w of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 2 || STOP_WORDS.has(w)) continue;
    out.push(stem(w));
  }
  for (const m of folded.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu))
    out.push(stem(m[0].replace(/-/g, '')));
  return out;
}
