import type { BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import type { ArtefactCache, Clock } from '../../../kernel/ports.js';

const KIND = 'refdata-digests';
const DIGEST = /^[0-9a-f]{64}$/;
/**
 * A remembered digest is trusted for a day, then the files are read and hashed again: on file
 * systems whose change times are not what they should be (some network and FUSE mounts, a clock
 * set back), a change that left the files' state as it was is still found within a day.
 */
const MAX_AGE_MS = 86_400_000;
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
 * A digest is trusted for a day at most (MAX_AGE_MS). Kept in the artefact cache, one entry per
 * directory; `save` writes it when it has changed.
 */
export class FileDigests {
  /** By the files' state: the digest, and when it was learnt (ms). */
  private readonly known: Map<string, readonly [digest: string, at: number]>;
  private changed = false;

  constructor(
    private readonly cache: ArtefactCache,
    private readonly dir: string,
    /** The wall clock file times are compared with. */
    private readonly clock: Clock,
  ) {
    this.known = new Map(
      (cache.get(KIND, resolve(dir), isDigestList) ?? []).map(([key, digest, at]) => [key, [digest, at]]),
    );
  }

  /** The remembered digest of files in this state, if any, learnt within the last day. */
  get(files: readonly { path: string; stat: BigIntStats }[]): string | undefined {
    const kept = this.known.get(keyOf(files));
    const now = Date.parse(this.clock.now());
    return kept && now - kept[1] < MAX_AGE_MS && kept[1] <= now ? kept[0] : undefined;
  }

  /** Remembers the digest of files in this state, unless one of them changed a moment ago. */
  set(files: readonly { path: string; stat: BigIntStats }[], digest: string): void {
    const now = Date.parse(this.clock.now());
    const settled = BigInt(now) * 1_000_000n - SETTLE_NS;
    if (files.some((f) => f.stat.ctimeNs > settled || f.stat.mtimeNs > settled)) return;
    this.known.set(keyOf(files), [digest, now]);
    this.changed = true;
  }

  /** Forgets the digest of files in this state (it proved wrong: they are read next time). */
  forget(files: readonly { path: string; stat: BigIntStats }[]): void {
    if (this.known.delete(keyOf(files))) this.changed = true;
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
    if (this.changed)
      this.cache.put(
        KIND,
        resolve(this.dir),
        [...this.known].map(([key, [digest, at]]) => [key, digest, at]),
      );
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

function isDigestList(v: unknown): v is [string, string, number][] {
  return (
    Array.isArray(v) &&
    v.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 3 &&
        typeof e[0] === 'string' &&
        typeof e[1] === 'string' &&
        DIGEST.test(e[1]) &&
        Number.isFinite(e[2]),
    )
  );
}
