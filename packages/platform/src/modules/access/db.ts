/** API keys on Kysely (SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import type { Role } from '../../kernel/principal.js';
import type { Database } from '../../platform/db/schema.js';
import type { ApiKeyRecord, ApiKeyRepository } from './repository.js';

export class KyselyApiKeys implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rec: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: rec.id,
        tenant: rec.tenant,
        role: rec.role,
        key_hash: rec.keyHash,
        created_at: rec.createdAt,
        revoked_at: rec.revokedAt,
      })
      .execute();
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const r = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          tenant: r.tenant,
          role: r.role as Role,
          keyHash: r.key_hash,
          createdAt: r.created_at,
          revokedAt: r.revoked_at,
        }
      : null;
  }
}
