/**
 * Text for the classifier: folded, split on anything not a letter or digit, stop words and bare
 * numbers dropped, British spellings to the tariff's, Porter-stemmed (the kernel's stemmer). The
 * product's head phrase — what comes before "made of", "for", "with", a comma… — is returned apart,
 * because classification turns first on what the goods are.
 */
import { fold } from '../../../kernel/text/fold.js';
import { stem } from '../../../kernel/text/stem.js';
import { stopWordsWith } from '../../../kernel/text/stop-words.js';

/** The stop words, and words that say nothing about what goods are in a description or a ruling. */
const STOP = stopWordsWith(
  'used use one two three four five six several various type types style styles model models ' +
    'item items product products new set sets kit ' +
    // Ruling boilerplate: what a ruling's subject line says about itself, not about the goods.
    'imported importation import importer classification classified tariff htsus hts ruling rulings protest ' +
    'request application further review revocation modification eligibility country origin merchandise ' +
    'subject usmca nafta agreement certain',
);

/** Tariff spellings for common variants (before stemming). */
const SPELLING: Readonly<Record<string, string>> = {
  fibre: 'fiber',
  fibres: 'fibers',
  colour: 'color',
  colours: 'colors',
  aluminium: 'aluminum',
  tyre: 'tire',
  tyres: 'tires',
  jewellery: 'jewelry',
  mould: 'mold',
  moulds: 'molds',
  moulded: 'molded',
  grey: 'gray',
  sulphur: 'sulfur',
  sulphate: 'sulfate',
  centre: 'center',
  metre: 'meter',
  metres: 'meters',
  litre: 'liter',
  litres: 'liters',
  programme: 'program',
  cheque: 'check',
  pyjamas: 'pajamas',
  // Material adjectives to the nouns the tariff writes ("of wood", "of wool").
  wooden: 'wood',
  woolen: 'wool',
  woollen: 'wool',
  golden: 'gold',
  silken: 'silk',
  flaxen: 'flax',
  leathern: 'leather',
  glassy: 'glass',
  tshirt: 'tshirt',
  tshirts: 'tshirt',
  tee: 'tshirt',
  tees: 'tshirt',
};

const stemWord = (w: string): string => stem(SPELLING[w] ?? w);

/** Words longer than this are not words (hashes, base64, run-together junk). */
const MAX_WORD = 30;

/** Classifier tokens of a text. */
export function terms(text: string, limit = 400): string[] {
  const out: string[] = [];
  const folded = fold(text.length > 20_000 ? text.slice(0, 20_000) : text);
  // "t-shirt" → "tshirt": the tariff writes it both ways.
  for (const w of folded.replace(/\bt-shirt/g, 'tshirt').split(/[^\p{L}\p{N}]+/u)) {
    if (w.length < 2 || w.length > MAX_WORD || STOP.has(w) || /^\d+$/.test(w)) continue;
    out.push(stemWord(w));
    if (out.length >= limit) break;
  }
  return out;
}

/** Folded words of a text in order, stop words kept (compounds span them: "cup of tea"). */
export function surfaceWords(text: string, limit = 400): string[] {
  const out: string[] = [];
  for (const w of fold(text.length > 20_000 ? text.slice(0, 20_000) : text).split(/[^\p{L}\p{N}]+/u)) {
    if (w.length === 0 || w.length > MAX_WORD) continue;
    out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}

/** Whether a word is a stop word of the classifier. */
export const isStopWord = (w: string): boolean => STOP.has(w);

const HEAD_END =
  /\s(?:made|of|for|used|with|from|that|which|designed|consisting|comprised|composed|containing|in|to|having)\s|[,;(:]/i;
const LEADING =
  /^\s*(?:(?:a|an|the|two|three|four|five|six|several|various|assorted|\d+)\s+)?(?:(?:pairs?|sets?|kits?|variety|assortment|range|selection|series|group|number)\s+of\s+)?(?:(?:a|an|the|two|three|four|five|six|several|various|assorted|\d+)\s+)?/i;

/** The head phrase: the words before the first "made", "of", "for", "with", comma… */
export function headPhrase(text: string): string {
  const t = text.slice(0, 500).replace(LEADING, '');
  const m = HEAD_END.exec(t);
  return m ? t.slice(0, m.index) : t;
}
