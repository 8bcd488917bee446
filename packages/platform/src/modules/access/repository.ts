import type { Role } from '../../kernel/principal.js';

export interface ApiKeyRecord {
  readonly id: string;
  readonly tenant: string;
  readonly role: Role;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  readonly keyHash: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeyRepository {
  insert(rec: ApiKeyRecord): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | null>;
}
