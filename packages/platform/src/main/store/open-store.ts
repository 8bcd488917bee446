import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { ConfigError } from '../../platform/config/config.js';
import { BackgroundCheckpointer, RESTART_PAGES } from '../../platform/db/checkpointer.js';
import { gatedDialect } from '../../platform/db/gated-dialect.js';
import { OneSchemaPostgresDialect } from '../../platform/db/postgres-dialect.js';
import { KyselyStore } from './kysely-store.js';
import { SqliteShipments } from '../../modules/filing/index.js';
import { SqliteBenefitLedger } from '../../modules/trusted-trader/index.js';
import { SqliteApiKeys } from '../../modules/access/index.js';
import { SqliteRegistry } from '../../modules/parties/index.js';
import type { Database } from '../../platform/db/schema.js';

/**
 * The database drivers are optional dependencies, loaded when a URL asks for one: an embedded
 * install needs no PostgreSQL client, a PostgreSQL deployment no native SQLite build.
 */
async function driver<T>(name: 'better-sqlite3' | 'pg', setting: string): Promise<T> {
  try {
    return ((await import(name)) as { default: T }).default;
  } catch (e) {
    throw new Error(
      `${setting} needs the database driver "${name}", which is not installed (${(e as Error).message.split('\n')[0]}): run \`npm install ${name}\``,
    );
  }
}

let pgReady: typeof pg | null = null;
async function pgDriver(): Promise<typeof pg> {
  if (pgReady) return pgReady;
  const driverPg = await driver<typeof pg>('pg', 'TRADELANE_DATABASE_URL=postgres://…');
  // PostgreSQL int8 (counts, bigserial) as JS numbers: our values stay far below 2^53.
  driverPg.types.setTypeParser(20, (v) => Number(v));
  return (pgReady = driverPg);
}

export interface OpenOptions {
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…` */
  readonly url: string;
  /** PostgreSQL schema to use (created if missing); for isolated test runs. */
  readonly schema?: string;
  readonly poolSize?: number;
  /**
   * SQLite only. `auto` (default): SQLite checkpoints the WAL on commit, best for bulk throughput.
   * `background`: a worker thread checkpoints and restarts the WAL, so that a serving thread does
   * not copy it; the store's connection is then taken through that thread's gate (ADR 0030).
   */
  readonly checkpoints?: 'auto' | 'background';
}

/** Opens (and migrates) the store a database URL names. */
export async function openStore(opts: OpenOptions): Promise<KyselyStore> {
  if (opts.url.startsWith('postgres')) {
    let store: KyselyStore | null = null;
    try {
      store = await openPostgres(opts);
      await store.migrate();
      return store;
    } catch (e) {
      await store?.close().catch(() => undefined);
      const err = e as NodeJS.ErrnoException;
      // Not reachable, refused, wrong credentials or database: one line naming the setting.
      if (!err.code || !/^(E[A-Z]+|28|3D)/.test(err.code)) throw e;
      throw new ConfigError(
        `TRADELANE_DATABASE_URL=${opts.url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')}: cannot connect to PostgreSQL: ${err.message.split('\n')[0] || err.code} (${err.code})`,
      );
    }
  }
  const Sqlite = await driver<typeof BetterSqlite3>('better-sqlite3', 'TRADELANE_DATABASE_URL=sqlite:…');
  let store: KyselyStore | null = null;
  try {
    store = openSqlite(Sqlite, opts.url, opts.checkpoints ?? 'auto');
    await store.migrate();
    return store;
  } catch (e) {
    await store?.close().catch(() => undefined);
    // A missing folder that cannot be made, a read-only file or folder: one line naming both the
    // path and the setting.
    const path = opts.url.replace(/^sqlite:(\/\/)?/, '');
    const err = e as NodeJS.ErrnoException;
    const reason = err.code ? `${err.message.split('\n')[0]} (${err.code})` : (err.message ?? String(e));
    throw new ConfigError(
      `TRADELANE_DATABASE_URL=${opts.url}: cannot open the SQLite database ${resolve(path)} for writing: ${reason}; point the setting at a writable path, e.g. sqlite:./var/tradelane.db`,
    );
  }
}

