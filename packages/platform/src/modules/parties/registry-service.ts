import { checkIdentifier } from './domain/identifiers.js';
import { hash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  PUBLIC_SCHEMES,
  PartyResolver,
  creationKey,
  identifierKey,
  isPublic,
  mergedInNames,
  type EntityAddress,
  type EntityIdentifier,
  type EntityLink,
  type RegistryEntity,
  type Resolution,
  type ResolveInput,
} from './domain/registry.js';
import { Problem } from '../../kernel/problem.js';
import { matchJson, type ParentHit } from '../screening/index.js';
import type { Party, Shipment } from '../../kernel/shipment.js';
import { silentLogger, type Clock, type IdGenerator, type Logger } from '../../kernel/ports.js';
import type { AuditRecord, PartyLink } from './repository.js';
import type { RegistryRepository } from './repository.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { ScreeningService } from '../screening/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface RegistryStore {
  readonly registry: RegistryRepository;
  readonly shipments: ShipmentRepository;
}

/** Roles that ship for a manufacturer: "who else ships for this manufacturer". */
const SHIPPING_ROLES = new Set(['seller', 'shipper', 'exporter', 'distributor', 'packager']);

/**
 * The id of the entity a creation key makes: 26 characters of its SHA-256, upper-case hex (the
 * alphabet and length of the generated ids, so every id looks alike).
 */
export const entityIdOf = (key: string): string =>
  `ent_${hash('sha256', key, 'hex').slice(0, 26).toUpperCase()}`;

/** The declared identifiers that pass their scheme's check: only those identify a party. */
export function validIdentifiers(p: Party): EntityIdentifier[] {
  return (p.identifiers ?? []).flatMap((id) => {
    const r = checkIdentifier(id.scheme, id.value);
    return r?.valid ? [{ scheme: id.scheme.toUpperCase(), value: id.value }] : [];
  });
}

export const resolveInputOf = (p: Party): ResolveInput => ({
  name: p.name,
  country: p.address?.country,
  city: p.address?.city,
  identifiers: validIdentifiers(p),
});

/**
 * The party registry: entities from GLEIF and from filings, resolution of each filed party to an
 * entity (kept in memory, rebuilt from the store at start), officers' merges and splits (audited),
 * and the entity graph.
 */
export class RegistryService {
  private resolver = new PartyResolver();
  /** Ownership in memory: entity → its parents, and what is known of each parent. */
  private parents = new Map<string, { parent: string; type: EntityLink['type'] }[]>();
  private parentInfo = new Map<string, { name: string; country?: string; identifiers: readonly string[] }>();

  constructor(
    private readonly store: RegistryStore,
    private readonly screening: ScreeningService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly log: Logger = silentLogger,
  ) {}

  get size(): number {
    return this.resolver.size;
  }

  /** Rebuilds the resolver from the store (a new one, swapped in whole). */
  async load(pageSize = 5000): Promise<number> {
    const next = new PartyResolver();
    const parents = new Map<string, { parent: string; type: EntityLink['type'] }[]>();
    const info = new Map<string, { name: string; country?: string; identifiers: readonly string[] }>();
    for (const l of await this.store.registry.allLinks()) addParent(parents, info, l);
    // What officers' merges brought to each survivor: a public record's are not its public names.
    const mergedIn = mergedInNames(await this.store.registry.mergeAudit());
    let after: string | null = null;
    for (;;) {
      const page = await this.store.registry.entities(after, pageSize);
      if (page.length === 0) break;
      for (const e of page) {
        next.add(e, mergedIn.get(e.id));
        if (info.has(e.id)) info.set(e.id, parentInfoOf(e));
      }
      after = page[page.length - 1]!.id;
    }
    this.resolver = next;
    this.parents = parents;
    this.parentInfo = info;
    return next.size;
  }

  async importEntities(entities: readonly RegistryEntity[], links: readonly EntityLink[]): Promise<void> {
    await this.store.registry.upsertEntities(entities, this.clock.now());
    await this.store.registry.upsertLinks(links);
    for (const l of links) addParent(this.parents, this.parentInfo, l);
    for (const e of entities) {
      this.resolver.add(e);
      if (this.parentInfo.has(e.id)) this.parentInfo.set(e.id, parentInfoOf(e));
    }
  }

