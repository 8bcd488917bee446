import type { Kysely } from 'kysely';
import type { EntityLink, RegistryEntity } from './domain/registry.js';
import type { AuditRecord, PartyLink, RegistryRepository } from './repository.js';
import type { Database } from '../../platform/db/schema.js';
import { chunks } from '../../platform/db/chunks.js';

type EntityRow = Database['entities'];
type PartyLinkRow = Database['party_links'];

const toEntity = (r: EntityRow): RegistryEntity => ({
  id: r.id,
  name: r.name,
  otherNames: JSON.parse(r.other_names) as string[],
  address: JSON.parse(r.address) as RegistryEntity['address'],
  identifiers: JSON.parse(r.identifiers) as RegistryEntity['identifiers'],
  source: r.source,
  mergedInto: r.merged_into,
});

const toLink = (r: Database['entity_links']): EntityLink => ({
  child: r.child,
  parent: r.parent,
  type: r.type as EntityLink['type'],
  source: r.source,
  ...(r.since ? { since: r.since } : {}),
});

export const toPartyLink = (r: PartyLinkRow): PartyLink => ({
  shipmentId: r.shipment_id,
  partyIndex: Number(r.party_index),
  tenant: r.tenant,
  entityId: r.entity_id,
  role: r.role,
  confidence: Number(r.confidence),
  method: r.method,
  reasons: JSON.parse(r.reasons) as string[],
  at: r.at,
});

const toAudit = (r: Database['entity_audit']): AuditRecord => ({
  id: r.id,
  entityId: r.entity_id,
  action: r.action as AuditRecord['action'],
  officer: r.officer,
  reason: r.reason,
  details: JSON.parse(r.details) as Record<string, unknown>,
  at: r.at,
});

/** A party link as its row. */
export const partyLinkColumns = (l: PartyLink) => ({
  shipment_id: l.shipmentId,
  party_index: l.partyIndex,
  tenant: l.tenant,
  entity_id: l.entityId,
  role: l.role,
  confidence: l.confidence,
  method: l.method,
  reasons: JSON.stringify(l.reasons),
  at: l.at,
});

