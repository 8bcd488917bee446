import {
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { benefitCells, filingCounts, reportCounts } from './migrations-counts.js';
import { listIndexes } from './migrations-list-indexes.js';
import { keyedFilings } from './migrations-keyed-filings.js';
import { partyLinksByTenant, partyLinksByTime, partyLinksSwept } from './migrations-party-links.js';
import { rateLimits, scaleOut, sharedBlobs } from './migrations-shared-state.js';

/**
 * Migrations, one list per dialect: the same tables, each in its database's own types.
 * Never edit a released migration; add the next one.
 */
export type Dialect = 'sqlite' | 'postgres';

function initial(dialect: Dialect): Migration {
  const bigId = dialect === 'postgres' ? 'bigserial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('refdata_snapshots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('dataset', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('edition', 'text')
        .addColumn('effective_from', 'text')
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('row_counts', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('refdata_snapshots_dataset')
        .on('refdata_snapshots')
        .columns(['dataset', 'status'])
        .execute();
      await db.schema
        .createTable('hts_entries')
        .addColumn('snapshot_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('indent', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('units', 'text', (c) => c.notNull())
        .addColumn('general', 'text', (c) => c.notNull())
        .addColumn('special', 'text', (c) => c.notNull())
        .addColumn('column2', 'text', (c) => c.notNull())
        .addColumn('additional', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('hts_entries_pk', ['snapshot_id', 'seq'])
        .execute();
      await db.schema
        .createTable('ref_codes')
        .addColumn('snapshot_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ref_codes_pk', ['snapshot_id', 'code'])
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('shipments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('arrival_date', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('versions', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('request_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // NULL keys are distinct in both dialects: only keyed filings are constrained.
      await db.schema
        .createIndex('shipments_idempotency')
        .on('shipments')
        .columns(['tenant', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema
        .createIndex('shipments_tenant_reference')
        .on('shipments')
        .columns(['tenant', 'reference'])
        .execute();
      // Every filing records the data versions it was checked with; the same set serves many filings.
      await db.schema
        .createTable('version_sets')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('json', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('outbox')
        .addColumn('id', sql.raw(bigId), (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('msg_key', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .execute();
      await db.schema.createIndex('outbox_pending').on('outbox').columns(['published_at', 'id']).execute();
    },
  };
}

/** Watch lists and screening: list entries per snapshot, decisions, screened parties, alerts. */
function screening(dialect: Dialect): Migration {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('refdata_snapshots').addColumn('notes', 'text').execute();
      await db.schema
        .createTable('watchlist_entries')
        .addColumn('snapshot_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('watchlist_entries_pk', ['snapshot_id', 'seq'])
        .execute();
      await db.schema
        .createTable('screening_decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('party_key', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('entry_hash', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('officer', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('screening_decisions_party')
        .on('screening_decisions')
        .columns(['tenant', 'party_key'])
        .execute();
      await db.schema
        .createTable('screened_parties')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('party_key', 'text', (c) => c.notNull())
        .addColumn('party', 'text', (c) => c.notNull())
        .addColumn('seen_in', 'text', (c) => c.notNull())
        .addColumn('hits', 'text', (c) => c.notNull())
        .addColumn('lists_key', 'text', (c) => c.notNull())
        .addColumn('screened_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('screened_parties_pk', ['tenant', 'party_key'])
        .execute();
      await db.schema
        .createTable('screening_alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('party_key', 'text', (c) => c.notNull())
        .addColumn('party', 'text', (c) => c.notNull())
        .addColumn('seen_in', 'text', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('score', sql.raw(real), (c) => c.notNull())
        .addColumn('matched_name', 'text', (c) => c.notNull())
        .addColumn('lists_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .execute();
      await db.schema
        .createIndex('screening_alerts_tenant')
        .on('screening_alerts')
        .columns(['tenant', 'created_at'])
        .execute();
    },
  };
}

/** The party registry: entities, ownership links, parties of filings tied to entities, audit. */
function registry(dialect: Dialect): Migration {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('entities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('other_names', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('identifiers', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('entity_links')
        .addColumn('child', 'text', (c) => c.notNull())
        .addColumn('parent', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('since', 'text')
        .addPrimaryKeyConstraint('entity_links_pk', ['child', 'parent', 'type'])
        .execute();
      await db.schema.createIndex('entity_links_parent').on('entity_links').columns(['parent']).execute();
      await db.schema
        .createTable('party_links')
        .addColumn('shipment_id', 'text', (c) => c.notNull())
        .addColumn('party_index', 'integer', (c) => c.notNull())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('confidence', sql.raw(real), (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('party_links_pk', ['shipment_id', 'party_index'])
        .execute();
      await db.schema.createIndex('party_links_entity').on('party_links').columns(['entity_id']).execute();
      await db.schema
        .createTable('entity_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('officer', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('entity_audit_entity').on('entity_audit').columns(['entity_id']).execute();
    },
  };
}

/** Small data sets stored whole (the PGA catalogues). */
const documents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('refdata_documents')
      .addColumn('snapshot_id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Paperless documents: metadata here, the bytes in the blob store. */
const paperless: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('shipment_id', 'text', (c) => c.notNull())
      .addColumn('line_index', 'integer')
      .addColumn('agency', 'text')
      .addColumn('doc_type', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('documents_shipment').on('documents').columns(['shipment_id']).execute();
    await db.schema.createIndex('documents_sha').on('documents').columns(['sha256']).execute();
  },
};

/**
 * Lane decisions: append-only and hash-chained (each row's hash covers the previous row's hash, its
 * sequence number and its record), with the chain's head in a one-row table that writers lock.
 */
function decisions(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('decisions')
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('shipment_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('lane', 'text', (c) => c.notNull())
        .addColumn('score', 'real', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decisions_shipment')
        .on('decisions')
        .columns(['shipment_id', 'seq'])
        .execute();
      await db.schema.createIndex('decisions_lane').on('decisions').columns(['lane', 'seq']).execute();
      await db.schema
        .createTable('decision_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // The chain starts from the genesis hash, 64 zeros (GENESIS of modules/risk, which verifies it).
      await sql`insert into decision_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
      await db.schema
        .createTable('rule_sets')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/** Filers' webhooks and their deliveries (durable: a restart resumes the retries). */
function webhooks(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .execute();
      await db.schema.createIndex('webhooks_tenant').on('webhooks').columns(['tenant']).execute();
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_event')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'event_id'])
        .unique()
        .execute();
    },
  };
}

/** The trusted-trader program: members and their events, supply-chain maps, the benefit ledger. */
function trustedTrader(dialect: Dialect): Migration {
  const serial = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tt_members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tt_members_tenant')
        .on('tt_members')
        .columns(['tenant', 'status'])
        .execute();
      await db.schema
        .createTable('tt_events')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', serial)
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tt_events_member').on('tt_events').columns(['member_id', 'seq']).execute();
      await db.schema
        .createTable('tt_supply_chains')
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('warnings', 'text', (c) => c.notNull())
        .addColumn('nexus', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('lists', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tt_supply_chains_pk', ['member_id', 'product'])
        .execute();
      await db.schema
        .createTable('benefit_ledger')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', serial)
        .addColumn('shipment_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text')
        .addColumn('tier', 'text')
        .addColumn('chapter', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('port', 'text', (c) => c.notNull())
        .addColumn('band', 'integer', (c) => c.notNull())
        .addColumn('lane', 'text', (c) => c.notNull())
        .addColumn('counterfactual', 'text')
        .addColumn('exam', 'integer', (c) => c.notNull())
        .addColumn('held', 'integer', (c) => c.notNull())
        .addColumn('released_at', 'text')
        .addColumn('release_hours', dialect === 'postgres' ? 'double precision' : 'real')
        .execute();
      await db.schema
        .createIndex('benefit_ledger_shipment')
        .on('benefit_ledger')
        .columns(['shipment_id', 'revision'])
        .unique()
        .execute();
    },
  };
}

/** Keys with an agency, a label and an expiry; console sessions. */
const access: Migration = {
  async up(db) {
    for (const col of ['agency', 'label', 'expires_at'])
      await db.schema.alterTable('api_keys').addColumn(col, 'text').execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('sessions_key').on('sessions').column('key_id').execute();
  },
};

/**
 * A snapshot's `as_of` is its publisher's date where the publisher dates the list (the UN
 * consolidated list, GLEIF records) and empty otherwise: it used to fall back on the file's date
 * or the download's, which read as a publication date. The import date is `created_at`.
 */
const publisherDates: Migration = {
  async up(db) {
    await db
      .updateTable('refdata_snapshots' as never)
      .set({ as_of: '' } as never)
      .where('dataset' as never, 'not in', ['un-sc', 'gleif'] as never)
      .execute();
  },
};

/** Officers' corrections of classifications: labeled examples of the operator's own (append-only). */
function classificationCorrections(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('classification_corrections')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
        )
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('declared', 'text')
        .addColumn('hts', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('officer', 'text', (c) => c.notNull())
        .addColumn('shipment_id', 'text')
        .addColumn('line', 'integer')
        .addColumn('model', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Lists of filings (issue 20): a filer's own filings newest first, an officer's across tenants, and
 * today's filings counted by lane and port — each read through an index, never a scan. The lane of
 * the automated decision and the port of entry become columns of the filing (written with it; a
 * filing is never updated) and existing rows are filled in from the decision chain and the body.
 */
function shipmentLists(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('shipments').addColumn('lane', 'text').execute();
      await db.schema.alterTable('shipments').addColumn('port', 'text').execute();
      const port =
        dialect === 'postgres'
          ? sql`(body::jsonb -> 'transport' ->> 'port_of_entry')`
          : sql`json_extract(body, '$.transport.port_of_entry')`;
      await sql`update shipments set port = ${port}, lane = (select d.lane from decisions d where d.shipment_id = shipments.id order by d.seq limit 1)`.execute(
        db,
      );
      await db.schema
        .createIndex('shipments_tenant_created')
        .on('shipments')
        .columns(['tenant', 'created_at', 'id'])
        .execute();
      for (const col of ['lane', 'status'])
        await db.schema
          .createIndex(`shipments_tenant_${col}_created`)
          .on('shipments')
          .columns(['tenant', col, 'created_at', 'id'])
          .execute();
      // A reference looked up in a tenant, newest first: the same prefix as the index it replaces.
      await db.schema.dropIndex('shipments_tenant_reference').execute();
      await db.schema
        .createIndex('shipments_tenant_reference')
        .on('shipments')
        .columns(['tenant', 'reference', 'created_at', 'id'])
        .execute();
      // Officers' list across tenants, newest first; covers the count of a day's filings by lane and port.
      await db.schema
        .createIndex('shipments_created')
        .on('shipments')
        .columns(['created_at', 'lane', 'port', 'id'])
        .execute();
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_initial': initial(dialect),
        '0002_screening': screening(dialect),
        '0003_registry': registry(dialect),
        '0004_documents': documents,
        '0005_paperless': paperless,
        '0006_decisions': decisions(dialect),
        '0007_webhooks': webhooks(dialect),
        '0008_trusted_trader': trustedTrader(dialect),
        '0009_access': access,
        '0010_refdata_publisher_dates': publisherDates,
        '0011_scale_out': scaleOut(dialect),
        '0012_classification_corrections': classificationCorrections(dialect),
        '0013_rate_limits': rateLimits(dialect),
        '0014_shared_blobs': sharedBlobs(dialect),
        '0015_shipment_lists': shipmentLists(dialect),
        '0017_filing_counts': filingCounts(dialect),
        '0018_list_indexes': listIndexes,
        '0019_report_counts': reportCounts(dialect),
        '0020_benefit_cells': benefitCells(dialect),
        '0021_keyed_filings': keyedFilings,
        '0022_party_links_by_time': partyLinksByTime(dialect),
        '0023_party_links_swept': partyLinksSwept(dialect),
        '0024_party_links_by_tenant': partyLinksByTenant(dialect),
      };
    },
  };
}
