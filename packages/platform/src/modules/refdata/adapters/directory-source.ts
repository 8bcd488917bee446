import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DatasetFailure, DatasetFile, RefdataSource } from '../source.js';
import { datasetSha256, parseFiles, type DataFile, type DatasetName, type EditionHint } from './datasets.js';
import { keyOf, type FileDigests } from './file-digests.js';
import type { WatchlistName } from '../../screening/index.js';
import { CORPORA, type CorpusDataset } from '../../classification/index.js';

/** The classifier's corpus folders: folder → its data set and file. */
const CORPUS_FOLDERS = new Map<string, readonly [CorpusDataset, string]>(
  Object.entries(CORPORA).map(([dataset, c]) => [c.folder, [dataset as CorpusDataset, c.file] as const]),
);

/** Watch-list folders of the shared layout, and the files each list is published as. */
const LIST_FOLDERS: readonly { folder: RegExp; dataset: WatchlistName; files: RegExp; multi?: true }[] = [
  { folder: /^ofac-sdn$/, dataset: 'ofac-sdn', files: /^(sdn|alt|add|sdn_comments)\.csv$/i, multi: true },
  {
    folder: /^ofac-consolidated-non-sdn$/,
    dataset: 'ofac-cons',
    files: /^cons_(prim|alt|add|comments)\.csv$/i,
    multi: true,
  },
  { folder: /^csl/, dataset: 'csl', files: /\.csv$/i },
  { folder: /^bis-denied-persons-list$/, dataset: 'bis-dpl', files: /\.txt$/i },
  { folder: /^un-security-council-consolidated$/, dataset: 'un-sc', files: /\.xml$/i },
  { folder: /^uflpa-entity-list$/, dataset: 'uflpa', files: /\.csv$/i },
  { folder: /^cbp-withhold-release-orders$/, dataset: 'cbp-wro', files: /\.csv$/i },
];

/**
 * Reads data sets from a directory laid out like the shared reference data:
 * `hts-us-YYYY/*.csv|json`, `us-port-codes/*.csv`, `un-locode-aux/country-codes.csv`.
 */
export class DirectorySource implements RefdataSource {
  readonly name: string;

  constructor(
    private readonly dir: string,
    private readonly htsEdition?: EditionHint,
    /** Lists whose incomplete last record is dropped instead of refusing the file. */
    private readonly dropIncompleteTail: ReadonlySet<string> = new Set(),
    /** Digests remembered by the files' state: unchanged files are not read to learn so. */
    private readonly digests: FileDigests | null = null,
  ) {
    this.name = `dir:${dir}`;
  }

  /** The states of the files this scan met (FileDigests keys). */
  private readonly met = new Set<string>();

  async *datasets(): AsyncIterable<DatasetFile | DatasetFailure> {
    this.met.clear();
    let entries: string[];
    try {
      entries = (await readdir(this.dir)).sort();
    } catch (e) {
      yield { dataset: '*', source: this.dir, error: `cannot read directory: ${(e as Error).message}` };
      return;
    }
    for (const folder of entries) {
      const year = /^hts-us-(\d{4})$/.exec(folder)?.[1];
      if (year) {
        for (const f of await files(join(this.dir, folder), /\.(csv|json)$/i)) {
          // A file named without its edition takes the folder's year: the basic edition.
          const hint =
            this.htsEdition ??
            (/(basic|rev)/i.test(basename(f))
              ? undefined
              : { edition: `${year} Basic`, effectiveFrom: `${year}-01-01` });
          yield this.file('hts', f, hint);
        }
      } else if (folder === 'us-port-codes') {
        for (const f of await files(join(this.dir, folder), /\.csv$/i)) yield this.file('ports', f);
      } else if (folder === 'un-locode-aux') {
        const f = join(this.dir, folder, 'country-codes.csv');
        if (await exists(f)) yield this.file('countries', f);
      } else if (folder === 'cbp-pga-flags') {
        const found = await files(join(this.dir, folder), /\.csv$/i);
        if (found.length > 0) yield this.read('pga-flags', found);
      } else if (/^hs-nomenclature/.test(folder)) {
        const f = join(this.dir, folder, 'harmonized-system.csv');
        if (await exists(f)) yield this.file('hs-nomenclature', f);
      } else if (folder === 'hts-labeled-cbp-cross-rulings') {
        // CBP rulings (public domain): the classifier's labeled examples. Other labeled folders
        // (such as unlicensed seller declarations) are never imported from a directory.
        const f = join(this.dir, folder, 'train.jsonl');
        if (await exists(f)) yield this.file('labeled-rulings', f);
      } else if (CORPUS_FOLDERS.has(folder)) {
        // The classifier's other public corpora (rulings, search references, scope texts).
        const [dataset, file] = CORPUS_FOLDERS.get(folder)!;
        const f = join(this.dir, folder, file);
        if (await exists(f)) yield this.file(dataset, f);
      } else if (/^lei-gleif/.test(folder)) {
        // GLEIF API responses: json/*.json (records and relationships), one data set.
        const dir = join(this.dir, folder, 'json');
        const found = (await exists(dir)) ? await files(dir, /\.json$/i) : [];
        if (found.length > 0) yield this.read('gleif', found);
      } else {
        const list = LIST_FOLDERS.find((l) => l.folder.test(folder));
        if (!list) continue;
        const found = await files(join(this.dir, folder), list.files);
        if (found.length === 0) continue;
        yield this.read(list.dataset, list.multi ? found : found.slice(0, 1));
      }
    }
    // The whole directory was read: remember its digests (and forget files no longer there).
    this.digests?.save(this.met);
  }

