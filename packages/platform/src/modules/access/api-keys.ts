/**
 * API keys and console sessions. A key is a random 256-bit secret, stored as SHA-256 (a
 * high-entropy secret needs no slow hash). Every request looks its key up: a revocation or an
 * expiry takes effect at once, in every process. A session is a key exchanged for a cookie at
 * sign-in: its own random token (stored hashed), a CSRF token, and an expiry; revoking the key
 * revokes its sessions.
 */
import type { Clock, Crypto, IdGenerator } from '../../kernel/ports.js';
import { ROLES, type Principal, type Role } from '../../kernel/principal.js';
import { Problem } from '../../kernel/problem.js';
import type { ApiKeyRecord, ApiKeyRepository, SessionRecord } from './repository.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ApiKeyStore {
  readonly apiKeys: ApiKeyRepository;
}

const KEY_PREFIX = 'tlk_';
const SESSION_PREFIX = 'tls_';
/** How long a console session lasts. */
export const SESSION_HOURS = 8;

export interface NewKey {
  readonly tenant: string;
  readonly role: string;
  /** A `pga_officer` key's agency (required for that role, refused for the others). */
  readonly agency?: string | undefined;
  readonly label?: string | undefined;
  /** An instant, or a duration from now (`90d`, `12h`). */
  readonly expires?: string | undefined;
}

/** A key as listed: everything but the hash. */
export type KeyInfo = Omit<ApiKeyRecord, 'keyHash'> & { readonly status: 'active' | 'revoked' | 'expired' };

export interface Session {
  readonly token: string;
  readonly csrf: string;
  readonly expiresAt: string;
  readonly principal: Principal;
}

