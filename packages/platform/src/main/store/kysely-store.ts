import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { Finding } from '../../kernel/finding.js';
import type { DataVersion } from '../../modules/refdata/index.js';
import type { ShipmentType } from '../../kernel/shipment.js';
import type { TariffRow } from '../../modules/tariff/index.js';
import type { ApiKeyRecord, ApiKeyRepository, Role } from '../../modules/access/index.js';
import type { RefdataRepository, SnapshotMeta, SnapshotStatus } from '../../modules/refdata/index.js';
import type {
  ScreenedParty,
  ScreeningAlert,
  ScreeningDecision,
  ScreeningRepository,
} from '../../modules/screening/index.js';
import type { WatchlistEntry } from '../../modules/screening/index.js';
import type { RegistryRepository } from '../../modules/parties/index.js';
import { KyselyRegistry } from '../../modules/parties/index.js';
import { KyselyDocuments } from '../../modules/documents/index.js';
import { KyselyDecisions, appendInTransaction } from '../../modules/risk/index.js';
import {
  KyselyBenefitLedger,
  KyselyTrustedTraders,
  appendLedger,
} from '../../modules/trusted-trader/index.js';
import type { BenefitLedgerRepository, TrustedTraderRepository } from '../../modules/trusted-trader/index.js';
import type { DecisionRepository } from '../../modules/risk/index.js';
import type { WebhookRepository } from '../../modules/notifications/index.js';
import { KyselyWebhooks } from '../../modules/notifications/index.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import type { DocumentRepository } from '../../modules/documents/index.js';
import type {
  FilingStatus,
  NewShipmentRow,
  OutboxEvent,
  OutboxRepository,
  ShipmentRepository,
  StoredShipment,
} from '../../modules/filing/index.js';
import type { Store } from './store.js';
import { migrationProvider } from '../../platform/db/migrations.js';
import type { Database } from '../../platform/db/schema.js';

/** Rows per multi-row INSERT: well under both dialects' bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

const toShipment = (r: Row<'shipments'> & { versions_json: string | null }): StoredShipment => ({
  id: r.id,
  tenant: r.tenant,
  reference: r.reference,
  type: r.type as ShipmentType,
  status: r.status as FilingStatus,
  revision: Number(r.revision),
  arrivalDate: r.arrival_date,
  shipment: JSON.parse(r.body) as unknown,
  findings: JSON.parse(r.findings) as Finding[],
  versions: JSON.parse(r.versions_json ?? '[]') as DataVersion[],
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  createdAt: r.created_at,
});

export const shipmentColumns = (s: NewShipmentRow): Row<'shipments'> => ({
  id: s.id,
  tenant: s.tenant,
  reference: s.reference,
  type: s.type,
  status: s.status,
  revision: s.revision,
  arrival_date: s.arrivalDate,
  body: s.bodyJson,
  findings: s.findingsJson,
  versions: s.versionsKey,
  idempotency_key: s.idempotencyKey,
  request_hash: s.requestHash,
  created_at: s.createdAt,
});

/**
 * The outbox event of one write: every filing it inserted, so that one transaction writes one
 * event. Consumers deduplicate by shipment id + revision.
 */
export const filedEvent = (rows: readonly NewShipmentRow[]) => ({
  topic: 'shipment.filed',
  msg_key: `${rows[0]!.id}+${rows.length - 1}`,
  payload: JSON.stringify({
    shipments: rows.map((s) => ({
      id: s.id,
      tenant: s.tenant,
      reference: s.reference,
      revision: s.revision,
      status: s.status,
      lane: s.decision?.lane ?? null,
    })),
  }),
  created_at: rows[0]!.createdAt,
});

/** The distinct version sets of a write, as rows for version_sets. */
export const versionSets = (rows: readonly NewShipmentRow[]) => {
  const sets = new Map<string, string>();
  for (const r of rows) sets.set(r.versionsKey, r.versionsJson);
  return [...sets].map(([key, json]) => ({ key, json }));
};

