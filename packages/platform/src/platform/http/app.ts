import type { ProblemCode } from '../../kernel/errors.js';
import { Readable } from 'node:stream';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import type { ApiKeys, Principal } from '../../modules/access/index.js';
import type { FilingService } from '../../modules/filing/index.js';
import type { ReferenceService } from '../../modules/refdata/index.js';
import type { ScreeningService } from '../../modules/screening/index.js';
import type { RegistryService } from '../../modules/parties/index.js';
import type { DocumentService } from '../../modules/documents/index.js';
import { IdentifierSchema, parseShipment, PgaDeclarationSchema } from '../../kernel/shipment.js';
import { determineShipment } from '../../modules/pga/index.js';
import { paperlessReport } from '../../modules/pga/index.js';
import type { ClassificationService } from '../../modules/classification/index.js';
import { ACTIONS, caseOf, type OfficerService } from '../../modules/risk/index.js';
import { WEBHOOK_EVENTS, type WebhookService } from '../../modules/notifications/index.js';
import type { EventHub } from '../../modules/notifications/index.js';
import { LANES } from '../../modules/risk/index.js';
import { matchJson, parseScreenParty } from '../../modules/screening/index.js';
import { normalizeHts } from '../../kernel/hts-code.js';
import { Problem, isProblem } from '../../kernel/problem.js';
import { ShipmentSchema } from '../../kernel/shipment.js';
import { tariffOn } from '../../modules/refdata/index.js';
import type { Store } from '../../main/store/store.js';
import { ndjsonItems } from '../../modules/filing/index.js';
import { decodeUtf8, parseJsonText } from '../ingest/json-text.js';
import { statusFor } from './errors.js';
import { ErrorBody, bearer } from './schemas.js';
import { registerTrustedRoutes } from '../../modules/trusted-trader/index.js';
import type { TrustedTraderService } from '../../modules/trusted-trader/index.js';
import type { BenefitService } from '../../modules/trusted-trader/index.js';

export interface HttpDeps {
  readonly store: Store;
  readonly filing: FilingService;
  readonly reference: ReferenceService;
  readonly screening: ScreeningService;
  readonly registry: RegistryService;
  readonly documents: DocumentService;
  readonly classification: ClassificationService;
  readonly officer: OfficerService;
  readonly webhooks: WebhookService;
  readonly events: EventHub;
  readonly apiKeys: ApiKeys;
  readonly trusted: TrustedTraderService;
  readonly benefits: BenefitService;
  readonly bodyLimit: number;
  readonly batchLineLimit: number;
  readonly logLevel: string;
  readonly version: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** A JSON body as it arrived (decoded), kept so that a filing is stored as filed. */
    rawJson?: string;
  }
}

const Finding = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    path: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object' },
  },
} as const;

const FilingResult = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    status: { type: 'string', enum: ['accepted', 'rejected'] },
    findings: { type: 'array', items: Finding },
    lane: { type: 'string', enum: ['green', 'blue', 'yellow', 'red'] },
    score: { type: 'number' },
    signals: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, path: { type: 'string' }, weight: { type: 'number' } },
      },
    },
    holds: { type: 'array', items: { type: 'string' } },
  },
} as const;

const shipmentJsonSchema = z.toJSONSchema(ShipmentSchema, { target: 'draft-2020-12', io: 'input' });

