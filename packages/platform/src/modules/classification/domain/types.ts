/** The classifier's inputs, parameters and answers (pure data). */
import type { WordNet } from './wordnet.js';

export interface TariffLineInput {
  /** 10 digits. */
  readonly hts: string;
  readonly description: string;
  /** Ancestors' descriptions from the heading down, with their numbers when they have one. */
  readonly path: readonly { readonly hts: string | null; readonly description: string }[];
}

export interface LabeledExample {
  readonly description: string;
  /** 10 (or 8, 6) digits. */
  readonly hts: string;
  /** The corpus it comes from ("cbp-ruling", "cbp-precedent", "officer-correction"…). */
  readonly source: string;
  /** Where in it: a ruling number, a row, a correction's id. */
  readonly ref?: string;
  /** Its weight in the nearest examples' votes and the chapter prior (1 when absent). */
  readonly weight?: number;
}

/** Words about a code (4 or 6 digits), not a declaration: they join the tariff's documents. */
export interface LabelText {
  readonly code: string;
  readonly text: string;
  readonly source: string;
}

export interface ClassifierInputs {
  readonly version: string;
  readonly lines: readonly TariffLineInput[];
  /** HS nomenclature descriptions by 2-, 4- and 6-digit code. */
  readonly hs: ReadonlyMap<string, string>;
  readonly examples: readonly LabeledExample[];
  /** Words about codes (search references, scope texts): they join the tariff's documents. */
  readonly texts?: readonly LabelText[];
  /** Everyday words → the tariff's (WordNet nouns); optional. */
  readonly wordnet?: WordNet | null;
}

export interface ClassifierParams {
  readonly heading: number;
  readonly subheading: number;
  readonly line: number;
  readonly knnChapter: number;
  readonly knnHeading: number;
  readonly knnSubheading: number;
  readonly knnLine: number;
  readonly prior: number;
  /** Nearest examples that vote. */
  readonly k: number;
  /** A neighbour votes with (its score / the nearest's score) to this power: 2 favours the closest. */
  readonly knnPower: number;
  /** Extra weight of the head phrase's words in the query. */
  readonly headBoost: number;
  /** Extra weight of the head noun (the head phrase's last word: "steel air conditioning *vent*"). */
  readonly headNounBoost: number;
  /** Weight of the tariff's words for an everyday word of the query (lexicon.ts); 0: off. */
  readonly lexicon: number;
  /** Weight of a query word's WordNet synonyms; hypernyms and definitions are scaled from it; 0: off. */
  readonly wordnet: number;
  /** Weight of a hypernym one level up, relative to a synonym (each further level multiplies again). */
  readonly wnHypernym: number;
  /** Weight of the definition's words, relative to a synonym. */
  readonly wnGloss: number;
  /** Weight of a heading's everyday goods names (goods.ts) in its documents; 0: off. */
  readonly goods: number;
  /**
   * Learn the features' weights from the labeled examples (a conditional logit over each example's
   * candidates, the example left out of its own neighbours) with this ridge; 0: the hand weights.
   */
  readonly learn: number;
  /** Weight of the tariff-note rules (rules.ts): their headings and query words; 0: off. */
  readonly rules: number;
  /** Weight of the labels above a subheading in its document ("Halogenated derivatives:" over "Other"). */
  readonly labels: number;
  /** Weight of the UK tariff's search references (everyday term → heading) in a heading's document. */
  readonly searchRefs: number;
  /** Weight of the EU's self-explanatory scope texts in a subheading's document. */
  readonly scopeTexts: number;
  /**
   * The hierarchical linear model (linear.ts): hand weights of its log-probabilities of a
   * candidate's chapter, heading (given the chapter) and subheading (given the heading) as ranker
   * features; all three 0: the model is not built.
   */
  readonly lrChapter: number;
  readonly lrHeading: number;
  readonly lrSub: number;
  /** Its training: passes over the documents and the first step's rate. */
  readonly lrEpochs: number;
  readonly lrRate: number;
  /** Weight of the label texts and of the tariff's own lines among its documents. */
  readonly lrTexts: number;
  readonly lrTariff: number;
  /** Headings it ranks best whose subheadings all become candidates. */
  readonly lrCandidates: number;
  /** Read a long description's goods passage (text.ts goodsPassage) instead of all of it; 0: off. */
  readonly passage: number;
}

export const DEFAULT_PARAMS: ClassifierParams = {
  heading: 1,
  subheading: 1,
  line: 1,
  knnChapter: 0.5,
  knnHeading: 0.5,
  knnSubheading: 0.5,
  knnLine: 0.5,
  prior: 0.3,
  k: 5,
  knnPower: 2,
  headBoost: 1,
  headNounBoost: 0,
  lexicon: 1,
  wordnet: 0.3,
  wnHypernym: 0.7,
  wnGloss: 0.5,
  goods: 3,
  learn: 1,
  rules: 1,
  labels: 2,
  searchRefs: 1,
  scopeTexts: 1,
  // Off: measured on the tuning share, it did not pay for its build time (ADR 0022).
  lrChapter: 0,
  lrHeading: 0,
  lrSub: 0,
  lrEpochs: 6,
  lrRate: 1,
  lrTexts: 0.5,
  lrTariff: 0.5,
  lrCandidates: 3,
  passage: 1,
};

export interface Suggestion {
  readonly hts: string;
  /** Calibrated probability that the 6-digit subheading is right. */
  readonly score: number;
  readonly explanation: Explanation;
}

export interface Explanation {
  /** The tariff path: heading, intermediate labels, subheading, line. */
  readonly path: readonly string[];
  /** The query's words that match the line's path, strongest first. */
  readonly terms: readonly string[];
  /** The nearest labeled examples classified under the same subheading. */
  readonly examples: readonly {
    readonly description: string;
    readonly hts: string;
    readonly source: string;
  }[];
  /** The weighted parts of the line's score. */
  readonly components: Readonly<Record<string, number>>;
  /** The tariff rules that read the description (rules.ts): garment, fibre, chemistry, material… */
  readonly rules: readonly string[];
}

export interface Classification {
  readonly suggestions: readonly Suggestion[];
  readonly abstain: boolean;
  /** The top suggestion's score (0 when there is none). */
  readonly confidence: number;
}
