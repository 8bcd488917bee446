import type { ArtefactCache } from '../../kernel/ports.js';
import type { WordNet } from './domain/wordnet.js';

/** Lexical knowledge the classifier reads besides the reference data: WordNet's nouns. */
export interface WordKnowledge {
  /**
   * The parsed database, loaded once; null when it is not installed. With a cache, a database known
   * by its package version is read back from it instead of parsed (and put there once parsed).
   */
  load(cache?: ArtefactCache): Promise<WordNet | null>;
  /**
   * The version `load` gives the database, found without reading it (null: not installed): what a
   * model's key reads of WordNet. A database that turns out unreadable loads as null all the same.
   */
  version(): Promise<string | null>;
}
