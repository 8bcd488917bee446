/**
 * The stores the store tests run on: SQLite on a temporary file and, when PostgreSQL is on
 * (TRADELANE_TEST_POSTGRES_URL), PostgreSQL in a schema of its own, dropped when the store closes.
 */
import pg from 'pg';
import type { KyselyStore } from '../main/store/kysely-store.js';
import { openStore } from '../main/store/open-store.js';
import { PG_URL, pgEnabled, tempSqliteUrl, uniqueSchema } from './support.js';

/** Each store's name and how to open a fresh, migrated one. */
export function testStores(): [name: string, open: () => Promise<KyselyStore>][] {
  const stores: [string, () => Promise<KyselyStore>][] = [
    ['SQLite', () => openStore({ url: tempSqliteUrl() })],
  ];
  if (pgEnabled)
    stores.push([
      'PostgreSQL',
      async () => {
        const schema = uniqueSchema();
        const store = await openStore({ url: PG_URL, schema });
        const close = store.close.bind(store);
        return Object.assign(store, {
          close: async () => {
            await close();
            await dropSchema(schema);
          },
        });
      },
    ]);
  return stores;
}

/** Drops a PostgreSQL schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
}
