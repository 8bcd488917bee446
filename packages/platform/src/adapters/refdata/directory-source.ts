import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DatasetFailure, DatasetFile, RefdataSource } from '../../ports/refdata-source.js';
import { parseDataset, sha256, type DatasetName, type EditionHint } from './datasets.js';

/**
 * Reads data sets from a directory laid out like the shared reference data:
 * `hts-us-YYYY/*.csv|json`, `us-port-codes/*.csv`, `un-locode-aux/country-codes.csv`.
 */
export class DirectorySource implements RefdataSource {
  readonly name: string;

  constructor(
    private readonly dir: string,
    private readonly htsEdition?: EditionHint,
  ) {
    this.name = `dir:${dir}`;
  }

  async *datasets(): AsyncIterable<DatasetFile | DatasetFailure> {
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
      }
    }
  }

  private async file(
    dataset: DatasetName,
    path: string,
    hint?: EditionHint,
  ): Promise<DatasetFile | DatasetFailure> {
    try {
      const [bytes, st] = await Promise.all([readFile(path), stat(path)]);
      return {
        dataset,
        source: path,
        sha256: sha256(bytes),
        asOf: st.mtime.toISOString().slice(0, 10),
        parse: async () => parseDataset(dataset, basename(path), bytes, hint),
      };
    } catch (e) {
      return { dataset, source: path, error: (e as Error).message };
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