/**
 * A server's WAL (pages; 768 MB at 8 KiB) at which the writer checkpoints itself, if the thread
 * cannot: above twice the thread's RESTART_PAGES, where the thread holds the writer whatever is
 * left. That checkpoint copies on the request path, so it is kept as low as that allows.
 */
const WRITER_FALLBACK_PAGES = 3 * RESTART_PAGES;

function openSqlite(
  Sqlite: typeof BetterSqlite3,
  url: string,
  checkpoints: 'auto' | 'background',
): KyselyStore {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Sqlite(path);
  // 8 KiB pages (ADR 0037): a commit writes each page it touched whole, and a server's group commit
  // of a few filings touches a page of every index, the party links' by entity at random: with
  // 16 KiB pages a filing over HTTP wrote ~140 KB (the WAL and its copy), with 8 KiB ~93 KB, and
  // the checkpointer thread's copies shrank with them. A bulk file's large transactions are as
  // fast either way; the database is ~5 % larger than with 16 KiB (4 KiB: ~13 %, a filing's row
  // alone fills most of a page). It only takes effect on a new database, before WAL is switched on.
  database.pragma('page_size = 8192');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  // Bulk writers checkpoint every 2,048 pages (16 MB) instead of 1,000: fewer, larger copies. A
  // server's WAL is copied, and restarted, by a background thread that holds the writer only for
  // the last few pages (ADR 0030, third amendment); the writer's own checkpoint stays as a bound
  // for when that thread cannot: it died, or another process writes the file without its gate.
  const background = checkpoints === 'background' && path !== ':memory:';
  const checkpointer = background ? new BackgroundCheckpointer(path) : null;
  database.pragma(`wal_autocheckpoint = ${checkpointer ? WRITER_FALLBACK_PAGES : 2048}`);
  const dialect = new SqliteDialect({ database: withStatementCache(database) });
  const db = new Kysely<Database>({
    dialect: checkpointer ? gatedDialect(dialect, checkpointer.gate) : dialect,
  });
  return new KyselyStore(
    db,
    'sqlite',
    async () => {
      await checkpointer?.stop();
    },
    {
      shipments: new SqliteShipments(db, database),
      ledger: new SqliteBenefitLedger(db, database),
      apiKeys: new SqliteApiKeys(db, database),
      registry: new SqliteRegistry(db, database),
      ...(checkpointer ? { wal: checkpointer } : {}),
    },
  );
}

async function openPostgres(opts: OpenOptions): Promise<KyselyStore> {
  const pg = await pgDriver();
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists "${opts.schema.replace(/"/g, '')}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    // A connection that cannot be made in 5 s is an outage (503), not a request left hanging.
    connectionTimeoutMillis: 5_000,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // A connection the server dropped (PostgreSQL restarted, crashed, failed over) emits 'error':
  // on the pool when idle, on the client when checked out between two queries (Kysely holds one
  // through a transaction). Unheard, either event ends the process. Heard, the next query on that
  // client fails (503 DATABASE_UNAVAILABLE at the HTTP edge), the pool discards the client when it
  // is released and connects anew when asked.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new OneSchemaPostgresDialect({ pool }, opts.schema ?? null) });
  return new KyselyStore(db, 'postgres', undefined, {}, opts.schema ?? 'public');
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a small
 * query. This view of the database hands out cached prepared statements by SQL text (bounded),
 * which is safe because Kysely runs one query at a time on the connection.
 */
function withStatementCache(database: BetterSqlite3.Database, size = 500): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      return (sql: string) => {
        let stmt = cache.get(sql);
        if (!stmt) {
          stmt = target.prepare(sql);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
          cache.set(sql, stmt);
        }
        return stmt;
      };
    },
  });
}
