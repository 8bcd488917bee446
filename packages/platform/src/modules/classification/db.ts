/** Officers' corrections on Kysely (SQLite and PostgreSQL): an append-only table. */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { CorrectionRecord, CorrectionRepository } from './repository.js';

export class KyselyCorrections implements CorrectionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(c: Omit<CorrectionRecord, 'seq'>): Promise<number> {
    const r = await this.db
      .insertInto('classification_corrections')
      .values({
        id: c.id,
        tenant: c.tenant,
        description: c.description,
        declared: c.declared,
        hts: c.hts,
        decision: c.decision,
        reason: c.reason,
        officer: c.officer,
        shipment_id: c.shipmentId,
        line: c.line,
        model: c.model,
        created_at: c.createdAt,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    return Number(r.seq);
  }

  async list(upTo: number | null): Promise<CorrectionRecord[]> {
    let q = this.db.selectFrom('classification_corrections').selectAll();
    if (upTo !== null) q = q.where('seq', '<=', upTo);
    const rows = await q.orderBy('seq').execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      id: r.id,
      tenant: r.tenant,
      description: r.description,
      declared: r.declared,
      hts: r.hts,
      decision: r.decision === 'confirmed' ? 'confirmed' : 'reclassified',
      reason: r.reason,
      officer: r.officer,
      shipmentId: r.shipment_id,
      line: r.line === null ? null : Number(r.line),
      model: r.model,
      createdAt: r.created_at,
    }));
  }

  async last(): Promise<number> {
    const r = await this.db
      .selectFrom('classification_corrections')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(r?.seq ?? 0);
  }
}