/** The Store on Kysely: one implementation for SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly shipments: ShipmentRepository;
  readonly outbox: OutboxRepository;
  readonly refdata: RefdataRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly screening: ScreeningRepository;
  readonly registry: RegistryRepository;
  readonly documents: DocumentRepository;
  readonly decisions: DecisionRepository;
  readonly webhooks: WebhookRepository;
  readonly trusted: TrustedTraderRepository;
  readonly ledger: BenefitLedgerRepository;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void> = async () => undefined,
    shipments?: ShipmentRepository,
    ledger?: BenefitLedgerRepository,
    /**
     * PostgreSQL: the schema the migrations' own tables live in. Named, so that another schema of
     * the same database holding Tradelane's tables is never mistaken for this one's.
     */
    private readonly schema?: string,
  ) {
    this.shipments = shipments ?? new KyselyShipments(db, dialect);
    this.outbox = new KyselyOutbox(db);
    this.refdata = new KyselyRefdata(db);
    this.apiKeys = new KyselyApiKeys(db);
    this.screening = new KyselyScreening(db);
    this.registry = new KyselyRegistry(db);
    this.documents = new KyselyDocuments(db);
    this.decisions = new KyselyDecisions(db, dialect);
    this.webhooks = new KyselyWebhooks(db);
    this.trusted = new KyselyTrustedTraders(db);
    this.ledger = ledger ?? new KyselyBenefitLedger(db);
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      migrationTableName: 'tradelane_migrations',
      migrationLockTableName: 'tradelane_migrations_lock',
      ...(this.schema ? { migrationTableSchema: this.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}

export class KyselyShipments implements ShipmentRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres' = 'postgres',
  ) {}

  async insertMany(rows: readonly NewShipmentRow[]): Promise<boolean[]> {
    if (rows.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('version_sets')
        .values(versionSets(rows))
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const inserted = new Set<string>();
      for (const part of chunks(rows)) {
        const ids = await trx
          .insertInto('shipments')
          .values(part.map(shipmentColumns))
          .onConflict((oc) =>
            oc.columns(['tenant', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing(),
          )
          .returning('id')
          .execute();
        for (const r of ids) inserted.add(r.id);
      }
      const fresh = rows.filter((s) => inserted.has(s.id));
      await insertOutbox(trx, fresh);
      await appendInTransaction(
        trx,
        this.dialect,
        fresh.flatMap((s) => (s.decision ? [s.decision] : [])),
      );
      await appendLedger(
        trx,
        fresh.flatMap((s) => (s.ledger ? [s.ledger] : [])),
      );
      return rows.map((s) => inserted.has(s.id));
    });
  }

  async get(id: string, tenant: string | null): Promise<StoredShipment | null> {
    let q = this.selectShipment().where('shipments.id', '=', id);
    if (tenant !== null) q = q.where('shipments.tenant', '=', tenant);
    const r = await q.executeTakeFirst();
    return r ? this.withDecision(toShipment(r)) : null;
  }

  /** The filing with its latest automated decision (officers' actions are links of their own). */
  private async withDecision(s: StoredShipment): Promise<StoredShipment> {
    const links = await this.db
      .selectFrom('decisions')
      .select('record')
      .where('shipment_id', '=', s.id)
      .orderBy('seq', 'desc')
      .execute();
    for (const l of links) {
      const r = JSON.parse(l.record) as DecisionRecord;
      if (!r.action) return { ...s, decision: r };
    }
    return { ...s, decision: null };
  }

  async page(afterId: string | null, limit: number): Promise<StoredShipment[]> {
    let q = this.selectShipment();
    if (afterId !== null) q = q.where('shipments.id', '>', afterId);
    const rows = await q.orderBy('shipments.id').limit(limit).execute();
    return rows.map(toShipment);
  }

  async findByIdempotencyKey(tenant: string, key: string): Promise<StoredShipment | null> {
    const r = await this.selectShipment()
      .where('shipments.tenant', '=', tenant)
      .where('shipments.idempotency_key', '=', key)
      .executeTakeFirst();
    return r ? this.withDecision(toShipment(r)) : null;
  }

  private selectShipment() {
    return this.db
      .selectFrom('shipments')
      .leftJoin('version_sets', 'version_sets.key', 'shipments.versions')
      .selectAll('shipments')
      .select('version_sets.json as versions_json');
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

async function insertOutbox(trx: Transaction<Database>, rows: readonly NewShipmentRow[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('outbox').values(filedEvent(rows)).execute();
}

class KyselyOutbox implements OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async pending(limit: number): Promise<OutboxEvent[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('published_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      key: r.msg_key,
      payload: JSON.parse(r.payload) as unknown,
      createdAt: r.created_at,
    }));
  }

  async markPublished(ids: readonly number[], at: string): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db.updateTable('outbox').set({ published_at: at }).where('id', 'in', part).execute();
    }
  }
}

class KyselyRefdata implements RefdataRepository {
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