export class ApiKeys {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
  ) {}

  async create(input: NewKey): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(input.tenant)) {
      throw new Problem('TENANT_INVALID', 'a tenant id is 1-64 letters, digits, ".", "_" or "-"', 'tenant');
    }
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new Problem('ROLE_INVALID', `role must be one of ${ROLES.join(', ')}`, 'role');
    }
    const role = input.role as Role;
    const agency = input.agency?.trim() || null;
    if (role === 'pga_officer' && !agency)
      throw new Problem(
        'ROLE_INVALID',
        'a pga_officer key names its agency (as the PGA catalogue does: FDA, APHIS…)',
        'agency',
      );
    if (role !== 'pga_officer' && agency)
      throw new Problem('ROLE_INVALID', 'only a pga_officer key has an agency', 'agency');
    if (agency && !/^[A-Za-z][A-Za-z0-9 .&-]{0,39}$/.test(agency))
      throw new Problem(
        'ROLE_INVALID',
        'an agency is 1-40 letters, digits, spaces, ".", "&" or "-"',
        'agency',
      );
    const label = input.label?.trim().slice(0, 100) || null;
    const now = this.clock.now();
    const key = KEY_PREFIX + this.crypto.randomToken(32);
    const record: ApiKeyRecord = {
      id: this.ids.next('key'),
      tenant: input.tenant,
      role,
      agency: agency?.toUpperCase() ?? null,
      label,
      keyHash: this.crypto.sha256(key),
      createdAt: now,
      expiresAt: input.expires ? expiryOf(input.expires, now) : null,
      revokedAt: null,
    };
    await this.store.apiKeys.insert(record);
    return { key, record };
  }

  /** The principal a presented key stands for, or null (unknown, revoked or expired). */
  async authenticate(key: string): Promise<Principal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const rec = await this.store.apiKeys.findByHash(this.crypto.sha256(key));
    return rec && this.usable(rec) ? principalOf(rec) : null;
  }

  /** Keys, newest first, without their hashes. */
  async list(tenant: string | null = null): Promise<KeyInfo[]> {
    const now = this.clock.now();
    return (await this.store.apiKeys.list(tenant)).map(({ keyHash: _h, ...k }) => ({
      ...k,
      status: k.revokedAt ? 'revoked' : k.expiresAt !== null && k.expiresAt <= now ? 'expired' : 'active',
    }));
  }

  /** Revokes a key at once (and its console sessions). */
  async revoke(id: string): Promise<KeyInfo> {
    const rec = await this.store.apiKeys.get(id);
    if (!rec) throw new Problem('KEY_NOT_FOUND', `no API key ${id}`, 'id');
    if (rec.revokedAt)
      throw new Problem('KEY_REVOKED', `API key ${id} was revoked at ${rec.revokedAt}`, 'id');
    await this.store.apiKeys.revoke(id, this.clock.now());
    return (await this.list(rec.tenant)).find((k) => k.id === id)!;
  }

  /** A new key with the same tenant, role, agency, label and lifetime; the old one is revoked. */
  async rotate(id: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const rec = await this.store.apiKeys.get(id);
    if (!rec) throw new Problem('KEY_NOT_FOUND', `no API key ${id}`, 'id');
    if (rec.revokedAt)
      throw new Problem('KEY_REVOKED', `API key ${id} was revoked at ${rec.revokedAt}`, 'id');
    const lifetime =
      rec.expiresAt === null
        ? undefined
        : `${Math.max(1, Math.round((Date.parse(rec.expiresAt) - Date.parse(rec.createdAt)) / 3_600_000))}h`;
    const fresh = await this.create({
      tenant: rec.tenant,
      role: rec.role,
      agency: rec.agency ?? undefined,
      label: rec.label ?? undefined,
      expires: lifetime,
    });
    await this.store.apiKeys.revoke(id, this.clock.now());
    return fresh;
  }

  /** Signs in to the console: a session for a valid key. */
  async openSession(key: string): Promise<Session> {
    const principal = await this.authenticate(key);
    if (!principal) throw new Problem('UNAUTHENTICATED', 'unknown, revoked or expired API key', 'key');
    const now = this.clock.now();
    const token = SESSION_PREFIX + this.crypto.randomToken(32);
    const rec: SessionRecord = {
      id: this.ids.next('ses'),
      tokenHash: this.crypto.sha256(token),
      keyId: principal.keyId,
      csrf: this.crypto.randomToken(24),
      createdAt: now,
      expiresAt: new Date(Date.parse(now) + SESSION_HOURS * 3_600_000).toISOString(),
      revokedAt: null,
    };
    await this.store.apiKeys.insertSession(rec);
    return {
      token,
      csrf: rec.csrf,
      expiresAt: rec.expiresAt,
      principal: { ...principal, sessionId: rec.id },
    };
  }

  /** The principal of a session token, with its CSRF token and expiry; null when it is no longer valid. */
  async session(token: string): Promise<Omit<Session, 'token'> | null> {
    if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return null;
    const s = await this.store.apiKeys.findSession(this.crypto.sha256(token));
    if (!s || s.revokedAt || s.expiresAt <= this.clock.now()) return null;
    const rec = await this.store.apiKeys.get(s.keyId);
    if (!rec || !this.usable(rec)) return null;
    return { csrf: s.csrf, expiresAt: s.expiresAt, principal: { ...principalOf(rec), sessionId: s.id } };
  }

  /** A session's CSRF token and expiry (the session's own principal asks). */
  async sessionInfo(sessionId: string): Promise<{ csrf: string; expiresAt: string } | null> {
    const s = await this.store.apiKeys.getSession(sessionId);
    return s ? { csrf: s.csrf, expiresAt: s.expiresAt } : null;
  }

  /** Signs out: the session can no longer be used. */
  async closeSession(sessionId: string): Promise<void> {
    await this.store.apiKeys.revokeSession(sessionId, this.clock.now());
  }

  private usable(rec: ApiKeyRecord): boolean {
    return rec.revokedAt === null && (rec.expiresAt === null || rec.expiresAt > this.clock.now());
  }
}

const principalOf = (rec: ApiKeyRecord): Principal => ({
  tenant: rec.tenant,
  role: rec.role,
  keyId: rec.id,
  agency: rec.agency,
});

/** An expiry from an instant or a duration (`90d`, `12h`, `30m`) after `now`. */
export function expiryOf(text: string, now: string): string {
  const d = /^(\d{1,5})([dhm])$/.exec(text.trim());
  if (d) {
    const ms = Number(d[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[d[2] as 'd' | 'h' | 'm'];
    if (ms <= 0) throw new Problem('KEY_EXPIRY_INVALID', 'an expiry is in the future', 'expires');
    return new Date(Date.parse(now) + ms).toISOString();
  }
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(text))
    throw new Problem(
      'KEY_EXPIRY_INVALID',
      'an expiry is an ISO date or instant, or a duration like 90d, 12h or 30m',
      'expires',
    );
  if (new Date(at).toISOString() <= now)
    throw new Problem('KEY_EXPIRY_INVALID', 'an expiry is in the future', 'expires');
  return new Date(at).toISOString();
}
