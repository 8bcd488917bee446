import { Problem } from '../../kernel/problem.js';
import { ROLES, type Principal, type Role } from '../../kernel/principal.js';
import type { ApiKeyRecord } from './repository.js';
import type { Clock, Crypto, IdGenerator } from '../../kernel/ports.js';
import type { ApiKeyRepository } from './repository.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ApiKeyStore {
  readonly apiKeys: ApiKeyRepository;
}

const KEY_PREFIX = 'tlk_';

/** How long an authenticated key is remembered before the store is asked again. */
export const AUTH_CACHE_MS = 30_000;

/**
 * API keys: random 256-bit secrets, stored as SHA-256 (a high-entropy secret needs no slow hash).
 * Authentications are remembered for AUTH_CACHE_MS, so a revocation takes effect within that time.
 */
export class ApiKeys {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
  ) {}

  async create(tenant: string, role: string): Promise<{ key: string; record: ApiKeyRecord }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(tenant)) {
      throw new Problem('TENANT_INVALID', 'a tenant id is 1-64 letters, digits, ".", "_" or "-"', 'tenant');
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new Problem('ROLE_INVALID', `role must be one of ${ROLES.join(', ')}`, 'role');
    }
    const key = KEY_PREFIX + this.crypto.randomToken(32);
    const record: ApiKeyRecord = {
      id: this.ids.next('key'),
      tenant,
      role: role as Role,
      keyHash: this.crypto.sha256(key),
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.store.apiKeys.insert(record);
    return { key, record };
  }

  /** The principal a presented key stands for, or null. */
  async authenticate(key: string): Promise<Principal | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const hash = this.crypto.sha256(key);
    const now = Date.parse(this.clock.now());
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const rec = await this.store.apiKeys.findByHash(hash);
    const principal =
      rec && rec.revokedAt === null ? { tenant: rec.tenant, role: rec.role, keyId: rec.id } : null;
    if (this.cache.size >= 10_000) this.cache.clear(); // bounded: unknown keys must not grow it forever
    this.cache.set(hash, { principal, until: now + AUTH_CACHE_MS });
    return principal;
  }
}
