import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { link, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { Problem } from '../../../kernel/problem.js';
import type { BlobStore, StagedBlob, StoredBlob } from '../repository.js';

const HEAD = 512;
/** A blob's name: its SHA-256 in lower-case hex. */
const SHA = /^[0-9a-f]{64}$/;
const UPLOAD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files on disk under `dir/ab/cd/<sha256>`; an upload is staged as `dir/tmp/<uuid>` and named by a
 * hard link when committed. A named file is never removed by an upload (ADR 0047).
 */
export class FsBlobStore implements BlobStore {
  /** Directories known to exist (no mkdir per upload). */
  private readonly made = new Set<string>();

  constructor(private readonly dir: string) {}

  private async ensureDir(path: string): Promise<void> {
    if (this.made.has(path)) return;
    await mkdir(path, { recursive: true });
    this.made.add(path);
  }

  private pathOf(sha: string): string {
    return join(this.dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async stage(body: Readable, limit: number): Promise<StagedBlob> {
    await this.ensureDir(join(this.dir, 'tmp'));
    const upload = randomUUID();
    const tmp = join(this.dir, 'tmp', upload);
    const hash = createHash('sha256');
    let size = 0;
    const head: Buffer[] = [];
    let headLen = 0;
    const meter = new Transform({
      highWaterMark: 1 << 20,
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > limit) {
          cb(new Problem('DOCUMENT_TOO_LARGE', `the document is larger than ${limit} bytes`, 'body'));
          return;
        }
        if (headLen < HEAD) {
          head.push(chunk.subarray(0, HEAD - headLen));
          headLen += Math.min(chunk.length, HEAD - headLen);
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmp, { flags: 'wx', highWaterMark: 1 << 20 }));
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof Problem) throw e;
      throw new Problem('BODY_INVALID', `the upload ended early: ${(e as Error).message}`, 'body');
    }
    return { sha256: hash.digest('hex'), size, head: Buffer.concat(head), upload };
  }

  async commit(staged: StagedBlob): Promise<boolean> {
    const tmp = this.staging(staged);
    const { sha256 } = staged;
    const final = this.pathOf(sha256);
    // A hard link names the file atomically and refuses an existing name: of two uploads of the
    // same new bytes at once, one creates the blob and the other learns it exists.
    let created = !existsSync(final);
    if (created) {
      await this.ensureDir(join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4)));
      created = await link(tmp, final).then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST') return false;
          throw e;
        },
      );
    }
    await rm(tmp, { force: true });
    return created;
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(this.staging(staged), { force: true });
  }

  async write(body: Readable, limit: number): Promise<StoredBlob> {
    const staged = await this.stage(body, limit);
    const created = await this.commit(staged);
    return { sha256: staged.sha256, size: staged.size, head: staged.head, created };
  }

  private staging(staged: StagedBlob): string {
    if (!UPLOAD.test(staged.upload) || !SHA.test(staged.sha256))
      throw new Error(`not an upload staged here: ${staged.upload}`);
    return join(this.dir, 'tmp', staged.upload);
  }

  async read(sha256: string): Promise<Readable | null> {
    if (!SHA.test(sha256)) return null;
    const p = this.pathOf(sha256);
    return existsSync(p) ? createReadStream(p) : null;
  }

  async remove(sha256: string): Promise<void> {
    if (SHA.test(sha256)) await rm(this.pathOf(sha256), { force: true });
  }
}
