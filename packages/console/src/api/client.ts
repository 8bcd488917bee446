/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from the API's
 * OpenAPI document at build time (schema.d.ts; never written by hand). The session cookie travels by
 * itself (same origin, HttpOnly); every request that changes something carries the session's CSRF
 * token, which lives in memory only.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Finding = Schemas['Finding'];
export type StoredFiling = Schemas['StoredFiling'];
export type Decision = Schemas['Decision'];
export type Session = Schemas['Session'];
export type Role = Session['principal']['role'];

/** An answer of the API that is not 2xx: its stable code, message and the place it concerns. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrf: string | null = null;
/** Remembers the CSRF token of the session (from sign-in or GET /v1/session). */
export const setCsrf = (token: string | null): void => {
  csrf = token;
};

/** The session's CSRF token, for requests made outside the typed client (uploads with progress). */
export const csrfToken = (): string | null => csrf;

const csrfHeader: Middleware = {
  onRequest({ request }) {
    if (csrf && !['GET', 'HEAD', 'OPTIONS'].includes(request.method))
      request.headers.set('x-csrf-token', csrf);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrfHeader);

/** The data of an answer, or an ApiError with the API's code, message and path. */
export function must<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.response.ok) return r.data as T;
  const e = (r.error ?? {}) as { code?: string; message?: string; path?: string; details?: unknown };
  throw new ApiError(
    r.response.status,
    e.code ?? `HTTP_${r.response.status}`,
    e.message ?? r.response.statusText,
    e.path ?? '',
    e.details,
  );
}
