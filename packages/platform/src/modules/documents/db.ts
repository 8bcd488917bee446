import type { Kysely } from 'kysely';
import type { DocumentType } from './domain/documents.js';
import type { DocumentRecord, DocumentRepository } from './repository.js';
import type { Database } from '../../platform/db/schema.js';
import { addStageCounts, stageCountRows } from '../../platform/db/stage-counts.js';

const toRecord = (r: Database['documents']): DocumentRecord => ({
  id: r.id,
  tenant: r.tenant,
  shipmentId: r.shipment_id,
  lineIndex: r.line_index === null ? null : Number(r.line_index),
  agency: r.agency,
  docType: r.doc_type,
  mediaType: r.media_type as DocumentType,
  filename: r.filename,
  sha256: r.sha256,
  size: Number(r.size),
  createdAt: r.created_at,
});

export class KyselyDocuments implements DocumentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(d: DocumentRecord, filedAt: string | null = null): Promise<void> {
    if (filedAt === null) return this.insert(this.db, d);
    await this.db.transaction().execute(async (trx) => {
      await this.insert(trx, d);
      await addStageCounts(
        trx,
        stageCountRows([
          {
            tenant: d.tenant,
            createdAt: filedAt,
            counts: [{ stage: 'documents', key: d.agency ?? '', n: 1 }],
          },
        ]),
      );
    });
  }

  private async insert(db: Kysely<Database>, d: DocumentRecord): Promise<void> {
    await db
      .insertInto('documents')
      .values({
        id: d.id,
        tenant: d.tenant,
        shipment_id: d.shipmentId,
        line_index: d.lineIndex,
        agency: d.agency,
        doc_type: d.docType,
        media_type: d.mediaType,
        filename: d.filename,
        sha256: d.sha256,
        size: d.size,
        created_at: d.createdAt,
      })
      .execute();
  }

  async list(shipmentId: string): Promise<DocumentRecord[]> {
    const rows = await this.db
      .selectFrom('documents')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async bySha(shipmentId: string, sha256: string): Promise<DocumentRecord | null> {
    const r = await this.db
      .selectFrom('documents')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r ? toRecord(r) : null;
  }

  async shas(after: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('documents')
      .select('sha256')
      .distinct()
      .where('sha256', '>', after)
      .orderBy('sha256')
      .limit(limit)
      .execute();
    return rows.map((r) => r.sha256);
  }

  async references(sha256: string): Promise<number> {
    const r = await this.db
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
