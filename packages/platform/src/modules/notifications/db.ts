import { sql, type Kysely } from 'kysely';
import type { AddOutcome, Delivery, Webhook, WebhookRepository } from './repository.js';
import type { Database } from '../../platform/db/schema.js';

const toWebhook = (r: Database['webhooks']): Webhook => ({
  id: r.id,
  tenant: r.tenant,
  url: r.url,
  secret: r.secret,
  events: JSON.parse(r.events) as string[],
  createdAt: r.created_at,
});

type DeliveryRow = Pick<
  Database['webhook_deliveries'],
  'webhook_id' | 'event_id' | 'payload' | 'attempts' | 'next_at' | 'status' | 'last_error'
> & { id: number | string };

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: Number(r.id),
  webhookId: r.webhook_id,
  eventId: r.event_id,
  payload: r.payload,
  attempts: Number(r.attempts),
  nextAt: r.next_at,
  status: r.status as Delivery['status'],
  lastError: r.last_error,
});

export class KyselyWebhooks implements WebhookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres' = 'sqlite',
  ) {}

  async addWithin(w: Webhook, limit: number): Promise<AddOutcome> {
    const events = JSON.stringify(w.events);
    return this.db.transaction().execute(async (trx) => {
      // PostgreSQL: registrations of one tenant take turns (READ COMMITTED alone would let two
      // count the same rows); the insert's own snapshot, taken after the lock, sees the other's row.
      // SQLite: the insert holds the one writer lock from before its count to its commit.
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(${'tradelane:webhooks:'} || current_schema() || ${`:${w.tenant}`}))`.execute(
          trx,
        );
      const r = await sql`
        insert into webhooks (id, tenant, url, secret, events, created_at, deleted_at)
        select ${w.id}, ${w.tenant}, ${w.url}, ${w.secret}, ${events}, ${w.createdAt}, null
        where (select count(*) from webhooks where tenant = ${w.tenant} and deleted_at is null) < ${limit}
          and not exists (
            select 1 from webhooks
            where tenant = ${w.tenant} and url = ${w.url} and events = ${events} and deleted_at is null
          )
      `.execute(trx);
      if (Number(r.numAffectedRows ?? 0) > 0) return 'added';
      const same = await trx
        .selectFrom('webhooks')
        .select('id')
        .where('tenant', '=', w.tenant)
        .where('url', '=', w.url)
        .where('events', '=', events)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return same ? 'duplicate' : 'limit';
    });
  }

  async list(tenant: string): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toWebhook);
  }

  async remove(tenant: string, id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('webhooks')
      .set({ deleted_at: at })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: 'webhook deleted' })
      .where('webhook_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return true;
  }

  async forTenants(tenants: readonly string[]): Promise<Webhook[]> {
    if (tenants.length === 0) return [];
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant', 'in', tenants)
      .where('deleted_at', 'is', null)
      .execute();
    return rows.map(toWebhook);
  }

  async enqueue(
    rows: readonly { webhookId: string; eventId: string; payload: string; at: string }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insertInto('webhook_deliveries')
        .values(
          rows.slice(i, i + 500).map((r) => ({
            webhook_id: r.webhookId,
            event_id: r.eventId,
            payload: r.payload,
            attempts: 0,
            next_at: r.at,
            status: 'pending',
            last_error: null,
            created_at: r.at,
            delivered_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
        .execute();
    }
  }

  async due(now: string, limit: number, leaseUntil: string): Promise<(Delivery & { webhook: Webhook })[]> {
    let pick = this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select('d.id')
      .where('d.status', '=', 'pending')
      .where('d.next_at', '<=', now)
      .where('w.deleted_at', 'is', null)
      .orderBy('d.next_at')
      .orderBy('d.id')
      .limit(limit);
    if (this.dialect === 'postgres') pick = pick.forUpdate('d').skipLocked();
    const claimed = await this.db
      .updateTable('webhook_deliveries')
      .set({ next_at: leaseUntil })
      .where('id', 'in', pick)
      .returning('id')
      .execute();
    if (claimed.length === 0) return [];
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select([
        'd.id',
        'd.webhook_id',
        'd.event_id',
        'd.payload',
        'd.attempts',
        'd.next_at',
        'd.status',
        'd.last_error',
        'w.tenant',
        'w.url',
        'w.secret',
        'w.events',
        'w.created_at',
      ])
      .where(
        'd.id',
        'in',
        claimed.map((r) => r.id),
      )
      .orderBy('d.id')
      .execute();
    return rows.map((r) => ({
      ...toDelivery(r),
      webhook: toWebhook({
        id: r.webhook_id,
        tenant: r.tenant,
        url: r.url,
        secret: r.secret,
        events: r.events,
        created_at: r.created_at,
        deleted_at: null,
      }),
    }));
  }

  async settle(
    id: number,
    o: { status: Delivery['status']; attempts: number; nextAt: string; error: string | null; at: string },
  ): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: o.status,
        attempts: o.attempts,
        next_at: o.nextAt,
        last_error: o.error,
        delivered_at: o.status === 'delivered' ? o.at : null,
      })
      .where('id', '=', id)
      .execute();
  }

  async deliveries(webhookId: string, limit: number): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }
}
