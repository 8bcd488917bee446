import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { KyselyRegistry, partyLinkColumns, toPartyLink } from '../db.js';
import type { PartyLink } from '../repository.js';

/**
 * SQLite's hot path of the registry: the party links of filed shipments (a few per filing, written
 * behind every filing) go in as one reused prepared statement in one synchronous transaction,
 * instead of a multi-row INSERT that Kysely builds and SQLite prepares anew for every batch. It
 * holds Kysely's connection while it writes, as SqliteShipments does.
 */
export class SqliteRegistry extends KyselyRegistry {
  private writeLinks: ((links: readonly PartyLink[]) => void) | null = null;

  constructor(
    private readonly kdb: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
  ) {
    super(kdb);
  }

  /**
   * Latest first in the order the links were recorded: the entity index's own order (each entry
   * ends with the row id), read backwards from the entity's last entry, so that nothing is sorted
   * and the index stays one short entry a link — a link's index page is written at random, and
   * the bytes a server writes are what its tail waits on (ADR 0041, twelfth session). PostgreSQL
   * has no row id: it orders by the time recorded, then the shipment and the party, latest first
   * (migration 0022's index) — the same order but where two parts record at once, or a part's
   * filings come back from the store out of id order (milliseconds apart either way).
   */
  override async partyLinks(entityId: string, limit: number): Promise<PartyLink[]> {
    const rows = await this.kdb
      .selectFrom('party_links')
      .selectAll()
      .where('entity_id', '=', entityId)
      .orderBy(sql`rowid`, 'desc')
      .limit(limit)
      .execute();
    return rows.map(toPartyLink);
  }

  override async addPartyLinks(links: readonly PartyLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.kdb.connection().execute(async () => this.linkWriter()(links));
  }

  /** Prepared on first use: the table exists only after migration. */
  private linkWriter(): (links: readonly PartyLink[]) => void {
    if (this.writeLinks) return this.writeLinks;
    const insert = this.sqlite.prepare(
      `insert into party_links (shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at)
       values (@shipment_id, @party_index, @tenant, @entity_id, @role, @confidence, @method, @reasons, @at)
       on conflict (shipment_id, party_index) do nothing`,
    );
    this.writeLinks = this.sqlite.transaction((links: readonly PartyLink[]) => {
      for (const l of links) insert.run(partyLinkColumns(l));
    });
    return this.writeLinks;
  }
}