  /**
   * List hits on the parents of the entity a party resolves to (the screening stage's ownership
   * signal). A parent known only by its LEI is screened by that identifier.
   */
  parentHits(p: Party): ParentHit[] {
    if (this.parents.size === 0 || !this.screening.isReady()) return [];
    const r = this.resolver.resolve(resolveInputOf(p));
    if (!r.entityId) return [];
    const out: ParentHit[] = [];
    for (const { parent, type } of this.parents.get(r.entityId) ?? []) {
      const info = this.parentInfo.get(parent)!;
      const matches = this.screening.screen({
        name: info.name,
        ...(info.country ? { country: info.country } : {}),
        identifiers: info.identifiers,
      }).matches;
      if (matches.length > 0) {
        out.push({
          entityId: r.entityId,
          parentId: parent,
          parentName: info.name || null,
          link: type,
          matches,
        });
      }
    }
    return out;
  }

  /**
   * Which entity a party would be, as the caller may be told (`tenant`: a filer's; null: customs,
   * who see every entity). A filer resolves to public entities (GLEIF's) and to entities its own
   * tenant has filed a party of; one known only from other tenants' filings is passed over as if
   * it were not in the registry (docs/security.md). The candidates that are not public are found
   * first (a pass that refuses them all, so asks of each), then looked up for the tenant at once.
   */
  async resolveFor(input: ResolveInput, tenant: string | null): Promise<Resolution> {
    const { first, visible } = await this.visibleFor([input], tenant);
    return visible ? this.resolver.resolve(input, visible) : first[0]!;
  }

  /**
   * What `tenant` may see among the entities that are not public that resolving these parties
   * meets: a pass that refuses them all (and so asks of each: `first`, its resolutions), then one
   * look-up of those asked. `visible` is null when the first pass is the answer (customs, who see
   * every entity; or no entity was asked of).
   */
  private async visibleFor(
    inputs: readonly ResolveInput[],
    tenant: string | null,
  ): Promise<{ first: Resolution[]; visible: ((entityId: string) => boolean) | null }> {
    if (tenant === null) return { first: inputs.map((p) => this.resolver.resolve(p)), visible: null };
    const asked = new Set<string>();
    const refuse = (id: string) => {
      asked.add(id);
      return false;
    };
    const first = inputs.map((p) => this.resolver.resolve(p, refuse));
    if (asked.size === 0) return { first, visible: null };
    const mine = await this.store.registry.linkedEntities(tenant, [...asked]);
    // An entity added in between is not in `mine`: passed over, as it would have been a moment before.
    return { first, visible: (id) => mine.has(id) };
  }

  /** Whether a tenant's filer may see an entity (public, or one its tenant has filed a party of). */
  private async visibleTo(e: RegistryEntity | null, tenant: string): Promise<boolean> {
    if (!e || e.mergedInto) return false;
    return isPublic(e) || (await this.store.registry.linkedEntities(tenant, [e.id])).has(e.id);
  }

  /** The filed parties the links point to, by `shipment/index` (bodies read once a shipment). */
  private async filedParties(links: readonly PartyLink[]): Promise<Map<string, Party>> {
    const out = new Map<string, Party>();
    const wanted = new Set(links.map((l) => `${l.shipmentId}/${l.partyIndex}`));
    for (const b of await this.store.shipments.bodies([...new Set(links.map((l) => l.shipmentId))])) {
      ((b.shipment as Shipment).parties ?? []).forEach((p, i) => {
        if (wanted.has(`${b.id}/${i}`)) out.set(`${b.id}/${i}`, p);
      });
    }
    return out;
  }

