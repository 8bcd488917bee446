import type { Role } from '../../kernel/principal.js';

export interface ApiKeyRecord {
  readonly id: string;
  readonly tenant: string;
  readonly role: Role;
  /** A `pga_officer` key's agency; null for other roles. */
  readonly agency: string | null;
  /** What the key is for (a person, a system), shown in listings. */
  readonly label: string | null;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  readonly keyHash: string;
  readonly createdAt: string;
  /** After this instant the key no longer authenticates; null: no expiry. */
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** A console session: a key exchanged for a cookie, with its own CSRF token and expiry. */
export interface SessionRecord {
  readonly id: string;
  /** SHA-256 of the session token (the cookie's value); the token itself is never stored. */
  readonly tokenHash: string;
  readonly keyId: string;
  /** The CSRF token every unsafe request of the session must send back (x-csrf-token). */
  readonly csrf: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface ApiKeyRepository {
  insert(rec: ApiKeyRecord): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  get(id: string): Promise<ApiKeyRecord | null>;
  /** Every key, newest first (one tenant's with a tenant). */
  list(tenant: string | null): Promise<ApiKeyRecord[]>;
  /** Revokes a key and its sessions; false when it is unknown or already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  insertSession(s: SessionRecord): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  getSession(id: string): Promise<SessionRecord | null>;
  revokeSession(id: string, at: string): Promise<void>;
}
