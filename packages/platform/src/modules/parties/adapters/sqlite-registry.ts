import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { KyselyRegistry, partyLinkColumns, toPartyLink } from '../db.js';
import type { PartyLink } from '../repository.js';
import { EntityLinkIndex, type Sweep, type SweepOptions } from './sqlite-link-index.js';

/**
 * SQLite's hot path of the registry: the party links of filed shipments (a few per filing, written
 * behind every filing) go in as one reused prepared statement in one synchronous transaction,
 * instead of a multi-row INSERT that Kysely builds and SQLite prepares anew for every batch, with
 * a step of the index by entity's sweep (`EntityLinkIndex`, ADR 0044). It holds Kysely's
 * connection while it writes, as SqliteShipments does.
 */
export class SqliteRegistry extends KyselyRegistry {
  private writeLinks: ((links: readonly PartyLink[]) => Sweep | null) | null = null;
  private readonly index: EntityLinkIndex;

  constructor(
    private readonly kdb: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
    sweep: SweepOptions = {},
  ) {
    super(kdb);
    this.index = new EntityLinkIndex(sqlite, sweep);
  }

  /**
   * Latest first in the order the links were recorded (their number), read from the index by
   * entity and the links past its mark. PostgreSQL orders by the time recorded, then the shipment
   * and the party (migration 0022's index) — the same order but where two parts record at once,
   * or a part's filings come back from the store out of id order (milliseconds apart either way).
   */
  override async partyLinks(
    entityId: string,
    limit: number,
    tenant: string | null = null,
  ): Promise<PartyLink[]> {
    // Held like a write (a read between another caller's statements would see its transaction),
    // and read in one transaction: the mark, the rows past it and the index, one snapshot.
    return this.kdb.connection().execute(async () =>
      this.sqlite
        .transaction(() => this.index.latest(entityId, limit, tenant))()
        .map(toPartyLink),
    );
  }

  /** Each entity looked up by its tenant's latest link (the index by entity and tenant). */
  override async linkedEntities(tenant: string, entityIds: readonly string[]): Promise<Set<string>> {
    return this.kdb
      .connection()
      .execute(async () =>
        this.sqlite.transaction(
          () => new Set([...new Set(entityIds)].filter((id) => this.index.latest(id, 1, tenant).length > 0)),
        )(),
      );
  }

  override async movePartyLinks(
    from: string,
    to: string,
    only?: readonly { shipmentId: string; partyIndex: number }[],
  ): Promise<number> {
    return this.kdb.connection().execute(async () => {
      this.index.ready();
      // Immediate: it reads, then writes; a deferred one would fail if another connection wrote
      // between the two (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out).
      return this.sqlite.transaction(() => this.index.move(from, to, only)).immediate();
    });
  }

  override async addPartyLinks(links: readonly PartyLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.kdb.connection().execute(async () => {
      const sweep = this.linkWriter()(links);
      this.index.committed(sweep);
    });
  }

  /** Prepared on first use: the table exists only after migration. */
  private linkWriter(): (links: readonly PartyLink[]) => Sweep | null {
    if (this.writeLinks) return this.writeLinks;
    this.index.ready();
    const insert = this.sqlite.prepare(
      `insert into party_links (shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at)
       values (@shipment_id, @party_index, @tenant, @entity_id, @role, @confidence, @method, @reasons, @at)
       on conflict (shipment_id, party_index) do nothing`,
    );
    this.writeLinks = this.sqlite.transaction((links: readonly PartyLink[]) => {
      for (const l of links) insert.run(partyLinkColumns(l));
      return this.index.step(links.length);
    });
    return this.writeLinks;
  }
}
