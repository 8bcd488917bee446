/** The features the ranker orders candidates by, and the explanation's part each adds to. */

/** The features of a candidate (a subheading's best line), in order. */
export const FEATURES = [
  'heading', // BM25 of the heading's document, over the query's best
  'subheading', // … of the subheading's
  'line', // … of the line's
  'knnChapter', // votes of the nearest labeled examples for the chapter
  'knnHeading',
  'knnSubheading',
  'knnLine',
  'prior', // the chapter's share of the labeled examples
  'headNounHeading', // the head noun (or a WordNet word for it) in the heading's own text
  'headNounSubheading', // … in the subheading's own text
  'coverage', // the share of the query's words (by rarity) the line's path holds
  'residual', // the subheading is an "Other" one
  'rules', // the heading a rule of the tariff's notes points to (rules.ts)
  'material', // the chapter of the material the article is made of (rules.ts)
  'parts', // +1: parts asked for and a parts subheading; −1: a parts subheading, parts not asked for
  'lrChapter', // log P(chapter) by the hierarchical linear model (linear.ts)
  'lrHeading', // log P(heading | chapter)
  'lrSub', // log P(subheading | heading)
] as const;
export type Feature = (typeof FEATURES)[number];

/** The explanation's component each feature adds to. */
export const FEATURE_PART: Readonly<Record<Feature, string>> = {
  heading: 'heading',
  subheading: 'subheading',
  line: 'line',
  knnChapter: 'examples',
  knnHeading: 'examples',
  knnSubheading: 'examples',
  knnLine: 'examples',
  prior: 'prior',
  headNounHeading: 'head_noun',
  headNounSubheading: 'head_noun',
  coverage: 'coverage',
  residual: 'residual',
  rules: 'rules',
  material: 'rules',
  parts: 'rules',
  lrChapter: 'linear',
  lrHeading: 'linear',
  lrSub: 'linear',
};
