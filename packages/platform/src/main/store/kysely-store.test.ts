import pg from 'pg';
import { storeContract } from './store.contract.js';
import { PG_URL, pgEnabled, tempSqliteUrl, uniqueSchema } from '../../testing/support.js';
import { openStore } from './open-store.js';

storeContract('SQLite', () => openStore({ url: tempSqliteUrl() }));

if (pgEnabled) {
  storeContract('PostgreSQL', async () => {
    const schema = uniqueSchema();
    const store = await openStore({ url: PG_URL, schema });
    const close = store.close.bind(store);
    // Drop the test schema when the suite closes the store.
    return Object.assign(store, {
      close: async () => {
        await close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`);
        await c.end();
      },
    });
  });
}
