/**
 * The HTTP API of a process: the platform's app factory with every module's routes under /v1, and
 * the operator's endpoints (health, readiness). The one place that knows every route plugin.
 */
import type { FastifyInstance } from 'fastify';
import type { Shipment } from '../kernel/shipment.js';
import { createHttpApp } from '../platform/http/app.js';
import type { RoutesPlugin } from '../platform/http/routes.js';
import { accessRoutes } from '../modules/access/index.js';
import { classificationRoutes } from '../modules/classification/index.js';
import { documentRoutes } from '../modules/documents/index.js';
import { filingRoutes } from '../modules/filing/index.js';
import { notificationRoutes } from '../modules/notifications/index.js';
import { partyRoutes } from '../modules/parties/index.js';
import { pgaRoutes } from '../modules/pga/index.js';
import { refdataRoutes } from '../modules/reference/index.js';
import { riskRoutes } from '../modules/risk/index.js';
import { screeningRoutes } from '../modules/screening/index.js';
import { tariffRoutes } from '../modules/tariff/index.js';
import { trustedRoutes } from '../modules/trusted-trader/index.js';
import { systemClock } from '../platform/system/system.js';
import { serveConsole } from './console.js';
import { VERSION, type Container } from './container.js';

export interface HttpSettings {
  readonly bodyLimit: number;
  readonly batchLineLimit: number;
  readonly logLevel: string;
  readonly version: string;
  /** Check every answer against its schema (tests). */
  readonly checkResponses: boolean;
  /** Requests a minute per key on each heavy route (0: no limit). */
  readonly heavyPerMinute: number;
}

/** The app of a container, with the settings of its configuration unless overridden (tests). */
export async function buildApp(c: Container, over: Partial<HttpSettings> = {}): Promise<FastifyInstance> {
  const s: HttpSettings = {
    bodyLimit: c.config.TRADELANE_BODY_LIMIT,
    batchLineLimit: c.config.TRADELANE_BATCH_LINE_LIMIT,
    logLevel: c.config.TRADELANE_LOG_LEVEL,
    version: VERSION,
    checkResponses: process.env.TRADELANE_HTTP_CHECK_RESPONSES === '1',
    heavyPerMinute: c.config.TRADELANE_RATE_LIMIT_HEAVY,
    ...over,
  };
  const app = await createHttpApp({
    logLevel: s.logLevel,
    bodyLimit: s.bodyLimit,
    version: s.version,
    checkResponses: s.checkResponses,
    heavyPerMinute: s.heavyPerMinute,
    ...(c.store.rateLimits ? { rateCounter: c.store.rateLimits } : {}),
    authenticator: {
      key: (key) => c.apiKeys.authenticate(key),
      session: (token) => c.apiKeys.session(token),
    },
  });
  const v1 = <D>(plugin: RoutesPlugin<D>, deps: D) => app.register(plugin, { prefix: '/v1', deps });
  /** What a PGA officer may see: the filings that concern its agency. */
  const concerns = (shipment: Shipment, agency: string) => c.pga.concerns(shipment, agency);
  // A stored filing is the body that passed the contract when it was filed.
  const shipment = async (id: string) => (await c.filing.get(id, null)).shipment as Shipment;
  await v1(accessRoutes, { apiKeys: c.apiKeys, secureCookies: c.config.TRADELANE_SECURE_COOKIES });
  await v1(filingRoutes, {
    filing: c.filing,
    caseFor: (id) => c.officer.caseFor(id),
    casesFor: (ids) => c.officer.casesFor(ids),
    concerns,
    batchLineLimit: s.batchLineLimit,
  });
  await v1(tariffRoutes, { edition: (date) => c.reference.edition(date), clock: systemClock });
  await v1(refdataRoutes, { reference: c.reference });
  await v1(screeningRoutes, { screening: c.screening });
  await v1(partyRoutes, { registry: c.registry });
  await v1(pgaRoutes, { pga: c.pga });
  await v1(classificationRoutes, { classification: c.classification });
  await v1(riskRoutes, { officer: c.officer, concerns, shipment });
  await v1(notificationRoutes, { webhooks: c.webhooks, events: c.events });
  await v1(documentRoutes, { documents: c.documents, concerns, shipment });
  await v1(trustedRoutes, { trusted: c.trusted, benefits: c.benefits });
  operatorRoutes(app, c);
  // The console at / (its own file: main/console.ts).
  await serveConsole(app);
  await app.ready();
  return app;
}

/** Liveness and readiness: what an operator's load balancer asks. */
function operatorRoutes(app: FastifyInstance, c: Container): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const db = await c.store.ping();
    const snapshots = await c.reference.snapshots().catch(() => []);
    const failures = snapshots.filter((s) => s.status === 'failed').slice(-10);
    // A server started in the background is not ready before its lists and classifier are loaded.
    const ready = db && c.reference.isReady() && c.isWarm();
    const lists = c.screening.current();
    // Why not ready, in words a load balancer's log shows; the database down is worth a retry soon.
    const reasons = [
      ...(db ? [] : ['the database is unreachable']),
      ...(c.reference.isReady() ? [] : ['no HTSUS edition is loaded']),
      ...(c.isWarm() ? [] : ['warming up: lists, classifier and registry still loading']),
    ];
    if (!db) void reply.header('retry-after', '2'); // as the 503 DATABASE_UNAVAILABLE answers (ADR 0020)
    return reply.code(ready ? 200 : 503).send({
      status: ready ? (lists.index ? 'ready' : 'degraded') : 'not_ready',
      ...(ready ? {} : { reasons }),
      checks: {
        database: db ? 'ok' : 'down',
        refdata: c.reference.isReady() ? 'loaded' : 'missing',
        screening: lists.index ? 'loaded' : c.isWarm() ? 'missing' : 'loading',
        ...(c.isWarm() ? {} : { warm_up: 'in_progress' }),
      },
      refdata: c.reference.current().versions,
      screening: {
        lists: lists.versions,
        ...(lists.index ? lists.index.stats() : {}),
        built_at: lists.builtAt,
        build_ms: lists.buildMs,
      },
      recent_failures: failures.map((f) => ({ dataset: f.dataset, error: f.error, at: f.createdAt })),
    });
  });
}