/** Builds the HTTP API (Fastify). Pure wiring: every decision is made by the app layer. */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: deps.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given)
        ? given
        : `req_${crypto.randomUUID()}`;
    },
    requestIdHeader: false,
    // One log line per request, written in onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });

  // Schemas document the API (OpenAPI); zod in the domain validates. No second validator.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'tradelane_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const filed = new Counter({
    name: 'tradelane_shipments_filed_total',
    help: 'Shipments filed, by outcome',
    labelNames: ['status', 'channel'],
    registers: [registry],
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tradelane API',
        version: deps.version,
        description:
          'File shipments once; learn at once what is wrong with them. Error codes: docs/errors.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // JSON bodies: strict UTF-8, errors with line and column.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    try {
      const text = decodeUtf8(body as Buffer);
      req.rawJson = text;
      done(null, parseJsonText(text));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  // NDJSON bodies stream through untouched; the route reads them line by line.
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));
  // Document uploads arrive as raw bytes and are streamed to storage.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.setErrorHandler((err: FastifyError | Problem | Error, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    void reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `no route ${req.method} ${req.url.split('?')[0]}`,
      path: 'url',
    });
  });

  const authenticate = async (req: FastifyRequest) => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m)
      throw new Problem(
        'UNAUTHENTICATED',
        'send an API key as "Authorization: Bearer KEY"',
        'headers.authorization',
      );
    const p = await deps.apiKeys.authenticate(m[1]!);
    if (!p) throw new Problem('UNAUTHENTICATED', 'unknown or revoked API key', 'headers.authorization');
    req.principal = p;
  };
  /** A filer sees its own tenant; officers and admins see all. */
  const tenantScope = (req: FastifyRequest): string | null =>
    req.principal!.role === 'filer' ? req.principal!.tenant : null;
  const requireFilingRole = (req: FastifyRequest) => {
    if (req.principal!.role === 'officer') {
      throw new Problem(
        'FORBIDDEN',
        'officers review filings; filing needs a filer or admin key',
        'headers.authorization',
      );
    }
  };

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const db = await deps.store.ping();
    const snapshots = await deps.store.refdata.list().catch(() => []);
    const failures = snapshots.filter((s) => s.status === 'failed').slice(-10);
    const ready = db && deps.reference.isReady();
    const lists = deps.screening.current();
    return reply.code(ready ? 200 : 503).send({
      status: ready ? (lists.index ? 'ready' : 'degraded') : 'not_ready',
      checks: {
        database: db ? 'ok' : 'down',
        refdata: deps.reference.isReady() ? 'loaded' : 'missing',
        screening: lists.index ? 'loaded' : 'missing',
      },
      refdata: deps.reference.current().versions,
      screening: {
        lists: lists.versions,
        ...(lists.index ? lists.index.stats() : {}),
        built_at: lists.builtAt,
        build_ms: lists.buildMs,
      },
      recent_failures: failures.map((f) => ({
        dataset: f.dataset,
        source: f.source,
        error: f.error,
        at: f.createdAt,
      })),
    });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post(
    '/v1/shipments',
    {
      preHandler: authenticate,
      schema: {
        summary: 'File one shipment',
        description:
          'Validates and stores a filing. 201 when accepted (warnings in findings), 422 when any finding is an error (the filing is kept). Same Idempotency-Key and body → the same result; same key with another body → 409.',
        tags: ['shipments'],
        security: bearer,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
        body: shipmentJsonSchema,
        response: { 201: FilingResult, 422: FilingResult, 400: ErrorBody, 409: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      requireFilingRole(req);
      const keyHeader = req.headers['idempotency-key'];
      const key = typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : null;
      if (key !== null && key.length > 255)
        throw new Problem(
          'IDEMPOTENCY_KEY_INVALID',
          'Idempotency-Key is at most 255 characters',
          'headers.idempotency-key',
        );
      const { result, replayed } = await deps.filing.fileOne(
        req.principal!.tenant,
        req.body,
        key,
        req.rawJson,
      );
      if (!replayed) filed.inc({ status: result.status, channel: 'api' });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.status === 'accepted' ? 201 : 422).send(result);
    },
  );

  app.get(
    '/v1/shipments/:id',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Read a filing back: findings, lane decision (signals, rules, holds) and the data versions',
        tags: ['shipments'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 404: ErrorBody },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const s = await deps.filing.get(id, tenantScope(req));
      const c = caseOf(await deps.store.decisions.forShipment(s.id));
      return {
        id: s.id,
        reference: s.reference,
        type: s.type,
        status: s.status,
        revision: s.revision,
        created_at: s.createdAt,
        shipment: s.shipment,
        findings: s.findings,
        lane: s.decision?.lane ?? null,
        customs_status: c.status,
        decision: s.decision ?? null,
        actions: c.actions.map((a) => ({ seq: a.seq, ...a.action })),
        data_versions: s.versions,
      };
    },
  );

  app.post(
    '/v1/shipments::batch',
    {
      preHandler: authenticate,
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        summary: 'File many shipments (NDJSON in, NDJSON out, streamed)',
        description:
          'Content-Type: application/x-ndjson, one shipment per line. The response streams one result per non-blank line, in order: {line, id, reference, status, findings} or {line, error: {code, message, path}}. A bad line does not stop the others.',
        tags: ['shipments'],
        security: bearer,
        consumes: ['application/x-ndjson'],
      },
    },
    async (req, reply) => {
      requireFilingRole(req);
      if (!(req.body instanceof Readable)) {
        throw new Problem(
          'MEDIA_TYPE_UNSUPPORTED',
          'send the batch as Content-Type: application/x-ndjson',
          'headers.content-type',
        );
      }
      if (!deps.reference.isReady()) throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded');
      const tenant = req.principal!.tenant;
      const chunks = deps.filing.fileMany(tenant, ndjsonItems(req.body, deps.batchLineLimit), 200, true);
      const out = Readable.from(
        (async function* () {
          for await (const chunk of chunks) {
            filed.inc({ status: 'accepted', channel: 'batch' }, chunk.accepted);
            filed.inc({ status: 'rejected', channel: 'batch' }, chunk.rejected);
            if (chunk.lines.length > 0) yield chunk.lines.join('\n') + '\n';
          }
        })(),
      );
      return reply.code(200).type('application/x-ndjson').send(out);
    },
  );

  app.get(
    '/v1/tariff/:hts',
    {
      schema: {
        summary: 'One HTSUS line with its path, inherited rates, units and children',
        tags: ['tariff'],
        params: { type: 'object', properties: { hts: { type: 'string' } }, required: ['hts'] },
        querystring: { type: 'object', properties: { date: { type: 'string', format: 'date' } } },
        response: { 404: ErrorBody },
      },
    },
    async (req) => {
      const { hts } = req.params as { hts: string };
      const date = (req.query as { date?: string }).date ?? new Date().toISOString().slice(0, 10);
      const code = normalizeHts(hts);
      if (code === null) throw new Problem('HTS_INVALID_FORMAT', `"${hts}" is not an HTS number`, 'hts');
      const tariff = editionFor(deps.reference, date);
      const line = tariff.lookup(code);
      if (!line)
        throw new Problem('HTS_NOT_FOUND', `${hts} is not in the HTSUS ${tariff.info.edition}`, 'hts');
      return { edition: tariff.info.edition, ...line };
    },
  );

  app.get(
    '/v1/tariff',
    {
      schema: {
        summary: 'Ranked text search over the HTSUS (or list by code prefix)',
        tags: ['tariff'],
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            level: { type: 'string', enum: ['heading', 'subheading', 'tariff_line', 'statistical'] },
          },
          required: ['q'],
        },
      },
    },
    async (req) => {
      const q = TariffQuery.safeParse(req.query);
      if (!q.success) {
        const i = q.error.issues[0]!;
        throw new Problem('QUERY_INVALID', i.message, `query.${String(i.path[0] ?? '')}`);
      }
      const tariff = editionFor(deps.reference, new Date().toISOString().slice(0, 10));
      return { edition: tariff.info.edition, hits: tariff.search(q.data.q, q.data.limit, q.data.level) };
    },
  );

  app.get(
    '/v1/queue',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Officers: decided filings waiting, by lane, port and signal (newest first)',
        tags: ['officers'],
        security: bearer,
        querystring: {
          type: 'object',
          properties: {
            lane: { type: 'string', enum: [...LANES] },
            port: { type: 'string', maxLength: 10 },
            signal: { type: 'string', maxLength: 40 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
          required: ['lane'],
        },
      },
    },
    async (req) => {
      requireOfficer(req);
      const q = req.query as { lane: string; port?: string; signal?: string; limit?: number };
      return { items: await deps.officer.queue({ ...q, limit: q.limit ?? 100 }) };
    },
  );

  app.post(
    '/v1/shipments/:id/actions',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Officers: release, hold, request documents or record an exam result (audited)',
        description:
          'Body: {type: release|hold|request_documents|exam_result, note?, agency?, documents?: [...], found?, what?}. Appended to the hash-chained decision log; answers with the case (decision, actions, customs status).',
        tags: ['officers'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object' },
        response: { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => {
      requireOfficer(req);
      const b = ActionBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('ACTION_INVALID', i.message, i.path.join('.'));
      }
      const c = await deps.officer.act((req.params as { id: string }).id, req.principal!.keyId, b.data);
      return {
        customs_status: c.status,
        lane: c.decision?.lane ?? null,
        actions: c.actions.map((a) => ({ seq: a.seq, ...a.action })),
      };
    },
  );

  app.get(
    '/v1/rules/stats',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Officers and analysts: per rule, selections, exams and finds (the rule yield)',
        tags: ['officers'],
        security: bearer,
      },
    },
    async (req) => {
      requireOfficer(req);
      return { rules: await deps.officer.ruleStats() };
    },
  );

  app.post(
    '/v1/webhooks',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Filers: register a webhook for decisions and status changes of your filings',
        description:
          'Body: {url, events?: ["shipment.decided", "shipment.status", "trusted.status", "trusted.reminder"]}. The answer carries the secret once: each POST to your URL has x-tradelane-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>. Failed deliveries are retried with a doubling backoff (1 s to 1 h), ten attempts.',
        tags: ['webhooks'],
        security: bearer,
        body: { type: 'object' },
        response: {
          201: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              url: { type: 'string' },
              secret: { type: 'string' },
              events: { type: 'array', items: { type: 'string' } },
              createdAt: { type: 'string' },
            },
          },
          400: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const b = WebhookBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('REQUEST_INVALID', i.message, i.path.join('.'));
      }
      const w = await deps.webhooks.register(req.principal!.tenant, b.data.url, b.data.events);
      return reply.code(201).send(w);
    },
  );

  app.get(
    '/v1/webhooks',
    {
      preHandler: authenticate,
      schema: { summary: 'Filers: your webhooks (secrets not shown)', tags: ['webhooks'], security: bearer },
    },
    async (req) => ({
      webhooks: (await deps.store.webhooks.list(req.principal!.tenant)).map(({ secret: _secret, ...w }) => w),
    }),
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Filers: the latest deliveries of a webhook, with attempts and errors',
        tags: ['webhooks'],
        security: bearer,
      },
    },
    async (req) => {
      const id = (req.params as { id: string }).id;
      const mine = (await deps.store.webhooks.list(req.principal!.tenant)).some((w) => w.id === id);
      if (!mine) throw new Problem('WEBHOOK_NOT_FOUND', `no webhook ${id}`, 'id');
      return { deliveries: await deps.store.webhooks.deliveries(id, 100) };
    },
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      preHandler: authenticate,
      schema: { summary: 'Filers: delete a webhook', tags: ['webhooks'], security: bearer },
    },
    async (req, reply) => {
      const ok = await deps.store.webhooks.remove(req.principal!.tenant, (req.params as { id: string }).id);
      if (!ok) throw new Problem('WEBHOOK_NOT_FOUND', 'no such webhook', 'id');
      return reply.code(204).send();
    },
  );

  app.get(
    '/v1/events',
    {
      preHandler: authenticate,
      schema: {
        summary:
          'A stream (Server-Sent Events) of decisions and status changes: your filings, or all for officers',
        tags: ['webhooks'],
        security: bearer,
      },
    },
    async (req, reply) => {
      const tenant = tenantScope(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': tradelane events\n\n');
      const stop = deps.events.listen(tenant, (e) => {
        res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      });
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      ping.unref();
      req.raw.on('close', () => {
        clearInterval(ping);
        stop();
      });
    },
  );

  app.post(
    '/v1/classify',
    {
      schema: {
        summary: 'Suggest 10-digit HTS numbers for a product description',
        description:
          'Body: {description, top?} or {items: [{id?, description}], top?} (at most 1000). Answers with the top K numbers valid in the edition in force, each with a calibrated score (the probability that its subheading is right) and an explanation (tariff path, matching terms, nearest labeled examples, weighted score components, the tariff rules that applied), and abstain when the top score is below the configured threshold. Every answer names the model version.',
        tags: ['classification'],
        body: { type: 'object' },
        response: { 400: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => {
      const b = ClassifyBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('REQUEST_INVALID', i.message, i.path.join('.'));
      }
      const top = b.data.top ?? 5;
      const one = async (description: string) => {
        const r = await deps.classification.classify(description, top);
        return {
          model: r.model,
          suggestions: r.suggestions,
          abstain: r.abstain,
        };
      };
      if (b.data.items) {
        const results = [];
        for (const [i, it] of b.data.items.entries()) {
          const r = await one(it.description);
          results.push({ id: it.id ?? String(i), suggestions: r.suggestions, abstain: r.abstain });
        }
        return { model: deps.classification.current()?.version ?? null, results };
      }
      return one(b.data.description ?? '');
    },
  );

  app.get(
    '/v1/classify/model',
    {
      schema: {
        summary: 'The classifier in force: version, what it was built from, build time',
        tags: ['classification'],
      },
    },
    async () => {
      const m = deps.classification.current() ?? (await deps.classification.refresh());
      if (!m)
        throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
      return { version: m.version, ...m.stats, options: deps.classification.options };
    },
  );

  const requireOfficer = (req: FastifyRequest) => {
    if (req.principal!.role === 'filer') {
      throw new Problem('FORBIDDEN', 'this needs an officer or admin key', 'headers.authorization');
    }
  };

  app.post(
    '/v1/screen',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Screen one party, or a batch, against the watch lists',
        description:
          'Body: a party {id?, name, country?, type?, address?, birth_date?, identifiers?} or {parties: [...]} (at most 1000). Each result lists the matches at or above the thresholds, best first, with the score and its explanation; the list versions used are returned. A bad party gets an error in its own result.',
        tags: ['screening'],
        security: bearer,
        body: { type: 'object' },
        response: { 400: ErrorBody, 503: ErrorBody },
      },
    },
    async (req) => {
      const body = req.body as Record<string, unknown>;
      const batch = Array.isArray(body.parties);
      const parties = batch ? (body.parties as unknown[]) : [body];
      if (parties.length > 1000) {
        throw new Problem('LENGTH_INVALID', 'at most 1000 parties per request', 'parties');
      }
      if (!deps.screening.isReady()) {
        throw new Problem('SCREENING_NOT_READY', 'no watch list is loaded: import or sync the lists first');
      }
      const tenant = req.principal!.tenant;
      const results = parties.map((value, i) => {
        const p = parseScreenParty(value);
        if (!p.ok) {
          const path = batch ? `parties[${i}].${p.path}` : p.path;
          return {
            ...(p.id !== undefined ? { id: p.id } : {}),
            error: { code: p.code, message: p.message, path },
          };
        }
        const r = deps.screening.screen(p.query, { tenant, limit: 10 });
        return {
          ...(p.id !== undefined ? { id: p.id } : {}),
          matches: r.matches.map(matchJson),
          ...(r.suppressed.length ? { suppressed: r.suppressed.map((m) => m.entry.id) } : {}),
        };
      });
      const lists = deps.screening.current().versions;
      return batch ? { results, data_versions: lists } : { ...results[0], data_versions: lists };
    },
  );

  app.post(
    '/v1/screening/decisions',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Mark a (party, list entry) pair as a false positive (officers)',
        description:
          'Body: {party: {name, country?, …}, entity_id, reason}. The same party with the same data is not flagged for that entry again until the entry or the party changes.',
        tags: ['screening'],
        security: bearer,
        body: { type: 'object' },
        response: { 201: { type: 'object', additionalProperties: true }, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      requireOfficer(req);
      const body = req.body as { party?: unknown; entity_id?: unknown; reason?: unknown };
      const p = parseScreenParty(body.party);
      if (!p.ok) throw new Problem(p.code, p.message, `party.${p.path}`);
      if (typeof body.entity_id !== 'string')
        throw new Problem('FIELD_REQUIRED', 'entity_id is required', 'entity_id');
      const d = await deps.screening.markFalsePositive({
        tenant:
          typeof (body as { tenant?: unknown }).tenant === 'string'
            ? (body as { tenant: string }).tenant
            : req.principal!.tenant,
        party: p.query,
        entryId: body.entity_id,
        reason: typeof body.reason === 'string' ? body.reason : '',
        officer: req.principal!.keyId,
      });
      return reply.code(201).send(d);
    },
  );

  app.get(
    '/v1/alerts',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Alerts raised when a list change hit a stored party (newest first)',
        tags: ['screening'],
        security: bearer,
        querystring: {
          type: 'object',
          properties: { open: { type: 'boolean' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    },
    async (req) => {
      const q = req.query as { open?: boolean; limit?: number };
      const alerts = await deps.store.screening.alerts(tenantScope(req), {
        limit: q.limit ?? 100,
        ...(q.open ? { open: true } : {}),
      });
      return { alerts };
    },
  );

  app.post(
    '/v1/alerts/:id/acknowledge',
    {
      preHandler: authenticate,
      schema: {
        summary: 'An officer acknowledges a screening alert',
        tags: ['screening'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        querystring: { type: 'object', properties: { tenant: { type: 'string' } }, required: ['tenant'] },
        response: { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      requireOfficer(req);
      const { id } = req.params as { id: string };
      const { tenant } = req.query as { tenant: string };
      const done = await deps.store.screening.acknowledgeAlert(tenant, id, new Date().toISOString());
      if (!done) throw new Problem('ALERT_NOT_FOUND', `no open alert ${id} for tenant ${tenant}`, 'id');
      return { id, acknowledged: true };
    },
  );

  app.get(
    '/v1/entities/:id',
    {
      preHandler: authenticate,
      schema: {
        summary: 'An entity of the party registry and its graph',
        description:
          'Identifiers, roles seen, filings (a filer sees its own), ownership (parents, children), list hits on the entity and on its parents, who else ships for it (as manufacturer), and the audit trail of merges and splits.',
        tags: ['parties'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 404: ErrorBody },
      },
    },
    async (req) => deps.registry.graph((req.params as { id: string }).id, tenantScope(req)),
  );

  app.post(
    '/v1/resolve',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Which registry entity a party is: by identifier, then name, address and country',
        tags: ['parties'],
        security: bearer,
        body: { type: 'object' },
        response: { 400: ErrorBody },
      },
    },
    async (req) => {
      const b = ResolveBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem(
          i.code === 'invalid_type' ? 'TYPE_INVALID' : 'REQUEST_INVALID',
          i.message,
          i.path.join('.'),
        );
      }
      return deps.registry.resolve({
        name: b.data.name,
        country: b.data.country,
        city: b.data.city,
        identifiers: b.data.identifiers?.map((i) => ({ scheme: i.scheme.toUpperCase(), value: i.value })),
      });
    },
  );

  app.post(
    '/v1/entities/:id/merge',
    {
      preHandler: authenticate,
      schema: {
        summary: 'An officer merges another entity into this one (audited)',
        tags: ['parties'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object' },
        response: { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      requireOfficer(req);
      const b = req.body as { absorb?: unknown; reason?: unknown };
      if (typeof b.absorb !== 'string')
        throw new Problem('FIELD_REQUIRED', 'absorb: the id of the entity to merge in', 'absorb');
      return deps.registry.merge(
        (req.params as { id: string }).id,
        b.absorb,
        req.principal!.keyId,
        typeof b.reason === 'string' ? b.reason : '',
      );
    },
  );

  app.post(
    '/v1/entities/:id/split',
    {
      preHandler: authenticate,
      schema: {
        summary: "An officer splits some filings' parties off this entity into a new one (audited)",
        tags: ['parties'],
        security: bearer,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        body: { type: 'object' },
        response: {
          201: { type: 'object', additionalProperties: true },
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      requireOfficer(req);
      const b = SplitBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('REQUEST_INVALID', i.message, i.path.join('.'));
      }
      const e = await deps.registry.split(
        (req.params as { id: string }).id,
        b.data.parties.map((p) => ({ shipmentId: p.shipment_id, partyIndex: p.party_index })),
        req.principal!.keyId,
        b.data.reason,
        b.data.name,
      );
      return reply.code(201).send(e);
    },
  );

  // Documents belong to a filing or, as evidence, to a trusted-trader member: the same routes.
  for (const base of ['/v1/shipments', '/v1/trusted-traders']) {
    app.post(
      `${base}/:id/documents`,
      {
        preHandler: authenticate,
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          summary:
            base === '/v1/shipments'
              ? 'Upload a document for a filing or one of its lines (paperless)'
              : "Upload a trusted-trader member's evidence document (cite it in a requirement's evidence)",
          description:
            'Body: the file, Content-Type: application/octet-stream. Query: media_type (application/pdf, image/png, image/jpeg, image/tiff, application/xml, application/json; the bytes must show the same), filename (no path), type (invoice, certificate, permit…), agency?, line?. Optional header x-content-sha256: checked against the bytes. Stored content-addressed; nothing is kept of a refused upload.',
          tags: [base === '/v1/shipments' ? 'documents' : 'trusted traders'],
          security: bearer,
          consumes: ['application/octet-stream'],
          params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          querystring: {
            type: 'object',
            properties: {
              media_type: { type: 'string' },
              filename: { type: 'string' },
              type: { type: 'string', maxLength: 50 },
              agency: { type: 'string', maxLength: 20 },
              line: { type: 'integer', minimum: 0 },
            },
            required: ['media_type', 'filename', 'type'],
          },
          response: {
            201: { type: 'object', additionalProperties: true },
            400: ErrorBody,
            404: ErrorBody,
            413: ErrorBody,
            415: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        requireFilingRole(req);
        if (!(req.body instanceof Readable)) {
          throw new Problem(
            'MEDIA_TYPE_UNSUPPORTED',
            'send the document as Content-Type: application/octet-stream',
            'headers.content-type',
          );
        }
        const q = req.query as {
          media_type: string;
          filename: string;
          type: string;
          agency?: string;
          line?: number;
        };
        const sha = req.headers['x-content-sha256'];
        const length = req.headers['content-length'];
        const rec = await deps.documents.upload(
          {
            tenant: req.principal!.tenant,
            shipmentId: (req.params as { id: string }).id,
            lineIndex: q.line ?? null,
            agency: q.agency ?? null,
            docType: q.type,
            mediaType: q.media_type,
            filename: q.filename,
            sha256: typeof sha === 'string' ? sha : undefined,
            declaredLength: typeof length === 'string' ? Number(length) : undefined,
          },
          req.body,
        );
        return reply.code(201).send(rec);
      },
    );

    app.get(
      `${base}/:id/documents`,
      {
        preHandler: authenticate,
        schema: {
          summary: base === '/v1/shipments' ? "A filing's documents" : "A member's evidence documents",
          tags: [base === '/v1/shipments' ? 'documents' : 'trusted traders'],
          security: bearer,
          params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          response: { 404: ErrorBody },
        },
      },
      async (req) => ({
        documents: await deps.documents.list((req.params as { id: string }).id, tenantScope(req)),
      }),
    );
  }

  app.get(
    '/v1/shipments/:id/documents/:sha256',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Download a document (same access rules as the filing)',
        tags: ['documents'],
        security: bearer,
        params: {
          type: 'object',
          properties: { id: { type: 'string' }, sha256: { type: 'string' } },
          required: ['id', 'sha256'],
        },
        response: { 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { id, sha256 } = req.params as { id: string; sha256: string };
      const { rec, body } = await deps.documents.open(id, sha256, tenantScope(req));
      void reply
        .type(rec.mediaType)
        .header('content-length', rec.size)
        .header('content-disposition', `attachment; filename="${rec.filename.replace(/["\\]/g, '_')}"`);
      return reply.send(body);
    },
  );

  app.post(
    '/v1/pga/determine',
    {
      schema: {
        summary:
          'Which partner agencies want data for a shipment, what to file or disclaim, and what ACE would reject',
        description:
          'Body: a shipment in the canonical JSON (PGA data in each line\'s "pga" array), or {hts, pga?} for one number. Answers {reference, lines: [{line, hts, agencies: [{agency, program, flag, requirement, source (cbp_flag or inferred), allowed_disclaims, recommendation: {action, code?, reasons}}]}], rejects, warnings}.',
        tags: ['pga'],
        body: { type: 'object' },
        response: { 400: ErrorBody },
      },
    },
    async (req) => {
      const pga = deps.reference.current().pga;
      if (!pga) throw new Problem('REFDATA_NOT_READY', 'no PGA catalogue is loaded');
      const body = req.body as Record<string, unknown> | null;
      if (body && typeof body === 'object' && 'lines' in body) {
        const parsed = parseShipment(body);
        if (!parsed.ok) {
          const first = parsed.issues[0]!;
          throw new Problem('REQUEST_INVALID', first.message, first.path, { issues: parsed.issues });
        }
        return determineShipment(pga, parsed.shipment);
      }
      const b = PgaBody.safeParse(body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('REQUEST_INVALID', i.message, i.path.join('.'));
      }
      const code = normalizeHts(b.data.hts);
      if (code === null || code.length !== 10) {
        throw new Problem('HTS_INVALID_FORMAT', `"${b.data.hts}" is not a 10-digit HTS number`, 'hts');
      }
      return determineShipment(pga, {
        reference: null,
        entry_type: b.data.entry_type,
        lines: [{ hts: code, pga: b.data.pga ?? [] }],
      });
    },
  );

  app.get(
    '/v1/pga/agencies',
    {
      schema: {
        summary: 'Agency programs (what each message set must carry) and the documents each agency wants',
        description:
          'From the message-set policy in force: per agency its PG01 code, disclaim conditions and programs; and which documents it still requires, whether it accepts them electronically and whether it wants the paper original.',
        tags: ['pga'],
      },
    },
    async () => {
      const ms = deps.reference.current().pga?.messageSets ?? null;
      if (!ms) throw new Problem('REFDATA_NOT_READY', 'no PGA message-set policy is loaded');
      return ms;
    },
  );

  app.get(
    '/v1/pga/paperless',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Paperless rate per agency over stored filings',
        description:
          'Per agency: CBP-flagged line obligations met electronically, on paper (disclaim D, or a permit whose paper original the agency wants) or not at all, the documents uploaded, and paperless_rate = electronic / (electronic + paper). A filer sees its own filings.',
        tags: ['pga'],
        security: bearer,
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
            to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
          },
        },
      },
    },
    async (req) => {
      const q = req.query as { from?: string; to?: string };
      return paperlessReport(deps.store, deps.reference, {
        from: q.from,
        to: q.to,
        tenant: tenantScope(req),
      });
    },
  );

  app.get(
    '/v1/refdata/status',
    {
      schema: { summary: 'Reference data snapshots: active, superseded and failed loads', tags: ['refdata'] },
    },
    async () => ({ snapshots: await deps.store.refdata.list() }),
  );

  registerTrustedRoutes(app, deps, { authenticate, requireOfficer, tenantScope });

  return app;
}

const PgaBody = z.object({
  hts: z.string().max(20),
  entry_type: z.string().max(2).optional(),
  pga: z.array(PgaDeclarationSchema).max(20).optional(),
});

const WebhookBody = z.strictObject({
  url: z.string().min(1).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).optional(),
});

const ActionBody = z.strictObject({
  type: z.enum(ACTIONS),
  note: z.string().max(2000).optional(),
  agency: z.string().max(20).optional(),
  documents: z.array(z.string().min(1).max(50)).max(20).optional(),
  found: z.boolean().optional(),
  what: z.string().max(2000).optional(),
});

const ClassifyBody = z
  .object({
    description: z.string().max(200_000).optional(),
    items: z
      .array(z.object({ id: z.string().max(100).optional(), description: z.string().max(200_000) }))
      .min(1)
      .max(1000)
      .optional(),
    top: z.number().int().min(1).max(20).optional(),
  })
  .refine((b) => b.description !== undefined || b.items !== undefined, {
    message: 'give a description or items',
    path: ['description'],
  });

const ResolveBody = z.object({
  name: z.string().max(10_000),
  country: z.string().max(3).optional(),
  city: z.string().max(100).optional(),
  identifiers: z.array(IdentifierSchema).max(20).optional(),
});

const SplitBody = z.object({
  parties: z
    .array(z.object({ shipment_id: z.string().min(1), party_index: z.number().int().min(0) }))
    .min(1)
    .max(1000),
  reason: z.string().min(1),
  name: z.string().max(300).optional(),
});

const TariffQuery = z.object({
  q: z.string().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  level: z.enum(['heading', 'subheading', 'tariff_line', 'statistical']).optional(),
});

function editionFor(reference: ReferenceService, date: string) {
  const ref = reference.current();
  const t = tariffOn(ref, date) ?? ref.tariffs[ref.tariffs.length - 1];
  if (!t) throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded');
  return t;
}

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'REQUEST_INVALID',
};

export function toErrorBody(err: unknown): {
  status: number;
  body: { code: string; message: string; path: string; details?: unknown };
} {
  if (isProblem(err)) {
    return {
      status: statusFor(err.code),
      body: {
        code: err.code,
        message: err.message,
        path: err.path,
        ...(err.details ? { details: err.details } : {}),
      },
    };
  }
  const fe = err as FastifyError;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { status: statusFor(mapped), body: { code: mapped, message: fe.message, path: 'body' } };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: 'REQUEST_INVALID', message: fe.message, path: '' } };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'internal error; it has been logged with the request id', path: '' },
  };
}
