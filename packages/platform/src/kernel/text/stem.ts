/**
 * The one stemmer: Porter's (the `stemmer` package), so that "shirts", "shirt" and "shirting" meet
 * wherever Tradelane searches or classifies text. Stems are cached in a bounded map (the
 * vocabulary of tariffs, rulings and filings is small).
 */
import { stemmer } from 'stemmer';

const cache = new Map<string, string>();
const CACHE_MAX = 200_000;

/** Porter stem of a folded word; words with digits are left as they are ("8471", "v2"). */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    s = /\d/.test(word) ? word : stemmer(word);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(word, s);
  }
  return s;
}
