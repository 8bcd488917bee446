/**
 * The classifier's corpora as data sets (adapters/corpora.ts reads them) and each source's weight
 * in the nearest examples' votes and the chapter prior.
 */

/** Data sets of the corpora besides the first CBP rulings set and the operator's history. */
export const CORPUS_DATASETS = [
  'labeled-precedents',
  'labeled-rulings-2026',
  'labeled-atar',
  'labeled-fpo',
  'tariff-search-references',
  'cn-texts',
] as const;
export type CorpusDataset = (typeof CORPUS_DATASETS)[number];

/**
 * Each source's weight, measured on the CBP rulings' tuning share (eval/classify.js
 * --tuning-only, CLS_WEIGHTS per source; docs/evaluation.md): full descriptions by an authority
 * or an officer count whole; subject phrases, older or foreign rulings and parcel lines less.
 */
export const SOURCE_WEIGHTS: Readonly<Record<string, number>> = {
  'cbp-ruling': 1,
  'cbp-ruling-2026': 1,
  'cbp-precedent': 0.5,
  'cbp-ruling-pre2010': 0.5,
  'uk-atar': 0.5,
  'uk-fpo': 0.25,
  'operator-history': 1,
  'officer-correction': 1,
};
