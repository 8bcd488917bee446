/**
 * The blob stores behind paperless documents: files on disk (embedded) and the database (SQLite
 * here, PostgreSQL in a scale-out deployment), held to one contract.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Problem } from '../../kernel/problem.js';
import { DbBlobStore, FsBlobStore, type BlobStore } from '../../modules/documents/index.js';
import { systemClock } from '../../platform/system/system.js';
import { tempDir } from '../../testing/support.js';
import { testStores } from '../../testing/stores.js';
import type { KyselyStore } from './kysely-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A body arriving in the pieces given (the way a socket hands them over). */
const body = (pieces: readonly Buffer[]) => Readable.from(pieces, { objectMode: false });
const bytes = (n: number, seed = 1) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255));
const readAll = async (s: BlobStore, h: string) => {
  const r = await s.read(h);
  assert.ok(r, `blob ${h} readable`);
  return buffer(r);
};

function contract(
  name: string,
  open: () => Promise<{ blobs: BlobStore; store?: KyselyStore; close(): Promise<void> }>,
) {
  describe(`blob store: ${name}`, () => {
    let t: Awaited<ReturnType<typeof open>>;
    const chunkRows = async () =>
      t.store
        ? Number(
            (
              await t.store.db
                .selectFrom('blob_chunks')
                .select((e) => e.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          )
        : null;
    after(async () => t?.close());

    it('stores bytes once per content, reads them back identical, and stops at the limit leaving nothing', async () => {
      t = await open();
      const data = bytes(3500);
      const a = await t.blobs.write(
        body([data.subarray(0, 10), data.subarray(10, 2999), data.subarray(2999)]),
        10_000,
      );
      assert.deepEqual([a.sha256, a.size, a.created], [sha(data), 3500, true]);
      assert.deepEqual(Buffer.from(a.head), data.subarray(0, 512));
      assert.deepEqual(await readAll(t.blobs, a.sha256), data);
      const rows = await chunkRows();
      const again = await t.blobs.write(body([data]), 10_000);
      assert.deepEqual([again.sha256, again.created], [a.sha256, false], 'same bytes, same blob');
      assert.equal(await chunkRows(), rows, 'the second copy is not kept');
      await assert.rejects(
        t.blobs.write(body([bytes(6000, 2), bytes(6000, 3)]), 10_000),
        (e: unknown) => e instanceof Problem && e.code === 'DOCUMENT_TOO_LARGE',
      );
      assert.equal(await chunkRows(), rows, 'nothing of the refused upload is left');
      assert.equal(await t.blobs.read('../../etc/passwd'), null);
      assert.equal(await t.blobs.read('0'.repeat(64)), null);
      // Two uploads of the same new bytes at once (two servers): one blob, one copy.
      const twin = bytes(2500, 9);
      const [x, y] = await Promise.all([
        t.blobs.write(body([twin]), 10_000),
        t.blobs.write(body([twin]), 10_000),
      ]);
      assert.equal([x, y].filter((b) => b.created).length, 1);
      assert.deepEqual(await readAll(t.blobs, x.sha256), twin);
      await t.blobs.remove(x.sha256);
      assert.equal(await t.blobs.read(x.sha256), null);
      assert.equal(await chunkRows(), rows, 'removed with its chunks');
      // An empty document is still a blob.
      const empty = await t.blobs.write(body([]), 10_000);
      assert.deepEqual(await readAll(t.blobs, empty.sha256), Buffer.alloc(0));
    });

    it('reads back any bytes cut in any pieces (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 0, maxLength: 5000 }),
          fc.array(fc.nat(5000), { maxLength: 6 }),
          async (arr, cuts) => {
            const data = Buffer.from(arr);
            const at = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((p, q) => p - q);
            const pieces = [0, ...at].map((from, i) => data.subarray(from, [...at, data.length][i]));
            const b = await t.blobs.write(body(pieces), 10_000);
            assert.equal(b.sha256, sha(data));
            assert.equal(b.size, data.length);
            assert.deepEqual(await readAll(t.blobs, b.sha256), data);
          },
        ),
        { numRuns: 40 },
      );
    });

    if (name !== 'files')
      it('refuses to pass damaged bytes, and sweeps what an upload that died left', async () => {
        const data = bytes(2500, 5);
        const b = await t.blobs.write(body([data]), 10_000);
        await t
          .store!.db.updateTable('blob_chunks')
          .set({ data: Buffer.alloc(1000, 0) })
          .where('seq', '=', 1)
          .where('upload_id', '=', (q) =>
            q.selectFrom('blobs').select('upload_id').where('sha256', '=', b.sha256),
          )
          .execute();
        await assert.rejects(readAll(t.blobs, b.sha256), /damaged/);
        // Chunks of an upload never named (its process was killed), from two hours ago.
        await t
          .store!.db.insertInto('blob_chunks')
          .values({
            upload_id: 'dead-upload',
            seq: 0,
            data: Buffer.alloc(10),
            created_at: '2000-01-01T00:00:00.000Z',
          })
          .execute();
        const before = await chunkRows();
        assert.equal(await t.blobs.sweep!(systemClock.now()), 1);
        assert.equal(await chunkRows(), before! - 1);
      });
  });
}

contract('files', async () => ({
  blobs: new FsBlobStore(tempDir('tl-blobs')),
  close: async () => undefined,
}));
for (const [name, open] of testStores())
  contract(name, async () => {
    const store = await open();
    return { blobs: new DbBlobStore(store.db, systemClock, 1000), store, close: () => store.close() };
  });
