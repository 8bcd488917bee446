import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { Problem } from '../../kernel/problem.js';
import type { Clock } from '../../kernel/ports.js';
import type { Database } from '../../platform/db/schema.js';
import type { BlobStore, StagedBlob, StoredBlob } from './repository.js';

const HEAD = 512;
const SHA = /^[0-9a-f]{64}$/;

/**
 * Content-addressed bytes in the database, so that every server of a deployment reads what any of
 * them stored (scale-out on PostgreSQL; ADR 0020). An upload is streamed into chunks of `chunkSize`
 * bytes under an upload id of its own (at most one chunk in memory), hashed and counted on the way,
 * and stops at the limit; when complete it is named by its SHA-256 in one row (`blobs`). The same
 * bytes stored twice, by one server or two at once, keep one copy: the second name is refused by
 * the primary key and its chunks are removed. An upload is named only once checked (`commit`); a
 * refused one drops its own chunks (`discard`), never a named blob (ADR 0047). Reading streams the chunks one at a time and checks
 * the size and SHA-256 at the end: a damaged blob ends the stream with an error, never passes.
 */
export class DbBlobStore implements BlobStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly chunkSize = 1 << 20,
  ) {}

  async stage(body: Readable, limit: number): Promise<StagedBlob> {
    const uploadId = randomUUID();
    const at = this.clock.now();
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let head: Buffer | null = null;
    let pending: Buffer[] = [];
    let pendingLen = 0;
    const flush = async () => {
      if (pendingLen === 0) return;
      const data = Buffer.concat(pending, pendingLen);
      pending = [];
      pendingLen = 0;
      head ??= data.subarray(0, HEAD);
      await this.db
        .insertInto('blob_chunks')
        .values({ upload_id: uploadId, seq: seq++, data, created_at: at })
        .execute();
    };
    try {
      for await (const piece of body) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : (piece as Buffer);
        size += chunk.length;
        if (size > limit)
          throw new Problem('DOCUMENT_TOO_LARGE', `the document is larger than ${limit} bytes`, 'body');
        hash.update(chunk);
        let rest = chunk;
        while (pendingLen + rest.length >= this.chunkSize) {
          const take = this.chunkSize - pendingLen;
          pending.push(rest.subarray(0, take));
          pendingLen += take;
          rest = rest.subarray(take);
          await flush();
        }
        if (rest.length > 0) {
          pending.push(rest);
          pendingLen += rest.length;
        }
      }
      await flush();
    } catch (e) {
      body.destroy();
      await this.dropUpload(uploadId);
      if (e instanceof Problem) throw e;
      throw new Problem('BODY_INVALID', `the upload ended early: ${(e as Error).message}`, 'body');
    }
    return { sha256: hash.digest('hex'), size, head: head ?? Buffer.alloc(0), upload: uploadId };
  }

  async commit(staged: StagedBlob): Promise<boolean> {
    const named = await this.db
      .insertInto('blobs')
      .values({
        sha256: staged.sha256,
        upload_id: staged.upload,
        size: staged.size,
        created_at: this.clock.now(),
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .executeTakeFirst();
    const created = Number(named.numInsertedOrUpdatedRows ?? 0) === 1;
    if (!created) await this.dropUpload(staged.upload);
    return created;
  }

  async discard(staged: StagedBlob): Promise<void> {
    // Chunks under an upload id of its own: only `commit` names them, so no blob points at them.
    await this.dropUpload(staged.upload);
  }

  async write(body: Readable, limit: number): Promise<StoredBlob> {
    const staged = await this.stage(body, limit);
    const created = await this.commit(staged);
    return { sha256: staged.sha256, size: staged.size, head: staged.head, created };
  }

  async read(sha256: string): Promise<Readable | null> {
    if (!SHA.test(sha256)) return null;
    const blob = await this.db
      .selectFrom('blobs')
      .select(['upload_id', 'size'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!blob) return null;
    const db = this.db;
    const expected = Number(blob.size);
    async function* chunks(): AsyncGenerator<Buffer> {
      const hash = createHash('sha256');
      let size = 0;
      for (let seq = 0; ; seq++) {
        const row = await db
          .selectFrom('blob_chunks')
          .select('data')
          .where('upload_id', '=', blob!.upload_id)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) break;
        const data = Buffer.from(row.data);
        hash.update(data);
        size += data.length;
        yield data;
      }
      const got = hash.digest('hex');
      if (size !== expected || got !== sha256)
        throw new Error(`blob ${sha256} is damaged: ${size} bytes hashing to ${got}, ${expected} expected`);
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(sha256: string): Promise<void> {
    if (!SHA.test(sha256)) return;
    await this.db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('blobs').where('sha256', '=', sha256).returning('upload_id').execute();
      for (const g of gone) await tx.deleteFrom('blob_chunks').where('upload_id', '=', g.upload_id).execute();
    });
  }

  /**
   * Removes the chunks of uploads never completed (their process died) that started before
   * `before` (an ISO instant: uploads still running elsewhere are younger). Returns how many.
   */
  async sweep(before: string): Promise<number> {
    const r = await this.db
      .deleteFrom('blob_chunks')
      .where('created_at', '<', before)
      .where('upload_id', 'not in', (q) => q.selectFrom('blobs').select('upload_id'))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async dropUpload(uploadId: string): Promise<void> {
    await this.db.deleteFrom('blob_chunks').where('upload_id', '=', uploadId).execute();
  }
}
