import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

/*
 * 0022: an entity's latest filings read through an index in the order they are shown; 0023: on
 * SQLite, that index brought up to date in sweeps. The list that orders the migrations is
 * migrationProvider in migrations.ts.
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
 * SQLite kept `party_links_entity` (its entries end with the row id, read backwards: latest
 * recorded first, nothing sorted) until migration 0023 replaced it with an index brought up to
 * date in sweeps (below).
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

/**
 * 0023 (SQLite): the party links' index by entity brought up to date in sweeps (ADR 0044,
 * `EntityLinkIndex`). `party_links` is rebuilt with its row number as a column (`link`, the
 * integer key: kept by VACUUM, which may renumber the rows of a table without one), the same
 * columns and `(shipment_id, party_index)` unique; its index by entity is dropped; its links go
 * into `party_links_by_entity` (entity, link) in that order, and the mark is set past the last.
 * A store of a million links is copied in ~3 s (ADR 0044). PostgreSQL keeps migration 0022's
 * index: its writes are not a one-core server's pages. Links are never deleted: without
 * AUTOINCREMENT (a page more a commit), the numbers of deleted newest links would be given again,
 * at or below the sweeps' mark, where no read would look for them.
 */
export function partyLinksSwept(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      // One transaction: Kysely runs SQLite's migrations outside one (its adapter does not claim
      // transactional DDL), and a process stopped between the drop and the rename would leave a
      // store no later start could migrate.
      if (db.isTransaction) await swept(db);
      else await db.transaction().execute(swept);
    },
  };
}

async function swept(db: Kysely<unknown>): Promise<void> {
  await sql`create table party_links_numbered (
        link integer primary key,
        shipment_id text not null,
        party_index integer not null,
        tenant text not null,
        entity_id text not null,
        role text not null,
        confidence real not null,
        method text not null,
        reasons text not null,
        at text not null,
        constraint party_links_pk unique (shipment_id, party_index)
      )`.execute(db);
  await sql`insert into party_links_numbered (link, shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at)
        select rowid, shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at
        from party_links order by rowid`.execute(db);
  await sql`drop table party_links`.execute(db);
  await sql`alter table party_links_numbered rename to party_links`.execute(db);
  await sql`create table party_links_by_entity (
        entity_id text not null,
        link integer not null,
        primary key (entity_id, link)
      ) without rowid`.execute(db);
  await sql`insert into party_links_by_entity (entity_id, link)
        select entity_id, link from party_links order by entity_id, link`.execute(db);
  await sql`create table party_links_indexed (id integer primary key check (id = 0), through integer not null)`.execute(
    db,
  );
  await sql`insert into party_links_indexed (id, through)
        values (0, coalesce((select max(link) from party_links), 0))`.execute(db);
}

/**
 * 0024: an entity's latest links of one tenant, read in index order. A filer's page of a shared
 * entity shows its own tenant's links only; read as the entity's latest 500 and then filtered, a
 * busy entity hid a filer's own filings from it (another tenant's 500 newer links first), and
 * whether a filer has any link to an entity (the registry's visibility rule, docs/security.md)
 * needs the same look-up.
 *
 * PostgreSQL: `party_links_entity_tenant_at` (entity_id, tenant, at desc, shipment_id desc), the
 * order of migration 0022's index within one tenant. SQLite: `party_links_by_entity_tenant`
 * (entity, tenant, link), without row id, kept up to date by the same sweeps as
 * `party_links_by_entity` (ADR 0044) and filled here with the links the sweeps have passed.
 */
export function partyLinksByTenant(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`create index if not exists party_links_entity_tenant_at on party_links (entity_id, tenant, at desc, shipment_id desc)`.execute(
          db,
        );
        return;
      }
      const byTenant = async (trx: Kysely<unknown>) => {
        await sql`create table party_links_by_entity_tenant (
              entity_id text not null,
              tenant text not null,
              link integer not null,
              primary key (entity_id, tenant, link)
            ) without rowid`.execute(trx);
        await sql`insert into party_links_by_entity_tenant (entity_id, tenant, link)
              select entity_id, tenant, link from party_links
              where link <= (select through from party_links_indexed where id = 0)
              order by entity_id, tenant, link`.execute(trx);
      };
      if (db.isTransaction) await byTenant(db);
      else await db.transaction().execute(byTenant);
    },
  };
}
