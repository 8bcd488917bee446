import type { EntityLink, RegistryEntity } from './domain/registry.js';

/** A party of a filing tied to the entity it was resolved to. */
export interface PartyLink {
  readonly shipmentId: string;
  readonly partyIndex: number;
  readonly tenant: string;
  readonly entityId: string;
  readonly role: string;
  readonly confidence: number;
  readonly method: string;
  readonly reasons: readonly string[];
  readonly at: string;
}

export interface AuditRecord {
  readonly id: string;
  readonly entityId: string;
  readonly action: 'merge' | 'split';
  readonly officer: string;
  readonly reason: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export interface RegistryRepository {
  /** Inserts or replaces entities (by id), with their identifiers. */
  upsertEntities(entities: readonly RegistryEntity[], at: string): Promise<void>;
  /** Adds new entities; one whose id is already stored is left as it is (another process made it). */
  addEntities(entities: readonly RegistryEntity[], at: string): Promise<void>;
  upsertLinks(links: readonly EntityLink[]): Promise<void>;
  entity(id: string): Promise<RegistryEntity | null>;
  /** Every entity not merged into another, in id order, `limit` after `afterId`. */
  entities(afterId: string | null, limit: number): Promise<RegistryEntity[]>;
  links(entityId: string): Promise<EntityLink[]>;
  /** Every ownership link (they are far fewer than entities). */
  allLinks(): Promise<EntityLink[]>;
  addPartyLinks(links: readonly PartyLink[]): Promise<void>;
  /**
   * An entity's latest `limit` links, the most recently recorded first, read through an index in
   * that order (not all of the entity's links sorted: a seller may have millions). With a tenant:
   * that tenant's latest `limit`, through an index by entity and tenant (not the entity's latest
   * filtered afterwards, where other tenants' newer links would hide them).
   */
  partyLinks(entityId: string, limit: number, tenant?: string | null): Promise<PartyLink[]>;
  /** Which of the given entities the tenant has filed a party of (at least one link). */
  linkedEntities(tenant: string, entityIds: readonly string[]): Promise<Set<string>>;
  /** Party links of the given shipments (the co-parties of an entity). */
  partyLinksOfShipments(shipmentIds: readonly string[]): Promise<PartyLink[]>;
  /** Moves party links (all of an entity, or the listed ones) to another entity. */
  movePartyLinks(
    from: string,
    to: string,
    only?: readonly { shipmentId: string; partyIndex: number }[],
  ): Promise<number>;
  markMerged(id: string, into: string): Promise<void>;
  addAudit(a: AuditRecord): Promise<void>;
  audit(entityId: string): Promise<AuditRecord[]>;
  /** Every merge's audit records (officers' merges are few): what merges brought to survivors. */
  mergeAudit(): Promise<AuditRecord[]>;
  count(): Promise<number>;
}
