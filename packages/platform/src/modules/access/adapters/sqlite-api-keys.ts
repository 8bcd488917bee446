import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { KyselyApiKeys } from '../db.js';
import type { ApiKeyRecord } from '../repository.js';

/** Keys kept at most; past it the cache starts again (keys in use come back at once). */
const MAX_KEPT = 10_000;

/**
 * SQLite's key lookup for the hot path: every request presents a key, and reading it from the
 * database was about a tenth of a filing's CPU (issue 22). Keys found are kept in memory, and the
 * whole cache is dropped whenever the database may have changed under it:
 * - `PRAGMA data_version` moves when any other connection commits (another process — a
 *   `tradelane keys revoke` beside a server — or another thread), so a revocation there is seen by
 *   the next request, as before;
 * - a revocation or a new key written through this connection drops it too (data_version does not
 *   move for a connection's own writes).
 * Unknown keys are never kept (no one fills the cache by guessing), and a kept key's expiry is
 * still checked against the clock at each use (ApiKeys.usable).
 */
export class SqliteApiKeys extends KyselyApiKeys {
  private readonly kept = new Map<string, ApiKeyRecord>();
  private version: unknown = null;
  /** Moves at each write through this connection: a read that spans one is not kept. */
  private writes = 0;
  private readonly dataVersion: BetterSqlite3.Statement;

  constructor(db: Kysely<Database>, sqlite: BetterSqlite3.Database) {
    super(db);
    this.dataVersion = sqlite.prepare('pragma data_version').pluck();
  }

  override async findByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const version = this.dataVersion.get();
    if (version !== this.version) {
      this.kept.clear();
      this.version = version;
    }
    const hit = this.kept.get(keyHash);
    if (hit) return hit;
    const writes = this.writes;
    const rec = await super.findByHash(keyHash);
    // Kept only if nothing was written while it was read (else the next lookup reads again).
    if (rec && this.writes === writes && this.dataVersion.get() === version) {
      if (this.kept.size >= MAX_KEPT) this.kept.clear();
      this.kept.set(keyHash, rec);
    }
    return rec;
  }

  override async insert(rec: ApiKeyRecord): Promise<void> {
    try {
      await super.insert(rec);
    } finally {
      this.forget();
    }
  }

  override async revoke(id: string, at: string): Promise<boolean> {
    try {
      return await super.revoke(id, at);
    } finally {
      this.forget();
    }
  }

  private forget(): void {
    this.writes++;
    this.kept.clear();
  }
}
