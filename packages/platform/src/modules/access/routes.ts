/**
 * Access over HTTP: console sign-in (a key exchanged for an HttpOnly, SameSite=Strict session
 * cookie with a CSRF token), who is signed in, sign-out; and key management for admins.
 */
import { serialize } from 'cookie';
import { z } from 'zod';
import { ROLES, tenantScope } from '../../kernel/principal.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, errors, list } from '../../platform/http/schemas.js';
import { SESSION_HOURS, type ApiKeys } from './api-keys.js';
import { ADMINS, EVERYONE, SESSION_COOKIE, caller } from '../../platform/http/auth.js';

export interface AccessRouteDeps {
  readonly apiKeys: ApiKeys;
  /** Set the cookie's Secure flag (the console is served over HTTPS). */
  readonly secureCookies: boolean;
}

const PrincipalBody = z.object({
  tenant: z.string(),
  role: z.enum(ROLES),
  agency: z.string().nullable(),
  key_id: z.string(),
});

const SessionBody = z
  .object({
    principal: PrincipalBody,
    csrf_token: z.string().describe('send it back in x-csrf-token with every POST, PUT and DELETE'),
    expires_at: z.string(),
  })
  .meta({ id: 'Session' });

const KeyBody = z
  .object({
    id: z.string(),
    tenant: z.string(),
    role: z.enum(ROLES),
    agency: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    status: z.enum(['active', 'revoked', 'expired']),
  })
  .meta({ id: 'ApiKey' });

const NewKeyBody = z.strictObject({
  tenant: z.string().min(1).max(64),
  role: z.enum(ROLES),
  agency: z.string().min(1).max(40).optional(),
  label: z.string().max(100).optional(),
  expires: z.string().max(40).optional().describe('an ISO date or instant, or a duration: 90d, 12h, 30m'),
});

const CreatedKeyBody = z.object({
  key: z.string().describe('shown once: store it now'),
  record: KeyBody.omit({ status: true }),
});

export const accessRoutes: RoutesPlugin<AccessRouteDeps> = async (app, { deps }) => {
  const cookie = (value: string, maxAge: number) =>
    serialize(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      path: '/',
      maxAge,
    });
  const principalJson = (p: {
    tenant: string;
    role: (typeof ROLES)[number];
    agency: string | null;
    keyId: string;
  }) => ({
    tenant: p.tenant,
    role: p.role,
    agency: p.agency,
    key_id: p.keyId,
  });

  app.post(
    '/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in to the console: exchange an API key for a session cookie',
        description:
          'Sets an HttpOnly, SameSite=Strict cookie; answers who is signed in and the CSRF token every POST, PUT and DELETE of the session must send in x-csrf-token. Sessions last 8 hours and end when the key is revoked.',
        tags: ['access'],
        body: z.strictObject({ key: z.string().min(1).max(200) }),
        response: { 201: SessionBody, ...errors(400, 401) },
      },
    },
    async (req, reply) => {
      const s = await deps.apiKeys.openSession(req.body.key);
      void reply.header('set-cookie', cookie(s.token, SESSION_HOURS * 3600));
      return reply
        .code(201)
        .send({ principal: principalJson(s.principal), csrf_token: s.csrf, expires_at: s.expiresAt });
    },
  );

  app.get(
    '/session',
    {
      config: { access: EVERYONE },
      schema: {
        summary: 'Who is signed in: tenant, role, agency; the CSRF token of the session',
        tags: ['access'],
        response: {
          200: SessionBody.extend({ csrf_token: z.string().nullable(), expires_at: z.string().nullable() }),
          ...errors(401),
        },
      },
    },
    async (req) => {
      const who = caller(req);
      const s = who.sessionId ? await deps.apiKeys.sessionInfo(who.sessionId) : null;
      return { principal: principalJson(who), csrf_token: s?.csrf ?? null, expires_at: s?.expiresAt ?? null };
    },
  );

  app.delete(
    '/session',
    {
      config: { access: EVERYONE },
      schema: {
        summary: 'Sign out: the session ends and its cookie is cleared',
        tags: ['access'],
        response: { 204: z.null().describe('signed out'), ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      const who = caller(req);
      if (who.sessionId) await deps.apiKeys.closeSession(who.sessionId);
      void reply.header('set-cookie', cookie('', 0));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/keys',
    {
      config: { access: ADMINS },
      schema: {
        summary: 'Admins: every API key (never the key itself), with its status',
        tags: ['access'],
        querystring: z.object({ tenant: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ keys: list(KeyBody) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ keys: await deps.apiKeys.list(req.query.tenant ?? tenantScope(caller(req))) }),
  );

  app.post(
    '/keys',
    {
      config: { access: ADMINS },
      schema: {
        summary: 'Admins: create an API key (shown once)',
        tags: ['access'],
        body: NewKeyBody,
        response: { 201: CreatedKeyBody, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { key, record } = await deps.apiKeys.create(req.body);
      const { keyHash: _hash, ...rec } = record;
      return reply.code(201).send({ key, record: rec });
    },
  );

  app.post(
    '/keys/:id/revoke',
    {
      config: { access: ADMINS },
      schema: {
        summary: 'Admins: revoke a key at once (and its console sessions), in every process',
        tags: ['access'],
        params: IdParams,
        response: { 200: KeyBody, ...errors(401, 403, 404, 409) },
      },
    },
    async (req) => deps.apiKeys.revoke(req.params.id),
  );

  app.post(
    '/keys/:id/rotate',
    {
      config: { access: ADMINS },
      schema: {
        summary: 'Admins: a new key with the same tenant, role, agency and lifetime; the old one is revoked',
        tags: ['access'],
        params: IdParams,
        response: { 201: CreatedKeyBody, ...errors(401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const { key, record } = await deps.apiKeys.rotate(req.params.id);
      const { keyHash: _hash, ...rec } = record;
      return reply.code(201).send({ key, record: rec });
    },
  );
};