  async watchlistEntries(snapshotId: string): Promise<WatchlistEntry[]> {
    const rows = await this.db
      .selectFrom('watchlist_entries')
      .select('body')
      .where('snapshot_id', '=', snapshotId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => JSON.parse(r.body) as WatchlistEntry);
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

class KyselyScreening implements ScreeningRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addDecision(d: ScreeningDecision): Promise<void> {
    await this.db
      .insertInto('screening_decisions')
      .values({
        id: d.id,
        tenant: d.tenant,
        party_key: d.partyKey,
        entry_id: d.entryId,
        entry_hash: d.entryHash,
        decision: d.decision,
        reason: d.reason,
        officer: d.officer,
        created_at: d.createdAt,
      })
      .execute();
  }

  async decisionsFor(tenant: string, partyKey: string): Promise<ScreeningDecision[]> {
    const rows = await this.db
      .selectFrom('screening_decisions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('party_key', '=', partyKey)
      .orderBy('created_at')
      .execute();
    return rows.map(toDecision);
  }

  async allDecisions(): Promise<ScreeningDecision[]> {
    const rows = await this.db.selectFrom('screening_decisions').selectAll().orderBy('created_at').execute();
    return rows.map(toDecision);
  }

  async upsertParties(parties: readonly ScreenedParty[]): Promise<void> {
    if (parties.length === 0) return;
    for (const part of chunks(parties, 200)) {
      await this.db
        .insertInto('screened_parties')
        .values(
          part.map((p) => ({
            tenant: p.tenant,
            party_key: p.partyKey,
            party: JSON.stringify(p.party),
            seen_in: p.seenIn,
            hits: JSON.stringify(p.hits),
            lists_key: p.listsKey,
            screened_at: p.screenedAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['tenant', 'party_key']).doUpdateSet((eb) => ({
            party: eb.ref('excluded.party'),
            seen_in: eb.ref('excluded.seen_in'),
            hits: eb.ref('excluded.hits'),
            lists_key: eb.ref('excluded.lists_key'),
            screened_at: eb.ref('excluded.screened_at'),
          })),
        )
        .execute();
    }
  }

  async parties(after: { tenant: string; partyKey: string } | null, limit: number): Promise<ScreenedParty[]> {
    let q = this.db.selectFrom('screened_parties').selectAll();
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('tenant', '>', after.tenant),
          eb.and([eb('tenant', '=', after.tenant), eb('party_key', '>', after.partyKey)]),
        ]),
      );
    }
    const rows = await q.orderBy('tenant').orderBy('party_key').limit(limit).execute();
    return rows.map(toParty);
  }

  async party(tenant: string, partyKey: string): Promise<ScreenedParty | null> {
    const r = await this.db
      .selectFrom('screened_parties')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('party_key', '=', partyKey)
      .executeTakeFirst();
    return r ? toParty(r) : null;
  }

  async addAlerts(alerts: readonly ScreeningAlert[]): Promise<void> {
    for (const part of chunks(alerts, 200)) {
      await this.db
        .insertInto('screening_alerts')
        .values(
          part.map((a) => ({
            id: a.id,
            tenant: a.tenant,
            party_key: a.partyKey,
            party: JSON.stringify(a.party),
            seen_in: a.seenIn,
            entry_id: a.entryId,
            list: a.list,
            score: a.score,
            matched_name: a.matchedName,
            lists_key: a.listsKey,
            created_at: a.createdAt,
            acknowledged_at: a.acknowledgedAt,
          })),
        )
        .execute();
    }
  }

  async alerts(tenant: string | null, opts: { open?: boolean; limit: number }): Promise<ScreeningAlert[]> {
    let q = this.db.selectFrom('screening_alerts').selectAll();
    if (tenant !== null) q = q.where('tenant', '=', tenant);
    if (opts.open) q = q.where('acknowledged_at', 'is', null);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      tenant: r.tenant,
      partyKey: r.party_key,
      party: JSON.parse(r.party) as ScreenedParty['party'],
      seenIn: r.seen_in,
      entryId: r.entry_id,
      list: r.list,
      score: Number(r.score),
      matchedName: r.matched_name,
      listsKey: r.lists_key,
      createdAt: r.created_at,
      acknowledgedAt: r.acknowledged_at,
    }));
  }

  async acknowledgeAlert(tenant: string, id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('screening_alerts')
      .set({ acknowledged_at: at })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

const toDecision = (r: Row<'screening_decisions'>): ScreeningDecision => ({
  id: r.id,
  tenant: r.tenant,
  partyKey: r.party_key,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  decision: r.decision as 'false_positive',
  reason: r.reason,
  officer: r.officer,
  createdAt: r.created_at,
});

const toParty = (r: Row<'screened_parties'>): ScreenedParty => ({
  tenant: r.tenant,
  partyKey: r.party_key,
  party: JSON.parse(r.party) as ScreenedParty['party'],
  seenIn: r.seen_in,
  hits: JSON.parse(r.hits) as ScreenedParty['hits'],
  listsKey: r.lists_key,
  screenedAt: r.screened_at,
});

class KyselyApiKeys implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rec: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: rec.id,
        tenant: rec.tenant,
        role: rec.role,
        key_hash: rec.keyHash,
        created_at: rec.createdAt,
        revoked_at: rec.revokedAt,
      })
      .execute();
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const r = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          tenant: r.tenant,
          role: r.role as Role,
          keyHash: r.key_hash,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
        }
      : null;
  }
}
