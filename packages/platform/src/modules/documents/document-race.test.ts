/**
 * An accepted document stays readable whatever another upload of the same bytes does at the same
 * time (ADR 0047), on every blob store and database. The two uploads are driven through the
 * service in the order that lost documents before: the refused upload has received its bytes when
 * the accepted one receives the same, and ends (cleaning up after itself) just before the accepted
 * one's record is added. The repository is the real one; `ordered` only holds its calls back.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { Problem } from '../../kernel/problem.js';
import type { KyselyStore } from '../../main/store/kysely-store.js';
import { systemClock, ulidIds } from '../../platform/system/system.js';
import { rowOf, shipmentRow } from '../../testing/store-rows.js';
import { testStores } from '../../testing/stores.js';
import { tempDir } from '../../testing/support.js';
import { FsBlobStore } from './adapters/fs-blobs.js';
import { DbBlobStore } from './db-blobs.js';
import { DocumentService, type UploadInput } from './document-service.js';
import type { BlobStore, DocumentRepository } from './repository.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The real repository, its calls held back: `references` (where a refused upload cleaned up)
 * says it was reached and waits until `add` is called; `add` waits until the refused upload has
 * ended, then adds.
 */
function ordered(real: DocumentRepository, refusedEnded: () => Promise<unknown>) {
  let reached!: () => void;
  let proceed!: () => void;
  const atCleanup = new Promise<void>((r) => (reached = r));
  const mayClean = new Promise<void>((r) => (proceed = r));
  const documents: DocumentRepository = {
    add: async (d, filedAt) => {
      proceed();
      await refusedEnded();
      return real.add(d, filedAt);
    },
    list: (id) => real.list(id),
    bySha: (id, h) => real.bySha(id, h),
    shas: (after, limit) => real.shas(after, limit),
    references: async (h) => {
      reached();
      await mayClean;
      return real.references(h);
    },
  };
  return { documents, atCleanup };
}

/** A blob store on the store given, and how many staged uploads it still holds. */
type Blobs = (store: KyselyStore) => { blobs: BlobStore; staged(): Promise<number> };
const cases: [string, () => Promise<KyselyStore>, Blobs][] = [];
for (const [db, open] of testStores()) {
  if (db === 'SQLite')
    cases.push([
      `files, ${db}`,
      open,
      () => {
        const dir = tempDir('tl-race');
        return { blobs: new FsBlobStore(dir), staged: async () => readdirSync(join(dir, 'tmp')).length };
      },
    ]);
  cases.push([
    `database, ${db}`,
    open,
    (store) => ({
      blobs: new DbBlobStore(store.db, systemClock, 1000),
      staged: async () =>
        (
          await store.db
            .selectFrom('blob_chunks')
            .select('upload_id')
            .distinct()
            .where('upload_id', 'not in', (q) => q.selectFrom('blobs').select('upload_id'))
            .execute()
        ).length,
    }),
  ]);
}

for (const [name, open, blobsOn] of cases) {
  describe(`documents: a refused upload racing an accepted one (${name})`, () => {
    for (const refusal of ['DOCUMENT_TYPE_MISMATCH', 'DOCUMENT_CHECKSUM_MISMATCH'] as const)
      it(`keeps the accepted document readable when the other is refused with ${refusal}`, async () => {
        const store = await open();
        try {
          const { blobs, staged } = blobsOn(store);
          const a = shipmentRow({ tenant: 'acme' });
          const b = shipmentRow({ tenant: 'bravo' });
          await store.shipments.insertMany([a, b].map(rowOf));
          const bytes = Buffer.concat([Buffer.from(`%PDF-1.4 race ${refusal}\n`), Buffer.alloc(2500, 7)]);

          let refused: Promise<unknown> = Promise.resolve();
          const { documents, atCleanup } = ordered(store.documents, () => refused);
          const service = new DocumentService(
            { documents, shipments: store.shipments, trusted: store.trusted },
            blobs,
            systemClock,
            ulidIds,
            1 << 20,
          );
          const input = (tenant: string, shipmentId: string): UploadInput => ({
            tenant,
            shipmentId,
            lineIndex: null,
            agency: null,
            docType: 'invoice',
            mediaType: 'application/pdf',
            filename: 'invoice.pdf',
          });

          // acme's upload is refused; it has received the bytes and reaches its cleanup (or ends).
          refused = service
            .upload(
              refusal === 'DOCUMENT_TYPE_MISMATCH'
                ? { ...input('acme', a.id), mediaType: 'image/png', filename: 'a.png' }
                : { ...input('acme', a.id), sha256: 'f'.repeat(64) },
              Readable.from([bytes]),
            )
            .then(
              () => assert.fail('the upload should be refused'),
              (e: unknown) => e,
            );
          await Promise.race([atCleanup, refused]);
          // bravo's upload of the same bytes is accepted; acme's ends before bravo's record is added.
          const accepted = await service.upload(input('bravo', b.id), Readable.from([bytes]));
          const err = await refused;
          assert.ok(err instanceof Problem && err.code === refusal, String(err));

          assert.equal(accepted.sha256, sha(bytes));
          const { body } = await service.open(b.id, accepted.sha256, 'bravo');
          assert.deepEqual(await buffer(body), bytes, "bravo's accepted document is readable");
          assert.equal(await staged(), 0, 'nothing of the refused upload is left');
        } finally {
          await store.close();
        }
      });
  });
}
