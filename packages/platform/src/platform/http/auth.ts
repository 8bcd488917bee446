/**
 * Authentication is default-deny: every route under /v1 needs an API key unless its options say
 * `config: { access: 'public' }`; `access: [roles]` narrows it to those roles. The decision is made
 * once, in an onRequest hook, from data on the route — so the access rules can be listed and tested.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../../kernel/problem.js';
import type { Principal, Role } from '../../kernel/principal.js';

/** Who may call a route: anyone (`public`), or the roles listed; absent: any signed-in role. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller, set by the authentication hook (absent on public routes called without a key). */
    principal?: Principal;
  }
}

export type Authenticate = (key: string) => Promise<Principal | null>;

const BEARER = /^Bearer\s+(\S+)$/i;

/** The authentication hook of the API. */
export function useAuthentication(app: FastifyInstance, authenticate: Authenticate): void {
  // The OpenAPI document says which routes need no key.
  app.addHook('onRoute', (route) => {
    if (route.config?.access === 'public' && route.schema) route.schema = { ...route.schema, security: [] };
  });
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    // Unmatched URLs go to the not-found handler; routes outside /v1 (health, metrics, the
    // OpenAPI document, the console's files) are not the API.
    if (url === undefined || !url.startsWith('/v1')) return;
    const access = req.routeOptions.config.access;
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? BEARER.exec(h) : null;
    if (access === 'public' && !m) return;
    if (!m)
      throw new Problem(
        'UNAUTHENTICATED',
        'send an API key as "Authorization: Bearer KEY"',
        'headers.authorization',
      );
    const p = await authenticate(m[1]!);
    if (!p) throw new Problem('UNAUTHENTICATED', 'unknown or revoked API key', 'headers.authorization');
    req.principal = p;
    if (access !== undefined && access !== 'public' && !access.includes(p.role)) {
      throw new Problem(
        'FORBIDDEN',
        `this needs a key with the role ${access.join(' or ')}; yours is ${p.role}`,
        'headers.authorization',
      );
    }
  });
}

/** The caller of an authenticated route (the hook has set it). */
export function caller(req: FastifyRequest): Principal {
  if (!req.principal)
    throw new Problem('UNAUTHENTICATED', 'this route needs an API key', 'headers.authorization');
  return req.principal;
}

export const FILERS: readonly Role[] = ['filer', 'admin'];
export const OFFICERS: readonly Role[] = ['officer', 'admin'];
