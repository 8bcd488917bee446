import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

/*
 * 0022: an entity's latest filings read through an index in the order they are shown. The list
 * that orders the migrations is migrationProvider in migrations.ts.
 */

/**
 * An entity's page lists its latest links (`partyLinks`, 500). With the index on the entity alone
 * both dialects read every link of the entity and sorted them to keep the first 500 — a seller of a
 * million parcels, a million rows each time its page was opened.
 *
 * PostgreSQL: `party_links_entity` (entity_id) becomes `party_links_entity_at` (entity_id, at desc,
 * shipment_id desc), the query's order (a shipment's own parties, a few, sorted after; EXPLAIN on
 * 200,000 links: the index scanned, an incremental sort, stopped at the limit). The index is built
 * inside the migration's transaction, holding link inserts until it is built.
 *
 * SQLite keeps `party_links_entity`: its entries end with the row id, so SQLite reads an entity's
 * links latest recorded first by that order, backwards, with nothing sorted
 * (`SqliteRegistry.partyLinks`, `read-plans.test.ts`), and each link stays one short entry — the
 * index pages a link writes at random are what a one-core server's tail waits on (ADR 0041,
 * twelfth session; the longer index measured 7 % more bytes written a filing). Moving an entity's
 * links (merge, split) finds them by either index's first column.
 */
export function partyLinksByTime(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create index if not exists party_links_entity_at on party_links (entity_id, at desc, shipment_id desc)`.execute(
        db,
      );
      await db.schema.dropIndex('party_links_entity').ifExists().execute();
    },
  };
}
