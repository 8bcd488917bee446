/** API keys and console sessions on Kysely (SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import type { Role } from '../../kernel/principal.js';
import type { Database } from '../../platform/db/schema.js';
import type { ApiKeyRecord, ApiKeyRepository, SessionRecord } from './repository.js';

type KeyRow = Database['api_keys'];

const toKey = (r: KeyRow): ApiKeyRecord => ({
  id: r.id,
  tenant: r.tenant,
  role: r.role as Role,
  agency: r.agency,
  label: r.label,
  keyHash: r.key_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class KyselyApiKeys implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rec: ApiKeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: rec.id,
        tenant: rec.tenant,
        role: rec.role,
        agency: rec.agency,
        label: rec.label,
        key_hash: rec.keyHash,
        created_at: rec.createdAt,
        expires_at: rec.expiresAt,
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
    return r ? toKey(r) : null;
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toKey(r) : null;
  }

  async list(tenant: string | null): Promise<ApiKeyRecord[]> {
    let q = this.db.selectFrom('api_keys').selectAll();
    if (tenant !== null) q = q.where('tenant', '=', tenant);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toKey);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const r = await tx
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await tx
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('key_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return true;
    });
  }

  async insertSession(s: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        token_hash: s.tokenHash,
        key_id: s.keyId,
        csrf: s.csrf,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        revoked_at: s.revokedAt,
      })
      .execute();
  }

  async findSession(tokenHash: string): Promise<SessionRecord | null> {
    const r = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r ? toSession(r) : null;
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSession(r) : null;
  }

  async revokeSession(id: string, at: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

const toSession = (r: Database['sessions']): SessionRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  keyId: r.key_id,
  csrf: r.csrf,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});
