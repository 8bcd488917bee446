/**
 * Authentication is default-deny: every route under /v1 declares who may call it —
 * `config: { access: 'public' }` or `config: { access: [roles] }` — and a route that declares
 * nothing is refused at start-up. One `onRequest` hook decides, from that data, so the access rules
 * can be listed and tested (docs/security.md).
 *
 * Credentials: `Authorization: Bearer KEY`, or the console's session cookie. A request of a
 * session that changes something must carry the session's CSRF token (`x-csrf-token`); the cookie
 * is also HttpOnly and SameSite=Strict.
 */
import { parse as parseCookie } from 'cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../../kernel/problem.js';
import type { Principal, Role } from '../../kernel/principal.js';

/** Who may call a route: anyone (`public`), or the roles listed. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller, set by the authentication hook (absent on public routes called without credentials). */
    principal?: Principal;
  }
}

/** How a request proves who it is; the access module implements it. */
export interface Authenticator {
  /** The principal of a bearer key; null when unknown, revoked or expired. */
  key(key: string): Promise<Principal | null>;
  /** The principal of a session token and the session's CSRF token; null when no longer valid. */
  session(token: string): Promise<{ principal: Principal; csrf: string } | null>;
}

/** The console's session cookie. */
export const SESSION_COOKIE = 'tl_session';

const BEARER = /^Bearer\s+(\S+)$/i;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function useAuthentication(app: FastifyInstance, auth: Authenticator): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1')) return;
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(
        `${String(route.method)} ${route.url} declares no access (config.access): every /v1 route must`,
      );
    // The OpenAPI document says which routes need no credentials.
    if (access === 'public' && route.schema) route.schema = { ...route.schema, security: [] };
  });
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    // Unmatched URLs go to the not-found handler; routes outside /v1 (health, metrics, the
    // OpenAPI document, the console's files) are not the API.
    if (url === undefined || !url.startsWith('/v1')) return;
    const access = req.routeOptions.config.access!;
    const p = await credentials(req, auth);
    if (p === null) {
      if (access === 'public') return;
      throw new Problem(
        'UNAUTHENTICATED',
        'send an API key as "Authorization: Bearer KEY", or sign in to the console',
        'headers.authorization',
      );
    }
    req.principal = p;
    if (access !== 'public' && !access.includes(p.role)) {
      throw new Problem(
        'FORBIDDEN',
        `this needs the role ${access.join(' or ')}; yours is ${p.role}`,
        'headers.authorization',
      );
    }
  });
}

/** The principal of the request's credentials: null when it sends none; a Problem when they are bad. */
async function credentials(req: FastifyRequest, auth: Authenticator): Promise<Principal | null> {
  const h = req.headers.authorization;
  if (h !== undefined) {
    const m = typeof h === 'string' ? BEARER.exec(h) : null;
    const p = m ? await auth.key(m[1]!) : null;
    if (!p)
      throw new Problem('UNAUTHENTICATED', 'unknown, revoked or expired API key', 'headers.authorization');
    return p;
  }
  const cookies = typeof req.headers.cookie === 'string' ? parseCookie(req.headers.cookie) : {};
  const token = cookies[SESSION_COOKIE];
  if (!token) return null;
  const s = await auth.session(token);
  if (!s) throw new Problem('UNAUTHENTICATED', 'the console session ended: sign in again', 'headers.cookie');
  if (!SAFE.has(req.method) && req.headers['x-csrf-token'] !== s.csrf)
    throw new Problem(
      'CSRF_INVALID',
      "send the session's CSRF token in x-csrf-token",
      'headers.x-csrf-token',
    );
  return s.principal;
}

/** The caller of an authenticated route (the hook has set it). */
export function caller(req: FastifyRequest): Principal {
  if (!req.principal)
    throw new Problem('UNAUTHENTICATED', 'this route needs credentials', 'headers.authorization');
  return req.principal;
}

/** Role groups routes declare (ADR 0011, docs/security.md). */
export const FILERS: readonly Role[] = ['filer', 'admin'];
export const OFFICERS: readonly Role[] = ['officer', 'admin'];
/** Customs and agency officers: what a PGA officer may also see, limited to its agency. */
export const ALL_OFFICERS: readonly Role[] = ['officer', 'pga_officer', 'admin'];
/** Reports: officers and analysts. */
export const READERS: readonly Role[] = ['officer', 'analyst', 'admin'];
/** Filers (their own tenant) and customs officers. */
export const FILERS_AND_OFFICERS: readonly Role[] = ['filer', 'officer', 'admin'];
/** Filers (their own tenant), customs officers, and agency officers (their agency's filings). */
export const FILERS_AND_ALL_OFFICERS: readonly Role[] = ['filer', 'officer', 'pga_officer', 'admin'];
/** Everyone with a key. */
export const EVERYONE: readonly Role[] = ['filer', 'officer', 'pga_officer', 'analyst', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