  /**
   * Resolves every party of the given filings and records the links; a party that is no known
   * entity becomes a new one. Filings already recorded are skipped (at-least-once delivery).
   *
   * `chunk` filings at a time, each part read, resolved and written before the event loop turns.
   * A server under load relays a message of a few hundred filings every 200 ms, and a part of 100
   * held its one thread for ~10 ms, twenty times a second, while filings waited; a part of 20
   * took 3 ms at the 99th percentile (a CPU profile at 2,000 filings a second). Parts are not cut
   * finer than that, and not resolved in slices and written together: each transaction writes a
   * page of the links' indexes again (10 a part: +18 % written a filing), and what a part keeps
   * across turns lives through scavenges and is promoted (slices of 10 written a hundred at a
   * time: the old generation grew 7 MB/s instead of 5). ADR 0041.
   * A process that answers no requests (`tradelane worker`) passes a hundred: fewer transactions,
   * and fewer round trips on PostgreSQL.
   */
  async recordShipments(shipmentIds: readonly string[], chunk = 20): Promise<number> {
    let recorded = 0;
    for (let i = 0; i < shipmentIds.length; i += chunk) {
      // A message can carry a bulk file's thousands of filings, and a server catching up on a
      // backlog meets hundreds of them: each part lets the event loop answer requests first.
      if (i > 0) await yieldToEventLoop();
      recorded += await this.recordPart(shipmentIds.slice(i, i + chunk));
    }
    return recorded;
  }

  private async recordPart(shipmentIds: readonly string[]): Promise<number> {
    const done = new Set(
      (await this.store.registry.partyLinksOfShipments(shipmentIds)).map((l) => l.shipmentId),
    );
    const created: RegistryEntity[] = [];
    const links: PartyLink[] = [];
    const now = this.clock.now();
    const todo = shipmentIds.filter((id) => !done.has(id));
    for (const s of todo.length > 0 ? await this.store.shipments.bodies(todo) : []) {
      ((s.shipment as Shipment).parties ?? []).forEach((p, i) => {
        const input = resolveInputOf(p);
        let r = this.resolver.resolve(input);
        if (r.method === 'unresolvable') return;
        if (r.entityId === null) r = { ...r, entityId: this.newEntity(p, input, 'filing', created) };
        links.push({
          shipmentId: s.id,
          partyIndex: i,
          tenant: s.tenant,
          entityId: r.entityId!,
          role: p.role,
          confidence: r.confidence,
          method: r.method,
          reasons: r.reasons,
          at: now,
        });
      });
    }
    await this.store.registry.addEntities(created, now);
    await this.store.registry.addPartyLinks(links);
    this.log.debug(
      { shipments: shipmentIds.length, links: links.length, entities_created: created.length },
      "filings' parties resolved to registry entities",
    );
    return links.length;
  }

  /**
   * A party no known entity is: a new entity, known to resolution from now on. Its id is derived
   * from the party's creation key, so that processes that each meet the same new party at once
   * (two workers, two servers) name the same entity, stored once (ADR 0020).
   */
  private newEntity(
    p: { readonly name: string; readonly address?: Party['address'] | undefined },
    input: ResolveInput,
    source: string,
    created: RegistryEntity[],
  ): string {
    const key = creationKey(input);
    const id = key ? entityIdOf(key) : this.ids.next('ent');
    // Known already: a party passed over for a tenant (entitiesFor) whose id is that of an entity
    // the tenant may not see. The entity stays as it is.
    if (this.resolver.has(id)) return id;
    const e: RegistryEntity = {
      id,
      name: p.name.trim(),
      otherNames: [],
      address: entityAddressOf(p.address),
      // An identifier already on another entity (one passed over for a tenant) stays that entity's.
      identifiers: (input.identifiers ?? []).filter((i) => !this.resolver.knows(i)),
      source,
    };
    created.push(e);
    this.resolver.add(e);
    return e.id;
  }

