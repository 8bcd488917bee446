/** Reference data snapshots and their rows on Kysely (SQLite and PostgreSQL). */
import type { Kysely, Transaction } from 'kysely';
import { chunks } from '../../platform/db/chunks.js';
import type { Database } from '../../platform/db/schema.js';
import type { WatchlistEntry } from '../screening/index.js';
import type { TariffRow } from '../tariff/index.js';
import type { RefdataRepository, SnapshotMeta, SnapshotStatus } from './repository.js';

type Row<T extends keyof Database> = Database[T];
type SnapshotRow = { [K in keyof Row<'refdata_snapshots'>]: Row<'refdata_snapshots'>[K] };

const toMeta = (r: SnapshotRow): SnapshotMeta => ({
  id: r.id,
  dataset: r.dataset,
  source: r.source,
  edition: r.edition,
  effectiveFrom: r.effective_from,
  asOf: r.as_of,
  sha256: r.sha256,
  rowCounts: JSON.parse(r.row_counts) as Record<string, number>,
  status: r.status as SnapshotStatus,
  error: r.error,
  ...(r.notes ? { notes: JSON.parse(r.notes) as string[] } : {}),
  createdAt: r.created_at,
});

const fromMeta = (m: SnapshotMeta): SnapshotRow => ({
  id: m.id,
  dataset: m.dataset,
  source: m.source,
  edition: m.edition,
  effective_from: m.effectiveFrom,
  as_of: m.asOf,
  sha256: m.sha256,
  row_counts: JSON.stringify(m.rowCounts),
  status: m.status,
  error: m.error,
  notes: m.notes && m.notes.length > 0 ? JSON.stringify(m.notes) : null,
  created_at: m.createdAt,
});

export class KyselyRefdata implements RefdataRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private async activate(trx: Transaction<Database>, meta: SnapshotMeta): Promise<void> {
    let q = trx
      .updateTable('refdata_snapshots')
      .set({ status: 'superseded' })
      .where('dataset', '=', meta.dataset)
      .where('status', '=', 'active');
    q = meta.edition === null ? q.where('edition', 'is', null) : q.where('edition', '=', meta.edition);
    await q.execute();
    await trx
      .insertInto('refdata_snapshots')
      .values(fromMeta({ ...meta, status: 'active' }))
      .execute();
  }

  async saveTariff(meta: SnapshotMeta, rows: readonly TariffRow[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let seq = 0;
      for (const part of chunks(rows)) {
        await trx
          .insertInto('hts_entries')
          .values(
            part.map((r) => ({
              snapshot_id: meta.id,
              seq: seq++,
              code: r.code,
              indent: r.indent,
              description: r.description,
              units: JSON.stringify(r.units),
              general: r.general,
              special: r.special,
              column2: r.column2,
              additional: r.additional,
            })),
          )
          .execute();
      }
      await this.activate(trx, meta);
    });
  }

  async saveCodeList(meta: SnapshotMeta, entries: readonly (readonly [string, string])[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(entries)) {
        await trx
          .insertInto('ref_codes')
          .values(part.map(([code, name]) => ({ snapshot_id: meta.id, code, name })))
          .execute();
      }
      await this.activate(trx, meta);
    });
  }

  async saveWatchlist(meta: SnapshotMeta, entries: readonly WatchlistEntry[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let seq = 0;
      for (const part of chunks(entries, 200)) {
        await trx
          .insertInto('watchlist_entries')
          .values(
            part.map((e) => ({ snapshot_id: meta.id, seq: seq++, entry_id: e.id, body: JSON.stringify(e) })),
          )
          .execute();
      }
      await this.activate(trx, meta);
    });
  }

  async saveDocument(meta: SnapshotMeta, body: unknown): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('refdata_documents')
        .values({ snapshot_id: meta.id, body: JSON.stringify(body) })
        .execute();
      await this.activate(trx, meta);
    });
  }

  async document(snapshotId: string): Promise<unknown> {
    const r = await this.db
      .selectFrom('refdata_documents')
      .select('body')
      .where('snapshot_id', '=', snapshotId)
      .executeTakeFirst();
    return r ? (JSON.parse(r.body) as unknown) : null;
  }

  async saveMeta(meta: SnapshotMeta): Promise<void> {
    await this.db.transaction().execute(async (trx) => this.activate(trx, meta));
  }

  async watchlistJson(snapshotId: string): Promise<{ ids: string[]; bodies: string[] }> {
    const rows = await this.db
      .selectFrom('watchlist_entries')
      .select(['entry_id', 'body'])
      .where('snapshot_id', '=', snapshotId)
      .orderBy('seq')
      .execute();
    return { ids: rows.map((r) => r.entry_id), bodies: rows.map((r) => r.body) };
  }

  async recordFailure(meta: SnapshotMeta): Promise<void> {
    await this.db
      .insertInto('refdata_snapshots')
      .values(fromMeta({ ...meta, status: 'failed' }))
      .execute();
  }

  async list(): Promise<SnapshotMeta[]> {
    const rows = await this.db
      .selectFrom('refdata_snapshots')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toMeta);
  }

  async active(): Promise<SnapshotMeta[]> {
    const rows = await this.db
      .selectFrom('refdata_snapshots')
      .selectAll()
      .where('status', '=', 'active')
      .orderBy('dataset')
      .orderBy('effective_from')
      .execute();
    return rows.map(toMeta);
  }

  async tariffRows(snapshotId: string): Promise<TariffRow[]> {
    const rows = await this.db
      .selectFrom('hts_entries')
      .selectAll()
      .where('snapshot_id', '=', snapshotId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      code: r.code,
      indent: Number(r.indent),
      description: r.description,
      units: JSON.parse(r.units) as string[],
      general: r.general,
      special: r.special,
      column2: r.column2,
      additional: r.additional,
    }));
  }

  async codeList(snapshotId: string): Promise<[string, string][]> {
    const rows = await this.db
      .selectFrom('ref_codes')
      .select(['code', 'name'])
      .where('snapshot_id', '=', snapshotId)
      .orderBy('code')
      .execute();
    return rows.map((r) => [r.code, r.name]);
  }
}
