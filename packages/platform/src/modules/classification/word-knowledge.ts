import type { WordNet } from './domain/wordnet.js';

/** Lexical knowledge the classifier reads besides the reference data: WordNet's nouns. */
export interface WordKnowledge {
  /** The parsed database, loaded once; null when it is not installed. */
  load(): Promise<WordNet | null>;
}