  private file(
    dataset: DatasetName,
    path: string,
    hint?: EditionHint,
  ): Promise<DatasetFile | DatasetFailure> {
    return this.read(dataset, [path], hint);
  }

  /** One data set from the files named. */
  readFiles(dataset: DatasetName, paths: readonly string[]): Promise<DatasetFile | DatasetFailure> {
    return this.read(dataset, paths);
  }

  private async read(
    dataset: DatasetName,
    paths: readonly string[],
    hint?: EditionHint,
  ): Promise<DatasetFile | DatasetFailure> {
    const source = paths.length === 1 ? paths[0]! : dirname(paths[0]!);
    try {
      const files = await Promise.all(
        paths.map(async (path) => ({ path, stat: await stat(path, { bigint: true }) })),
      );
      const mtime = Math.max(...files.map((f) => Number(f.stat.mtimeMs)));
      const load = () =>
        Promise.all(
          paths.map(async (path): Promise<DataFile> => ({
            name: basename(path),
            bytes: await readFile(path),
          })),
        );
      const opts = { ...(hint ? { hint } : {}), dropIncompleteTail: this.dropIncompleteTail.has(dataset) };
      const base = { dataset, source, asOf: new Date(mtime).toISOString().slice(0, 10) };
      this.met.add(keyOf(files));
      const remembered = this.digests?.get(files);
      if (remembered) {
        return {
          ...base,
          sha256: remembered,
          // Read only if the importer needs it (the digest is no active snapshot's), and checked.
          parse: async () => {
            const loaded = await load();
            if (datasetSha256(loaded) !== remembered) {
              // Never trusted again: the next import reads and hashes the files.
              this.digests!.forget(files);
              this.digests!.save();
              throw new Error(`${source} is not what its remembered digest says: import it again`);
            }
            return parseFiles(dataset, loaded, opts);
          },
        };
      }
      const loaded = await load();
      const sha256 = datasetSha256(loaded);
      this.digests?.set(files, sha256);
      return { ...base, sha256, parse: async () => parseFiles(dataset, loaded, opts) };
    } catch (e) {
      return { dataset, source, error: (e as Error).message };
    }
  }
}

async function files(dir: string, pattern: RegExp): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => join(dir, f));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Named files read as one data set (`tradelane model train --labeled FILE`). */
export class FilesSource implements RefdataSource {
  readonly name: string;
  private readonly inner: DirectorySource;

  constructor(
    private readonly dataset: DatasetName,
    private readonly paths: readonly string[],
  ) {
    this.name = `files:${paths.join(',')}`;
    this.inner = new DirectorySource(dirname(paths[0] ?? '.'));
  }

  async *datasets(): AsyncIterable<DatasetFile | DatasetFailure> {
    yield this.inner.readFiles(this.dataset, this.paths);
  }
}
