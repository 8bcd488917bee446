/**
 * Derived artefacts on disk (ADR 0017): one file per (kind, key), written to a temporary name and
 * renamed (readers see the old file or the new one, never half of one). A file holds a line of
 * magic, a JSON header — the kind, the caller's key, the code that wrote it, the runtime, the
 * payload's length and SHA-256 — and the payload, `v8.serialize` of plain data. A file is used
 * only when every header field matches this process and the payload's digest is right; anything
 * else is a miss with a warning (the caller rebuilds and overwrites it). `v8.deserialize` rebuilds
 * data only (objects, arrays, typed arrays, maps, sets): a hostile file cannot run code, and the
 * caller checks the shape of what it gets.
 */
import { createHash, hash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { silentLogger, type ArtefactCache, type Logger } from '../../kernel/ports.js';
import { PACKAGE_ROOT } from '../system/package-root.js';

const MAGIC = Buffer.from('tradelane-artefact\n');
/** Bumped when the file layout changes. */
export const CACHE_FORMAT = 1;
/** Bytes read for a header (`has`): the magic and a line of JSON, far less than this. */
const HEAD_BYTES = 8192;
/** Files kept per kind (the newest): a server keeps two models; older ones are removed. */
const KEEP_PER_KIND = 4;

interface Header {
  readonly format: number;
  readonly kind: string;
  readonly key: string;
  readonly code: string;
  readonly runtime: string;
  readonly length: number;
  readonly sha256: string;
}

const sha256 = (b: string | Uint8Array) => hash('sha256', b, 'hex');

let codeDigest: string | null = null;

/**
 * A digest of the running build: every compiled `.js` file of the platform (tests aside), by path
 * and content. Any change of code — a fix in a tokenizer, a new feature — is another key, so a
 * cache never hands one build's artefact to another. Computed once per thread (a few ms). The
 * bundles (`*.bundle.js`, ADR 0036) are left out: they are made from these files, and a thread
 * that runs a bundle must find the same key as one that runs the modules.
 */
export function codeVersion(): string {
  if (codeDigest) return codeDigest;
  const root = join(PACKAGE_ROOT, 'dist');
  const h = createHash('sha256');
  let files = 0;
  const walk = (dir: string) => {
    const entries: Dirent[] = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js') && !e.name.endsWith('.test.js') && !e.name.endsWith('.bundle.js')) {
        h.update(relative(root, p)).update('\0').update(readFileSync(p)).update('\0');
        files++;
      }
    }
  };
  walk(root);
  // A digest of nothing would be every build's key.
  if (files === 0) throw new Error(`no compiled code under ${root}: npm run build`);
  codeDigest = h.digest('hex');
  return codeDigest;
}

/**
 * Where the cache lives: `TRADELANE_CACHE_DIR` when set (`off`: no cache); otherwise `cache/`
 * beside an SQLite database file, or the user's cache directory (`$XDG_CACHE_HOME/tradelane`,
 * `~/.cache/tradelane`) for PostgreSQL and in-memory databases. Null: no cache.
 */
export function cacheDirFor(setting: string | undefined, databaseUrl: string): string | null {
  if (setting === 'off') return null;
  if (setting) return resolve(setting);
  const m = /^sqlite:(?:\/\/)?(.+)$/.exec(databaseUrl);
  if (m && m[1] !== ':memory:') return join(dirname(resolve(m[1]!)), 'cache');
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tradelane');
}

export class FileArtefactCache implements ArtefactCache {
  constructor(
    readonly dir: string,
    private readonly log: Logger = silentLogger,
    private readonly code: string = codeVersion(),
    private readonly runtime: string = `node ${process.version} v8 ${process.versions.v8}`,
  ) {}

