/** Filings and the outbox on Kysely (SQLite and PostgreSQL). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Finding } from '../../kernel/finding.js';
import type { ShipmentType } from '../../kernel/shipment.js';
import { chunks } from '../../platform/db/chunks.js';
import { addStageCounts, stageCountRows } from '../../platform/db/stage-counts.js';
import type { Database } from '../../platform/db/schema.js';
import type { DataVersion } from '../reference/index.js';
import { appendInTransaction, type DecisionRecord } from '../risk/index.js';
import { appendLedger } from '../trusted-trader/index.js';
import type {
  FilingStatus,
  NewShipmentRow,
  OutboxEvent,
  OutboxRepository,
  ShipmentListQuery,
  ShipmentRepository,
  ShipmentSummary,
  StoredShipment,
} from './repository.js';

type Row<T extends keyof Database> = Database[T];

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
  lane: s.decision?.lane ?? null,
  port: s.port,
});

const summaryColumns = [
  'id',
  'tenant',
  'reference',
  'type',
  'status',
  'lane',
  'port',
  'arrival_date',
  'created_at',
] as const;

const toSummary = (r: Pick<Row<'shipments'>, (typeof summaryColumns)[number]>): ShipmentSummary => ({
  id: r.id,
  tenant: r.tenant,
  reference: r.reference,
  type: r.type,
  status: r.status as FilingStatus,
  lane: r.lane,
  port: r.port,
  arrivalDate: r.arrival_date,
  createdAt: r.created_at,
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

/**
 * What a write adds to the counters of filings per UTC day, lane and port (filing_counts, ADR
 * 0024): one row per distinct (day, lane, port) of the filings it inserted; absent is ''.
 */
export const countRows = (rows: readonly NewShipmentRow[]) => {
  const n = new Map<string, { day: string; lane: string; port: string; n: number }>();
  for (const s of rows) {
    const row = { day: s.createdAt.slice(0, 10), lane: s.decision?.lane ?? '', port: s.port ?? '', n: 1 };
    const key = `${row.day}\u0000${row.lane}\u0000${row.port}`;
    const had = n.get(key);
    if (had) had.n++;
    else n.set(key, row);
  }
  return [...n.values()];
};

/** The distinct version sets of a write, as rows for version_sets. */
export const versionSets = (rows: readonly NewShipmentRow[]) => {
  const sets = new Map<string, string>();
  for (const r of rows) sets.set(r.versionsKey, r.versionsJson);
  return [...sets].map(([key, json]) => ({ key, json }));
};

/**
 * The version sets a process has committed: never deleted, and one per reference-data refresh, so
 * a write skips inserting them again (a restore that lost one is followed by a restart).
 */
export class CommittedSets {
  private readonly keys = new Set<string>();

  /** The version sets of `rows` this process has not committed yet. */
  newIn(rows: readonly NewShipmentRow[]): { key: string; json: string }[] {
    return versionSets(rows).filter((v) => !this.keys.has(v.key));
  }

  /** Remembers sets once their transaction committed (the memory starts again past 10,000). */
  committed(sets: readonly { key: string }[]): void {
    if (this.keys.size > 10_000) this.keys.clear();
    for (const v of sets) this.keys.add(v.key);
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
      const counts = countRows(fresh);
      if (counts.length > 0)
        await trx
          .insertInto('filing_counts')
          .values(counts)
          .onConflict((oc) =>
            oc.columns(['day', 'lane', 'port']).doUpdateSet((eb) => ({
              n: eb(eb.ref('filing_counts.n'), '+', eb.ref('excluded.n')),
            })),
          )
          .execute();
      await appendInTransaction(
        trx,
        this.dialect,
        fresh.flatMap((s) => (s.decision ? [s.decision] : [])),
      );
      await addStageCounts(trx, stageCountRows(fresh));
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

  async findByIdempotencyKeys(tenant: string, keys: readonly string[]): Promise<Map<string, StoredShipment>> {
    const found = new Map<string, StoredShipment>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await this.selectShipment()
        .where('shipments.tenant', '=', tenant)
        .where('shipments.idempotency_key', 'in', part)
        .execute();
      if (rows.length === 0) continue;
      const decisions = await this.latestDecisions(rows.map((r) => r.id));
      for (const r of rows)
        found.set(r.idempotency_key!, { ...toShipment(r), decision: decisions.get(r.id) ?? null });
    }
    return found;
  }

  /** Each filing's latest automated decision, as `withDecision` picks it, for many filings at once. */
  private async latestDecisions(ids: readonly string[]): Promise<Map<string, DecisionRecord>> {
    const links = await this.db
      .selectFrom('decisions')
      .select(['shipment_id', 'record'])
      .where('shipment_id', 'in', ids)
      .orderBy('seq', 'desc')
      .execute();
    const latest = new Map<string, DecisionRecord>();
    for (const l of links) {
      if (latest.has(l.shipment_id)) continue;
      const r = JSON.parse(l.record) as DecisionRecord;
      if (!r.action) latest.set(l.shipment_id, r);
    }
    return latest;
  }

