/**
 * The console (packages/console, built by `npm ci`) served at `/`: its hashed assets cached for
 * good, index.html for every page address so deep links load, a strict Content-Security-Policy.
 * The API stays at /v1 and unknown /v1 paths still answer the JSON 404. Without a built console
 * (a checkout that has not run the build) nothing is served and the API works as before.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PACKAGE_ROOT } from '../platform/system/package-root.js';

/** Where `npm run build -w packages/console` writes the console. */
export const CONSOLE_DIR = join(PACKAGE_ROOT, '..', 'console', 'dist');

/** The console's page addresses (packages/console/src/router.tsx). */
export const CONSOLE_PAGES = [
  '/',
  '/queue',
  '/shipments',
  '/shipments/:id',
  '/entities/:id',
  '/alerts',
  '/trusted-traders',
  '/trusted-traders/:id',
  '/benefits',
  '/refdata',
  '/file',
  '/webhooks',
] as const;

/** No inline script or style; the API on the same origin; no framing. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const pageHeaders = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-cache');

/** Registers the console's files and pages; false when there is no built console to serve. */
export async function serveConsole(app: FastifyInstance, dir = CONSOLE_DIR): Promise<boolean> {
  if (!existsSync(`${dir}/index.html`)) {
    app.log.warn({ dir }, 'no built console: run `npm run build` to serve it at /');
    return false;
  }
  await app.register(fastifyStatic, {
    root: `${dir}/assets`,
    prefix: '/assets/',
    // Only what the build wrote, listed at start-up: no directory walks at request time.
    wildcard: false,
    index: false,
    serve: true,
    decorateReply: true,
    setHeaders: (res) => {
      res.header('cache-control', 'public, max-age=31536000, immutable');
      res.header('x-content-type-options', 'nosniff');
    },
  });
  for (const url of CONSOLE_PAGES) {
    app.get(url, { schema: { hide: true } }, (_req, reply) => pageHeaders(reply).sendFile('index.html', dir));
  }
  return true;
}