  /**
   * The registry entity of each party (a supply-chain node): resolved as `tenant` may see the
   * registry (`resolveFor`; null: customs, every entity), or created and stored when none it may
   * see is; null for a party nothing can identify. A node that is, to the tenant, no entity gets
   * the new entity it would get were the registry without those it may not see (its id derives
   * from the node as a filed party's does), so that the answer tells nothing of them.
   */
  async entitiesFor(
    parties: readonly (ResolveInput & {
      readonly address?: Omit<NonNullable<Party['address']>, 'country'> | undefined;
    })[],
    tenant: string | null,
  ): Promise<(string | null)[]> {
    const created: RegistryEntity[] = [];
    const { visible } = await this.visibleFor(parties, tenant);
    // Resolved again one by one: a node may be the entity an earlier node of these made (the
    // tenant's own doing, so seen too).
    const sees =
      tenant === null
        ? undefined
        : (id: string) => created.some((e) => e.id === id) || (visible?.(id) ?? false);
    const ids = parties.map((p) => {
      const r = this.resolver.resolve(p, sees);
      if (r.method === 'unresolvable') return null;
      return (
        r.entityId ??
        this.newEntity(
          { name: p.name, address: { ...p.address, country: p.country ?? '' } },
          p,
          'supply-chain',
          created,
        )
      );
    });
    if (created.length) await this.store.registry.addEntities(created, this.clock.now());
    return ids;
  }

  /** An officer merges `absorbed` into `survivor`: identifiers, names and filings move; audited. */
  async merge(
    survivorId: string,
    absorbedId: string,
    officer: string,
    reason: string,
  ): Promise<RegistryEntity> {
    if (!reason.trim()) throw new Problem('FIELD_REQUIRED', 'a reason is required', 'reason');
    if (survivorId === absorbedId)
      throw new Problem('ENTITY_MERGE_INVALID', 'an entity cannot absorb itself', 'absorb');
    const survivor = await this.live(survivorId, 'id');
    const absorbed = await this.live(absorbedId, 'absorb');
    const keys = new Set(survivor.identifiers.map(identifierKey));
    const merged: RegistryEntity = {
      ...survivor,
      otherNames: [...new Set([...survivor.otherNames, absorbed.name, ...absorbed.otherNames])].filter(
        (n) => n !== survivor.name,
      ),
      identifiers: [
        ...survivor.identifiers,
        ...absorbed.identifiers.filter((i) => !keys.has(identifierKey(i))),
      ],
    };
    const at = this.clock.now();
    await this.store.registry.upsertEntities([merged], at);
    await this.store.registry.markMerged(absorbed.id, survivor.id);
    const moved = await this.store.registry.movePartyLinks(absorbed.id, survivor.id);
    const details = {
      survivor: survivor.id,
      absorbed: absorbed.id,
      absorbed_entity: absorbed,
      party_links_moved: moved,
    };
    await this.audit(survivor.id, 'merge', officer, reason, details, at);
    await this.audit(absorbed.id, 'merge', officer, reason, details, at);
    // As `load` adds it: what every merge brought to it kept apart from a public record's own names.
    this.resolver.add(merged, mergedInNames(await this.store.registry.audit(survivor.id)).get(survivor.id));
    for (const id of absorbed.identifiers) this.resolver.reassign(id, survivor.id);
    this.resolver.absorb(absorbed.id, survivor.id);
    return merged;
  }

  /** An officer splits the listed filings' parties off an entity into a new one; audited. */
  async split(
    entityId: string,
    parties: readonly { shipmentId: string; partyIndex: number }[],
    officer: string,
    reason: string,
    name?: string,
  ): Promise<RegistryEntity> {
    if (!reason.trim()) throw new Problem('FIELD_REQUIRED', 'a reason is required', 'reason');
    if (parties.length === 0) throw new Problem('FIELD_REQUIRED', 'list the parties to split off', 'parties');
    const from = await this.live(entityId, 'id');
    const at = this.clock.now();
    const fresh: RegistryEntity = {
      id: this.ids.next('ent'),
      name: name?.trim() || from.name,
      otherNames: [],
      address: from.address,
      identifiers: [],
      source: 'officer',
    };
    await this.store.registry.upsertEntities([fresh], at);
    const moved = await this.store.registry.movePartyLinks(from.id, fresh.id, parties);
    if (moved === 0) {
      throw new Problem(
        'ENTITY_SPLIT_INVALID',
        `none of the listed parties is linked to ${entityId}`,
        'parties',
      );
    }
    const details = { from: from.id, to: fresh.id, parties, party_links_moved: moved };
    await this.audit(from.id, 'split', officer, reason, details, at);
    await this.audit(fresh.id, 'split', officer, reason, details, at);
    return fresh;
  }

