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

/**
 * What the classifier reads of a description: a long one's goods passage (goodsPassage) when
 * `passage` (ClassifierParams) is on, else all of it.
 */
export function classifierText(text: string, passage: number): string {
  return passage > 0 ? goodsPassage(text) : text;
}

/** Texts at most this long are read whole; longer ones through goodsPassage. */
const PASSAGE_FROM = 300;
/** The passage keeps at most this many characters of the goods' sentences. */
const PASSAGE_MAX = 600;

/**
 * Sentences of a ruling or a long declaration that are about the request, the sample, packing,
 * shipping, origin or the law, not about what the goods are (read from the older CBP rulings'
 * letters, a training corpus).
 */
const PROCEDURE: readonly RegExp[] = [
  /\byour\b/i,
  /\byou\s+(?:have\s+)?(?:state|stated|indicate|indicated|submitted|requested|provided|included|ask|asked|request)\b/i,
  /\b(?:sample|samples|photographs?|pictures?|images?|literature|brochures?|drawings?|specification sheets?|data sheets?)\b[^.]*\b(?:submitted|provided|returned|retained|enclosed|included|forwarded|sent)\b/i,
  /\b(?:will be|is being|are being|was|were|is|are)\s+(?:returned|retained)\b/i,
  /\b(?:is|are|will be|to be|was|were)\s+(?:\w+\s+)?(?:packaged|packed|shipped|palletized|invoiced)\b/i,
  /\bimported (?:from|into|in bulk|by)\b|\bimportation\b|\bimporter\b/i,
  /\bcountry of origin\b|\b(?:manufactured|produced|assembled|made)\s+in\s+(?:china|the united states|mexico|vietnam|india|taiwan|korea|japan|germany|italy|canada)\b/i,
  /\b(?:classification|classified|classify|heading|subheading|htsus|gri|essential character|explanatory notes?)\b/i,
  /\b(?:ruling|rulings|cfr|customs|cbp|this rule)\b/i,
  /\b(?:website|web site|invoice|price|value|purchase order)\b/i,
];

/** What a request sentence asks about: "… a ruling on the classification of *a disposable camera*". */
const ASKED_ABOUT =
  /\b(?:classification|ruling|status|marking)\b(?:\s+and\s+[\w\s]+?)?\s+(?:of|on|for|concerning|regarding)\s+(?!the\s+(?:tariff|classification|country|status)\b)(.{8,})$/i;

/** Phrases that introduce the goods ("The merchandise under consideration is described as …"). */
const INTRO =
  /\b(?:the\s+)?(?:merchandise|item|items|product|products|article|articles|goods|sample|samples)\s+(?:under consideration|at issue|in question|concerned)?\s*(?:is|are)\s+(?:described|identified|referred to)\s+as\s+/gi;

/**
 * The goods in a long description: its sentences about what the goods are, made of and for,
 * without the request, the sample, packing, shipping, origin and law around them (of a request
 * sentence, what it asks about), at most PASSAGE_MAX characters in their order. Short texts are
 * returned as they are.
 */
export function goodsPassage(text: string): string {
  if (text.length <= PASSAGE_FROM) return text;
  const sentences = text.slice(0, 20_000).split(/(?<=[.!?;])\s+(?=["“(]?[A-Z0-9])/);
  const out: string[] = [];
  let size = 0;
  for (const [i, s] of sentences.entries()) {
    let kept = s;
    if (PROCEDURE.some((r) => r.test(s))) {
      const asked = i < 3 ? ASKED_ABOUT.exec(s) : null;
      if (!asked) continue;
      kept = asked[1]!.replace(/\s+(?:from|under|by|which|that)\s.*$/i, '');
    }
    kept = kept.replace(INTRO, ' ');
    out.push(kept);
    size += kept.length + 1;
    if (size >= PASSAGE_MAX) break;
  }
  const passage = out.join(' ').trim();
  if (passage.length > 0) return passage;
  // Nothing but procedure: its first sentences, whole.
  let first = '';
  for (const s of sentences) {
    first = first ? `${first} ${s}` : s;
    if (first.length >= PASSAGE_MAX) break;
  }
  return first;
}
