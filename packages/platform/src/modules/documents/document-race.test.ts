/**
 * An accepted document stays readable whatever another upload of the same bytes does at the same
 * time (ADR 0047), on every blob store and database. Two uploads of the same bytes, one refused
 * (a type or a checksum mismatch) and one accepted, run at once, each through a service of its own
 * (two requests, or two servers) over the same real blob store and database. Their steps are held
 * back with promises the other upload's steps resolve, no sleeps, so that they run in the order
 * given:
 *
 * - "between": the refused upload drops its bytes after the accepted one has named the same bytes
 *   and before the accepted one's record is added, the order that lost documents before ADR 0047
 *   (the refused upload then found no record pointing at the blob and removed it);
 * - "after": the refused upload drops its bytes once the accepted one's record is added.
 *
 * The steps each upload took are logged and checked, so that the test fails, rather than passing
 * without racing anything, if the service stops taking the steps it holds back.
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

/** A promise and what resolves it. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

/** What a wrapper does around a call of the real store: waits before it, is told after it. */
interface Hooks {
  before?: () => Promise<unknown>;
  after?: () => void;
}

async function around<T>(hooks: Hooks | undefined, call: () => Promise<T>): Promise<T> {
  await hooks?.before?.();
  const result = await call();
  hooks?.after?.();
  return result;
}

/** The real blob store; `stage`, `commit` and `discard` go through the hooks given. */
function heldBlobs(real: BlobStore, hooks: { stage?: Hooks; commit?: Hooks; discard?: Hooks }): BlobStore {
  return {
    stage: (body, limit) => around(hooks.stage, () => real.stage(body, limit)),
    commit: (staged) => around(hooks.commit, () => real.commit(staged)),
    discard: (staged) => around(hooks.discard, () => real.discard(staged)),
    write: (body, limit) => real.write(body, limit),
    read: (h) => real.read(h),
    remove: (h) => real.remove(h),
    sweep: (before) => real.sweep?.(before) ?? Promise.resolve(0),
  };
}

/** The real repository; `add` goes through the hooks given. */
function heldDocuments(real: DocumentRepository, add: Hooks): DocumentRepository {
  return {
    add: (d, filedAt) => around(add, () => real.add(d, filedAt)),
    list: (id) => real.list(id),
    bySha: (id, h) => real.bySha(id, h),
    shas: (after, limit) => real.shas(after, limit),
    references: (h) => real.references(h),
  };
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

/** When the refused upload drops its bytes, relative to the accepted upload's steps. */
const ORDERS = {
  between: [
    'acme staged',
    'bravo staged',
    'bravo committed',
    'acme discarded',
    'acme refused',
    'bravo recorded',
  ],
  after: [
    'acme staged',
    'bravo staged',
    'bravo committed',
    'bravo recorded',
    'acme discarded',
    'acme refused',
  ],
} as const;

for (const [name, open, blobsOn] of cases) {
  describe(`documents: a refused upload racing an accepted one (${name})`, () => {
    for (const refusal of ['DOCUMENT_TYPE_MISMATCH', 'DOCUMENT_CHECKSUM_MISMATCH'] as const)
      for (const order of ['between', 'after'] as const)
        it(`keeps the accepted document intact when the other, refused with ${refusal}, drops its bytes ${
          order === 'between'
            ? "between the accepted one's commit and its record"
            : "after the accepted one's record"
        }`, async () => {
          const store = await open();
          try {
            const { blobs, staged } = blobsOn(store);
            const a = shipmentRow({ tenant: 'acme' });
            const b = shipmentRow({ tenant: 'bravo' });
            await store.shipments.insertMany([a, b].map(rowOf));
            const bytes = Buffer.concat([
              Buffer.from(`%PDF-1.4 race ${refusal} ${order}\n`),
              Buffer.alloc(2500, 7),
            ]);

            const steps: string[] = [];
            const step = (s: string) => () => void steps.push(s);
            const acmeStaged = gate();
            // Opened by bravo's commit, or by bravo reaching its record without one (so that a
            // service that stopped committing fails the steps below instead of waiting forever).
            const bravoNamed = gate();
            const bravoRecorded = gate();
            // Opened when bravo's upload ends, however it ends: acme waits for nothing after that.
            const bravoEnded = gate();
            let refused: Promise<unknown> = Promise.resolve();
            const serviceOf = (blobStore: BlobStore, documents: DocumentRepository) =>
              new DocumentService(
                { documents, shipments: store.shipments, trusted: store.trusted },
                blobStore,
                systemClock,
                ulidIds,
                1 << 20,
              );

            // acme's upload is refused: it stages its bytes, then drops them only once bravo has
            // named the same bytes ("between") or added its record ("after").
            const acme = serviceOf(
              heldBlobs(blobs, {
                stage: { after: () => (step('acme staged')(), acmeStaged.open()) },
                discard: {
                  before: () =>
                    Promise.race([
                      order === 'between' ? bravoNamed.opened : bravoRecorded.opened,
                      bravoEnded.opened,
                    ]),
                  after: step('acme discarded'),
                },
              }),
              store.documents,
            );
            // bravo's upload of the same bytes is accepted: it starts once acme has staged, and
            // ("between") adds its record only once acme's upload has ended.
            const bravo = serviceOf(
              heldBlobs(blobs, {
                stage: { after: step('bravo staged') },
                commit: { after: () => (step('bravo committed')(), bravoNamed.open()) },
              }),
              heldDocuments(store.documents, {
                before: async () => {
                  bravoNamed.open();
                  if (order === 'between') await refused;
                },
                after: () => (step('bravo recorded')(), bravoRecorded.open()),
              }),
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

            refused = acme
              .upload(
                refusal === 'DOCUMENT_TYPE_MISMATCH'
                  ? { ...input('acme', a.id), mediaType: 'image/png', filename: 'a.png' }
                  : { ...input('acme', a.id), sha256: 'f'.repeat(64) },
                Readable.from([bytes]),
              )
              .then(
                () => assert.fail('the upload should be refused'),
                (e: unknown) => (step('acme refused')(), e),
              );
            await Promise.race([acmeStaged.opened, refused]);
            const upload = bravo.upload(input('bravo', b.id), Readable.from([bytes]));
            upload.then(bravoEnded.open, bravoEnded.open);
            const [doc, err] = await Promise.all([upload, refused]);
            assert.ok(err instanceof Problem && err.code === refusal, String(err));
            assert.deepEqual(steps, ORDERS[order], 'the two uploads ran in the order the test forces');

            // bravo's document downloads, byte for byte, and nothing of acme's upload is left.
            assert.equal(doc.sha256, sha(bytes));
            const { body } = await bravo.open(b.id, doc.sha256, 'bravo');
            const got = await buffer(body);
            assert.equal(got.length, bytes.length);
            assert.ok(got.equals(bytes), "bravo's accepted document downloads intact");
            assert.equal(await staged(), 0, 'nothing of the refused upload is left');
          } finally {
            await store.close();
          }
        });
  });
}
