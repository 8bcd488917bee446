import type { Kysely, Migration } from 'kysely';

/*
 * Indexes that keep officers' lists flat as the store grows (issue 22: the queue and the reports
 * must not scan). The list that orders them with the other migrations is migrationProvider in
 * migrations.ts; `read-plans.test.ts` fails when a list read sorts or scans a growing table.
 */

/**
 * - `shipments_created` becomes (created_at, id): the officers' list across tenants, newest first,
 *   and its date range, read in key order (its lane and port columns served the day's count by lane
 *   and port, which filing_counts holds since 0017); with `id` beside `created_at`, no page sorts
 *   the filings of its range.
 * - `shipments_lane_created` (lane, created_at, id): the officers' list of one lane across tenants
 *   (red is about 1 % of filings: without it, a page walked the whole index to find 50).
 * - screening alerts: open ones newest first (acknowledged_at, created_at, id) and every alert
 *   newest first (created_at, id); a tenant's (tenant, created_at, id), so the tie-break on id
 *   needs no sort either.
 */
export const listIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('shipments_created').execute();
    await db.schema.createIndex('shipments_created').on('shipments').columns(['created_at', 'id']).execute();
    await db.schema
      .createIndex('shipments_lane_created')
      .on('shipments')
      .columns(['lane', 'created_at', 'id'])
      .execute();
    await db.schema.dropIndex('screening_alerts_tenant').execute();
    await db.schema
      .createIndex('screening_alerts_tenant')
      .on('screening_alerts')
      .columns(['tenant', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('screening_alerts_open')
      .on('screening_alerts')
      .columns(['acknowledged_at', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('screening_alerts_created')
      .on('screening_alerts')
      .columns(['created_at', 'id'])
      .execute();
  },
};
