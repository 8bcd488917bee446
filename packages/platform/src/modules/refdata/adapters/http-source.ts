import type { DatasetFailure, DatasetFile, RefdataSource } from '../source.js';
import { datasetSha256, parseFiles, type DataFile, type DatasetName, type EditionHint } from './datasets.js';

export interface RemoteFile {
  readonly url: string;
  /** File name that tells the parser the format (the URL may not). */
  readonly name: string;
}

export interface RemoteDataset {
  readonly dataset: DatasetName;
  readonly url: string;
  /** File name that tells the parser the format (the URL may not). */
  readonly name: string;
  /** Further files of the same data set (OFAC's aliases, addresses, comments). */
  readonly more?: readonly RemoteFile[];
  readonly edition?: EditionHint;
}

export interface DownloadOptions {
  readonly attempts: number;
  readonly timeoutMs: number;
  readonly backoffMs: number;
  /** Lists whose incomplete last record is dropped instead of refusing the file. */
  readonly dropIncompleteTail?: ReadonlySet<string>;
}

/**
 * Downloads data sets from their publishers. Each download is retried on network errors and 5xx,
 * checked against its Content-Length (a truncated body is a failure), then hashed and parsed.
 */
export class HttpSource implements RefdataSource {
  readonly name = 'sync';

  constructor(
    private readonly remotes: readonly RemoteDataset[],
    private readonly opts: DownloadOptions,
    /** The day of the download (the clock's): the as-of date when the publisher's file does not say. */
    private readonly today: () => string,
  ) {}

  async *datasets(): AsyncIterable<DatasetFile | DatasetFailure> {
    for (const r of this.remotes) {
      try {
        // All files of a data set or none: a list without its aliases would screen worse.
        const files: DataFile[] = [];
        for (const f of [{ url: r.url, name: r.name }, ...(r.more ?? [])]) {
          files.push({ name: f.name, bytes: await this.download(f.url) });
        }
        yield {
          dataset: r.dataset,
          source: r.url,
          sha256: datasetSha256(files),
          asOf: this.today(),
          parse: async () =>
            parseFiles(r.dataset, files, {
              ...(r.edition ? { hint: r.edition } : {}),
              dropIncompleteTail: this.opts.dropIncompleteTail?.has(r.dataset) ?? false,
            }),
        };
      } catch (e) {
        yield { dataset: r.dataset, source: r.url, error: (e as Error).message };
      }
    }
  }

  private async download(url: string): Promise<Uint8Array> {
    let last: Error = new Error('no attempt made');
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs) });
        if (res.status >= 500) throw new Retryable(`HTTP ${res.status}`);
        if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const declared = res.headers.get('content-length');
        if (declared !== null && Number(declared) !== bytes.length) {
          throw new Retryable(`truncated download: ${bytes.length} of ${declared} bytes`);
        }
        return bytes;
      } catch (e) {
        const err = e as Error;
        const retry = err instanceof Retryable || err.name === 'TypeError' || err.name === 'TimeoutError';
        const cause = err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : '';
        // fetch reports a body cut short as "terminated": say what it means.
        const what =
          err.message === 'terminated'
            ? `truncated download: the body ended early${cause}`
            : `${err.message}${cause}`;
        last = new Error(`${url}: ${what}`);
        if (!retry) throw last;
        if (attempt < this.opts.attempts)
          await new Promise((r) => setTimeout(r, this.opts.backoffMs * 2 ** (attempt - 1)));
      }
    }
    throw new Error(`${last.message} after ${this.opts.attempts} attempts`);
  }
}

class Retryable extends Error {}