/** The registry on Kysely: one implementation for SQLite and PostgreSQL. */
export class KyselyRegistry implements RegistryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertEntities(entities: readonly RegistryEntity[], at: string): Promise<void> {
    await this.writeEntities(entities, at, 'replace');
  }

  async addEntities(entities: readonly RegistryEntity[], at: string): Promise<void> {
    // In id order, once each: two processes adding overlapping sets wait on each other's rows in
    // one order, never in a cycle (no deadlock on PostgreSQL).
    const byId = new Map(entities.map((e) => [e.id, e]));
    await this.writeEntities(
      [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      at,
      'keep',
    );
  }

  private async writeEntities(
    entities: readonly RegistryEntity[],
    at: string,
    existing: 'replace' | 'keep',
  ): Promise<void> {
    if (entities.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // 8 columns a row: 500 rows stay under every dialect's bound-parameter limit.
      for (const part of chunks(entities, 500)) {
        await trx
          .insertInto('entities')
          .values(
            part.map((e) => ({
              id: e.id,
              name: e.name,
              other_names: JSON.stringify(e.otherNames),
              address: JSON.stringify(e.address),
              identifiers: JSON.stringify(e.identifiers),
              source: e.source,
              merged_into: e.mergedInto ?? null,
              updated_at: at,
            })),
          )
          .onConflict((oc) =>
            existing === 'keep'
              ? oc.column('id').doNothing()
              : oc.column('id').doUpdateSet((eb) => ({
                  name: eb.ref('excluded.name'),
                  other_names: eb.ref('excluded.other_names'),
                  address: eb.ref('excluded.address'),
                  identifiers: eb.ref('excluded.identifiers'),
                  source: eb.ref('excluded.source'),
                  updated_at: eb.ref('excluded.updated_at'),
                })),
          )
          .execute();
      }
    });
  }

  async upsertLinks(links: readonly EntityLink[]): Promise<void> {
    for (const part of chunks(links, 500)) {
      await this.db
        .insertInto('entity_links')
        .values(
          part.map((l) => ({
            child: l.child,
            parent: l.parent,
            type: l.type,
            source: l.source,
            since: l.since ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['child', 'parent', 'type']).doUpdateSet((eb) => ({ since: eb.ref('excluded.since') })),
        )
        .execute();
    }
  }

  async entity(id: string): Promise<RegistryEntity | null> {
    const r = await this.db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toEntity(r) : null;
  }

  async entities(afterId: string | null, limit: number): Promise<RegistryEntity[]> {
    let q = this.db.selectFrom('entities').selectAll().where('merged_into', 'is', null);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map(toEntity);
  }

  async links(entityId: string): Promise<EntityLink[]> {
    const rows = await this.db
      .selectFrom('entity_links')
      .selectAll()
      .where((eb) => eb.or([eb('child', '=', entityId), eb('parent', '=', entityId)]))
      .orderBy('type')
      .orderBy('parent')
      .orderBy('child')
      .execute();
    return rows.map(toLink);
  }

  async allLinks(): Promise<EntityLink[]> {
    const rows = await this.db
      .selectFrom('entity_links')
      .selectAll()
      .orderBy('child')
      .orderBy('parent')
      .execute();
    return rows.map(toLink);
  }

  async addPartyLinks(links: readonly PartyLink[]): Promise<void> {
    for (const part of chunks(links, 500)) {
      await this.db
        .insertInto('party_links')
        .values(part.map(partyLinkColumns))
        .onConflict((oc) => oc.columns(['shipment_id', 'party_index']).doNothing())
        .execute();
    }
  }

  async partyLinks(entityId: string, limit: number, tenant: string | null = null): Promise<PartyLink[]> {
    let q = this.db.selectFrom('party_links').selectAll().where('entity_id', '=', entityId);
    // PostgreSQL: party_links_entity_at, or with a tenant party_links_entity_tenant_at (0024).
    if (tenant !== null) q = q.where('tenant', '=', tenant);
    const rows = await q
      .orderBy('at', 'desc')
      .orderBy('shipment_id', 'desc')
      .orderBy('party_index', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toPartyLink);
  }

  async linkedEntities(tenant: string, entityIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(entityIds)], 500)) {
      const rows = await this.db
        .selectFrom('party_links')
        .select('entity_id')
        .distinct()
        .where('entity_id', 'in', part)
        .where('tenant', '=', tenant)
        .execute();
      for (const r of rows) out.add(r.entity_id);
    }
    return out;
  }

  async partyLinksOfShipments(shipmentIds: readonly string[]): Promise<PartyLink[]> {
    const out: PartyLink[] = [];
    for (const part of chunks(shipmentIds, 500)) {
      const rows = await this.db
        .selectFrom('party_links')
        .selectAll()
        .where('shipment_id', 'in', part)
        .execute();
      out.push(...rows.map(toPartyLink));
    }
    return out;
  }

  async movePartyLinks(
    from: string,
    to: string,
    only?: readonly { shipmentId: string; partyIndex: number }[],
  ): Promise<number> {
    if (!only) {
      const r = await this.db
        .updateTable('party_links')
        .set({ entity_id: to })
        .where('entity_id', '=', from)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    }
    let n = 0;
    for (const p of only) {
      const r = await this.db
        .updateTable('party_links')
        .set({ entity_id: to })
        .where('entity_id', '=', from)
        .where('shipment_id', '=', p.shipmentId)
        .where('party_index', '=', p.partyIndex)
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  }

  async markMerged(id: string, into: string): Promise<void> {
    await this.db.updateTable('entities').set({ merged_into: into }).where('id', '=', id).execute();
  }

  async addAudit(a: AuditRecord): Promise<void> {
    await this.db
      .insertInto('entity_audit')
      .values({
        id: a.id,
        entity_id: a.entityId,
        action: a.action,
        officer: a.officer,
        reason: a.reason,
        details: JSON.stringify(a.details),
        at: a.at,
      })
      .execute();
  }

  async audit(entityId: string): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('entity_audit')
      .selectAll()
      .where('entity_id', '=', entityId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toAudit);
  }

  async mergeAudit(): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('entity_audit')
      .selectAll()
      .where('action', '=', 'merge')
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toAudit);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('merged_into', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