  private selectShipment() {
    return this.db
      .selectFrom('shipments')
      .leftJoin('version_sets', 'version_sets.key', 'shipments.versions')
      .selectAll('shipments')
      .select('version_sets.json as versions_json');
  }

  async list(q: ShipmentListQuery): Promise<ShipmentSummary[]> {
    let s = this.db.selectFrom('shipments').select(summaryColumns);
    if (q.tenant !== null) s = s.where('tenant', '=', q.tenant);
    if (q.lane !== undefined) s = s.where('lane', '=', q.lane);
    if (q.status !== undefined) s = s.where('status', '=', q.status);
    if (q.reference !== undefined) s = s.where('reference', '=', q.reference);
    if (q.from !== undefined) s = s.where('created_at', '>=', q.from);
    if (q.to !== undefined) s = s.where('created_at', '<', q.to);
    const after = q.after;
    if (after)
      s = s.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
    const rows = await s.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(toSummary);
  }

  async summaries(ids: readonly string[]): Promise<ShipmentSummary[]> {
    const out: ShipmentSummary[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('shipments')
        .select(summaryColumns)
        .where('id', 'in', part)
        .execute();
      out.push(...rows.map(toSummary));
    }
    return out;
  }

  async bodies(ids: readonly string[]) {
    const out: { id: string; tenant: string; shipment: unknown }[] = [];
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('shipments')
        .select(['id', 'tenant', 'body'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) out.push({ id: r.id, tenant: r.tenant, shipment: JSON.parse(r.body) as unknown });
    }
    return out;
  }

  async countByLaneAndPort(from: string, to: string) {
    const rows = await this.db
      .selectFrom('filing_counts')
      .select((eb) => ['lane', 'port', eb.fn.sum<string | number>('n').as('n')])
      .where('day', '>=', from.slice(0, 10))
      .where('day', '<', to.slice(0, 10))
      .groupBy(['lane', 'port'])
      .execute();
    return rows.map((r) => ({ lane: r.lane || null, port: r.port || null, n: Number(r.n) }));
  }

  async stageCounts(stage: string, tenant: string | null, from: string | null, to: string | null) {
    let q = this.db
      .selectFrom('stage_counts')
      .select((eb) => ['key', eb.fn.sum<string | number>('n').as('n')])
      .where('stage', '=', stage)
      .where('tenant', '=', tenant ?? '');
    if (from !== null) q = q.where('day', '>=', from);
    if (to !== null) q = q.where('day', '<', to);
    const rows = await q.groupBy('key').execute();
    return rows.map((r) => ({ key: r.key, n: Number(r.n) }));
  }

  async backlogLeft(cap: number): Promise<number> {
    const r = await this.db
      .selectFrom((db) => db.selectFrom('count_backlog').select(sql.lit(1).as('one')).limit(cap).as('left'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async backlog(limit: number) {
    const rows = await this.db
      .selectFrom('count_backlog')
      .innerJoin('shipments', 'shipments.id', 'count_backlog.shipment_id')
      .select(['shipments.id', 'shipments.tenant', 'shipments.created_at', 'shipments.body'])
      .orderBy('count_backlog.shipment_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      tenant: r.tenant,
      createdAt: r.created_at,
      shipment: JSON.parse(r.body) as unknown,
    }));
  }

  async recounted(
    filings: readonly { id: string; tenant: string; createdAt: string; counts: NewShipmentRow['counts'] }[],
  ): Promise<void> {
    if (filings.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // Only the filings still in the backlog: another process may have counted some meanwhile.
      const taken = new Set<string>();
      for (const part of chunks(filings.map((f) => f.id)))
        for (const r of await trx
          .deleteFrom('count_backlog')
          .where('shipment_id', 'in', part)
          .returning('shipment_id')
          .execute())
          taken.add(r.shipment_id);
      await addStageCounts(trx, stageCountRows(filings.filter((f) => taken.has(f.id))));
    });
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

export class KyselyOutbox implements OutboxRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  async claim(limit: number, now: string, until: string): Promise<OutboxEvent[]> {
    let pick = this.db
      .selectFrom('outbox')
      .select('id')
      .where('published_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(limit);
    if (this.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('outbox')
      .set({ claimed_until: until })
      .where('id', 'in', pick)
      .returningAll()
      .execute();
    return rows
      .map((r) => ({
        id: Number(r.id),
        topic: r.topic,
        key: r.msg_key,
        payload: JSON.parse(r.payload) as unknown,
        createdAt: r.created_at,
      }))
      .sort((a, b) => a.id - b.id);
  }

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

  async backlog(): Promise<{ pending: number; oldestAt: string | null }> {
    const [count, oldest] = await Promise.all([
      this.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('published_at', 'is', null)
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('outbox')
        .select('created_at')
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),
    ]);
    return { pending: Number(count.n), oldestAt: oldest?.created_at ?? null };
  }

  async markPublished(ids: readonly number[], at: string): Promise<void> {
    for (const part of chunks(ids)) {
      await this.db.updateTable('outbox').set({ published_at: at }).where('id', 'in', part).execute();
    }
  }
}
