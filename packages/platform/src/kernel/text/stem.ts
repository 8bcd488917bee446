/**
 * The one stemmer: Porter's (the `stemmer` package), so that "shirts", "shirt" and "shirting" meet
 * wherever Tradelane searches or classifies text. Stems are cached in a bounded map (the
 * vocabulary of tariffs, rulings and filings is small).
 */
import { stemmer } from 'stemmer';
import { textMemo } from './memo.js';

/** Porter stem of a folded word; words with digits are left as they are ("8471", "v2"). */
export const stem: (word: string) => string = textMemo(
  (word) => (/\d/.test(word) ? word : stemmer(word)),
  200_000,
);