  /** The file of an artefact: its kind and a digest of its key and of the code. */
  fileOf(kind: string, key: string): string {
    if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(kind)) throw new Error(`artefact kind "${kind}": a-z, 0-9 and -`);
    return join(this.dir, `${kind}-${sha256(`${key}\n${this.code}`).slice(0, 32)}.bin`);
  }

  get<T>(kind: string, key: string, valid: (value: unknown) => value is T): T | null {
    const file = this.fileOf(kind, key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log.warn({ file, err: (e as Error).message }, `artefact cache: cannot read ${kind}; rebuilding`);
      return null;
    }
    try {
      const value = this.decode(bytes, kind, key);
      if (!valid(value)) throw new Error('the stored value is not of the expected shape');
      return value;
    } catch (e) {
      this.log.warn(
        { file, reason: (e as Error).message },
        `artefact cache: ignoring ${kind} (${(e as Error).message}); rebuilding`,
      );
      return null;
    }
  }

  /**
   * Whether `get` would find the artefact: the file is there, its header is this build's and this
   * runtime's for these inputs, and it is as long as the header says. The payload's digest is not
   * checked (that needs the whole file): a damaged payload is still found by `get`.
   */
  has(kind: string, key: string): boolean {
    let fd: number;
    try {
      fd = openSync(this.fileOf(kind, key), 'r');
    } catch {
      return false;
    }
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      const got = readSync(fd, head, 0, HEAD_BYTES, 0);
      const { eol, header } = this.headerOf(head.subarray(0, got), kind, key);
      return typeof header.length === 'number' && fstatSync(fd).size === eol + 1 + header.length;
    } catch {
      return false;
    } finally {
      closeSync(fd);
    }
  }

  put(kind: string, key: string, value: unknown): void {
    const file = this.fileOf(kind, key);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      const payload = serialize(value);
      const header: Header = {
        format: CACHE_FORMAT,
        kind,
        key,
        code: this.code,
        runtime: this.runtime,
        length: payload.length,
        sha256: sha256(payload),
      };
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, Buffer.concat([MAGIC, Buffer.from(`${JSON.stringify(header)}\n`), payload]));
      renameSync(tmp, file);
      this.prune(kind, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      // A cache that cannot be written costs time, not answers.
      this.log.warn({ file, err: (e as Error).message }, `artefact cache: cannot write ${kind}`);
    }
  }

  /** The header at the start of a file's bytes, checked against this process and these inputs. */
  private headerOf(bytes: Buffer, kind: string, key: string): { eol: number; header: Partial<Header> } {
    if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
      throw new Error('not a cache file');
    const eol = bytes.indexOf(0x0a, MAGIC.length);
    if (eol < 0) throw new Error('no header');
    const h = JSON.parse(bytes.subarray(MAGIC.length, eol).toString('utf8')) as Partial<Header>;
    if (h.format !== CACHE_FORMAT) throw new Error(`format ${String(h.format)}, not ${CACHE_FORMAT}`);
    if (h.kind !== kind || h.key !== key) throw new Error('written for other inputs');
    if (h.code !== this.code) throw new Error('written by another build');
    if (h.runtime !== this.runtime) throw new Error(`written by another runtime (${String(h.runtime)})`);
    return { eol, header: h };
  }

  private decode(bytes: Buffer, kind: string, key: string): unknown {
    const { eol, header: h } = this.headerOf(bytes, kind, key);
    const payload = bytes.subarray(eol + 1);
    if (payload.length !== h.length) throw new Error(`truncated (${payload.length} of ${h.length} bytes)`);
    if (sha256(payload) !== h.sha256) throw new Error('damaged (checksum mismatch)');
    return deserialize(payload);
  }

  /** Keeps the newest files of a kind (and the one just written). */
  private prune(kind: string, keep: string): void {
    const files = readdirSync(this.dir)
      .filter((n) => n.startsWith(`${kind}-`) && n.endsWith('.bin'))
      .map((n) => join(this.dir, n))
      .filter((p) => p !== keep)
      .map((p) => ({ p, t: statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.t - a.t);
    for (const { p } of files.slice(KEEP_PER_KIND - 1)) rmSync(p, { force: true });
  }
}

/** The cache a process uses with these settings (none when `off`). */
export function openArtefactCache(
  setting: string | undefined,
  databaseUrl: string,
  log: Logger = silentLogger,
  code: string = codeVersion(),
): ArtefactCache | null {
  const dir = cacheDirFor(setting, databaseUrl);
  return dir ? new FileArtefactCache(dir, log, code) : null;
}
