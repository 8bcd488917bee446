import { sql, type Kysely, type Migration } from 'kysely';

/*
 * 0021: the idempotency index holds keyed filings only. The list that orders the migrations is
 * migrationProvider in migrations.ts.
 */

/**
 * `shipments_idempotency` (tenant, idempotency_key) becomes partial, `where idempotency_key is not
 * null`. A filing without a key (every line of a bulk file) put a (tenant, NULL) entry in it that
 * no read can use, and NULLs are distinct in both dialects, so none was ever constrained: the
 * index did one B-tree insert per filing for nothing. The inserts' conflict target already says
 * `where idempotency_key is not null`, and the reads by key (`= ?`, `in (…)`) imply it, so both
 * dialects use the partial index for each (`read-plans.test.ts` checks SQLite's plans).
 */
export const keyedFilings: Migration = {
  async up(db: Kysely<unknown>) {
    // SQLite runs a migration outside a transaction: one stopped between the two statements is run
    // again from the start, and finds the index already dropped.
    await db.schema.dropIndex('shipments_idempotency').ifExists().execute();
    await db.schema
      .createIndex('shipments_idempotency')
      .on('shipments')
      .columns(['tenant', 'idempotency_key'])
      .unique()
      .where(sql.ref('idempotency_key'), 'is not', null)
      .execute();
  },
};