  /**
   * An entity and what surrounds it: identifiers, roles, filings, ownership (parents, children),
   * list hits on it and on its parents, who else ships for it, and its audit trail.
   */
  async graph(id: string, tenant: string | null) {
    const e = await this.store.registry.entity(id);
    // To a filer, an entity it may not see is missing, in the very words of an id never given.
    const missing = () => new Problem('ENTITY_NOT_FOUND', `no entity ${id}`, 'id');
    if (!e) throw missing();
    if (e.mergedInto) {
      if (tenant === null)
        return { id: e.id, merged_into: e.mergedInto, audit: await this.store.registry.audit(e.id) };
      // A filer is told where a public record went, when it may see where; of nothing else.
      if (!isPublic(e) || !(await this.visibleTo(await this.store.registry.entity(e.mergedInto), tenant)))
        throw missing();
      return { id: e.id, merged_into: e.mergedInto, audit: [] };
    }
    // The latest links the caller may see, read as such (a filer's: its own tenant's).
    const links = await this.store.registry.partyLinks(e.id, 500, tenant);
    // The trail is customs' (a public record's names merged in are read from it for a filer).
    const audit = tenant === null || isPublic(e) ? await this.store.registry.audit(e.id) : [];
    let shown: Pick<RegistryEntity, 'name' | 'otherNames' | 'address' | 'identifiers'> = e;
    if (tenant !== null && isPublic(e)) shown = publicPart(e, audit);
    else if (tenant !== null) {
      // Known from filings: to a filer, the entity as its own tenant's latest filing names it.
      const latest = links[0];
      const p =
        latest && (await this.filedParties([latest])).get(`${latest.shipmentId}/${latest.partyIndex}`);
      if (!p) throw missing();
      shown = {
        name: p.name.trim(),
        otherNames: [],
        address: entityAddressOf(p.address),
        identifiers: validIdentifiers(p),
      };
    }
    const roles: Record<string, number> = {};
    for (const l of links) roles[l.role] = (roles[l.role] ?? 0) + 1;
    const ownership = await this.store.registry.links(e.id);
    const named = async (otherId: string) => {
      const o = await this.store.registry.entity(otherId);
      // To a filer, an entity known from filings is named by its own filings only (below), if at all.
      if (tenant !== null && o && !isPublic(o)) return { id: otherId, name: null, in_registry: false };
      return { id: otherId, name: o?.name ?? null, in_registry: o !== null };
    };
    const parents = await Promise.all(
      ownership
        .filter((l) => l.child === e.id)
        .map(async (l) => ({ ...(await named(l.parent)), type: l.type, since: l.since ?? null })),
    );
    const children = await Promise.all(
      ownership
        .filter((l) => l.parent === e.id)
        .map(async (l) => ({ ...(await named(l.child)), type: l.type, since: l.since ?? null })),
    );
    const hitsOf = (name: string | null, country: string | undefined) =>
      name && this.screening.isReady()
        ? this.screening
            .screen({ name, ...(country ? { country } : {}) }, { limit: 5 })
            .matches.map(matchJson)
        : [];
    const parentHits = [];
    for (const p of parents) {
      const hits = hitsOf(p.name, undefined);
      if (hits.length) parentHits.push({ parent: p.id, type: p.type, matches: hits });
    }
    // Who else ships for this manufacturer: the shipping parties of the filings it manufactured for.
    const asMaker = links.filter((l) => l.role === 'manufacturer').map((l) => l.shipmentId);
    const co = new Map<
      string,
      { entity_id: string; roles: Set<string>; shipments: number; first: PartyLink }
    >();
    for (const l of await this.store.registry.partyLinksOfShipments(asMaker)) {
      if (l.entityId === e.id || !SHIPPING_ROLES.has(l.role)) continue;
      const c = co.get(l.entityId) ?? {
        entity_id: l.entityId,
        roles: new Set<string>(),
        shipments: 0,
        first: l,
      };
      c.roles.add(l.role);
      c.shipments++;
      co.set(l.entityId, c);
    }
    // A filer's co-parties are its own filings' parties: named as it filed them.
    const filed = tenant === null ? null : await this.filedParties([...co.values()].map((c) => c.first));
    const shippers = await Promise.all(
      [...co.values()].map(async (c) => {
        const n = await named(c.entity_id);
        const p = filed?.get(`${c.first.shipmentId}/${c.first.partyIndex}`);
        return {
          ...(p && n.name === null ? { ...n, name: p.name.trim(), in_registry: true } : n),
          roles: [...c.roles],
          shipments: c.shipments,
        };
      }),
    );
    return {
      id: e.id,
      name: shown.name,
      other_names: shown.otherNames,
      address: shown.address,
      identifiers: shown.identifiers,
      source: e.source,
      roles,
      shipments: links.slice(0, 100).map((l) => ({
        shipment_id: l.shipmentId,
        party_index: l.partyIndex,
        role: l.role,
        confidence: l.confidence,
        method: l.method,
        reasons: l.reasons,
      })),
      parents,
      children,
      list_hits: hitsOf(shown.name, shown.address.country),
      parent_list_hits: parentHits,
      ships_for_it: shippers.sort((a, b) => b.shipments - a.shipments),
      // Officers' merges and splits name the entities and filings they moved: customs' own.
      audit: tenant === null ? audit : [],
    };
  }

