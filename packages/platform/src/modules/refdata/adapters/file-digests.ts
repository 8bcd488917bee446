import type { BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import type { ArtefactCache, Clock } from '../../../kernel/ports.js';

const KIND = 'refdata-digests';
const DIGEST = /^[0-9a-f]{64}$/;
/**
 * A file changed less than this long before it was read is not remembered: on a file system whose
 * times are coarse, it could change again within the same tick and keep the same times.
 */
const SETTLE_NS = 2_000_000_000n;

/**
 * The digests of a directory's data sets, remembered between starts by what `stat` says of their
 * files: device, inode, size, and modification and change times to the nanosecond. A server that
 * imports a directory at every start (TRADELANE_REFDATA_DIR) then reads only the files that
 * changed to learn which did. Any write to a file moves its change time, which no tool sets back
 * (unlike the modification time), so a file rewritten with the same size and times is still read.
 * Kept in the artefact cache, one entry per directory; `save` writes it when it has changed.
 */
export class FileDigests {
  private readonly known: Map<string, string>;
  private changed = false;

  constructor(
    private readonly cache: ArtefactCache,
    private readonly dir: string,
    /** The wall clock file times are compared with. */
    private readonly clock: Clock,
  ) {
    this.known = new Map(cache.get(KIND, resolve(dir), isDigestList) ?? []);
  }

  /** The remembered digest of files in this state, if any. */
  get(files: readonly { path: string; stat: BigIntStats }[]): string | undefined {
    return this.known.get(keyOf(files));
  }

  /** Remembers the digest of files in this state, unless one of them changed a moment ago. */
  set(files: readonly { path: string; stat: BigIntStats }[], digest: string): void {
    const settled = BigInt(Date.parse(this.clock.now())) * 1_000_000n - SETTLE_NS;
    if (files.some((f) => f.stat.ctimeNs > settled || f.stat.mtimeNs > settled)) return;
    const key = keyOf(files);
    if (this.known.get(key) === digest) return;
    this.known.set(key, digest);
    this.changed = true;
  }

  /** Writes what was learnt (the files of this directory only: entries no scan met are dropped). */
  save(met: ReadonlySet<string> | null = null): void {
    if (met) {
      for (const k of [...this.known.keys()])
        if (!met.has(k)) {
          this.known.delete(k);
          this.changed = true;
        }
    }
    if (this.changed) this.cache.put(KIND, resolve(this.dir), [...this.known]);
    this.changed = false;
  }
}

/** What identifies the state of a data set's files. */
export function keyOf(files: readonly { path: string; stat: BigIntStats }[]): string {
  return JSON.stringify(
    files.map(({ path, stat: s }) => [
      resolve(path),
      String(s.dev),
      String(s.ino),
      String(s.size),
      String(s.mtimeNs),
      String(s.ctimeNs),
    ]),
  );
}

function isDigestList(v: unknown): v is [string, string][] {
  return (
    Array.isArray(v) &&
    v.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 2 &&
        typeof e[0] === 'string' &&
        typeof e[1] === 'string' &&
        DIGEST.test(e[1]),
    )
  );
}
