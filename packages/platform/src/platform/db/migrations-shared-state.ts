import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './migrations.js';

/*
 * The migrations that let several processes share one database (scale-out): claims on the outbox,
 * counters every process adds to, and document bytes any server can read. The list that orders
 * them with the others is migrationProvider in migrations.ts.
 */

/**
 * Scale-out: an outbox event is claimed by one relay for a lease (a relay that dies mid-batch
 * lets it go when the lease ends); risk state every process shares (capacity used per port and
 * day, parcels per seller and consignee); parties resolved once however many processes see them.
 */
export function scaleOut(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute();
      await db.schema
        .createTable('risk_counters')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('n', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('risk_counters_pk', ['scope', 'key', 'day'])
        .execute();
      await db.schema.createIndex('risk_counters_day').on('risk_counters').column('day').execute();
    },
  };
}

/**
 * Rate-limit windows every process shares (PostgreSQL; an embedded server counts in memory): one
 * row per route and key, the window's end in epoch milliseconds and the requests counted in it.
 */
export function rateLimits(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (c) => c.primaryKey())
        .addColumn('window_ends', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Document bytes in the database (scale-out: every server reads what any server stored). A blob is
 * written as chunks under an upload id, then named by its SHA-256 in one row when complete; chunks
 * of an upload never named (a process that died mid-upload) are swept after an hour.
 */
export function sharedBlobs(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('upload_id', 'text', (c) => c.notNull().unique())
        .addColumn('size', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('blob_chunks')
        .addColumn('upload_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_chunks_pk', ['upload_id', 'seq'])
        .execute();
    },
  };
}