  private async live(id: string, path: string): Promise<RegistryEntity> {
    const e = await this.store.registry.entity(id);
    if (!e) throw new Problem('ENTITY_NOT_FOUND', `no entity ${id}`, path);
    if (e.mergedInto)
      throw new Problem('ENTITY_MERGED', `${id} was merged into ${e.mergedInto}`, path, {
        merged_into: e.mergedInto,
      });
    return e;
  }

  private async audit(
    entityId: string,
    action: AuditRecord['action'],
    officer: string,
    reason: string,
    details: Record<string, unknown>,
    at: string,
  ): Promise<void> {
    await this.store.registry.addAudit({
      id: this.ids.next('aud'),
      entityId,
      action,
      officer,
      reason,
      details,
      at,
    });
  }
}

/** A filed party's address as an entity's. */
function entityAddressOf(a: Party['address'] | undefined): EntityAddress {
  return {
    ...(a?.street ? { lines: [a.street] } : {}),
    ...(a?.city ? { city: a.city } : {}),
    ...(a?.state ? { region: a.state } : {}),
    ...(a?.postal_code ? { postalCode: a.postal_code } : {}),
    ...(a?.country ? { country: a.country.toUpperCase() } : {}),
  };
}

/**
 * A public (GLEIF) entity as a filer sees it: its record's own names and identifiers, without what
 * officers' merges brought to it from entities known from filings (the names of every absorbed
 * entity, and identifiers of other schemes than GLEIF's).
 */
function publicPart(
  e: RegistryEntity,
  audit: readonly AuditRecord[],
): Pick<RegistryEntity, 'name' | 'otherNames' | 'address' | 'identifiers'> {
  const absorbed = mergedInNames(audit).get(e.id) ?? new Set<string>();
  return {
    name: e.name,
    otherNames: e.otherNames.filter((n) => !absorbed.has(n)),
    address: e.address,
    identifiers: e.identifiers.filter((i) => PUBLIC_SCHEMES.has(i.scheme.toUpperCase())),
  };
}

const leiOf = (id: string): string[] => (id.startsWith('lei:') ? [id.slice(4)] : []);

function addParent(
  parents: Map<string, { parent: string; type: EntityLink['type'] }[]>,
  info: Map<string, { name: string; country?: string; identifiers: readonly string[] }>,
  l: EntityLink,
): void {
  const list = parents.get(l.child) ?? [];
  if (!list.some((x) => x.parent === l.parent && x.type === l.type))
    list.push({ parent: l.parent, type: l.type });
  parents.set(l.child, list);
  // Until the parent's record is loaded, it is known by its LEI only (screened by identifier).
  if (!info.has(l.parent)) info.set(l.parent, { name: '', identifiers: leiOf(l.parent) });
}

function parentInfoOf(e: RegistryEntity): { name: string; country?: string; identifiers: readonly string[] } {
  return {
    name: e.name,
    ...(e.address.country ? { country: e.address.country } : {}),
    identifiers: e.identifiers.map((i) => i.value),
  };
}
