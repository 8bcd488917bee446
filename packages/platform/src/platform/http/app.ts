/**
 * The HTTP app factory: Fastify with zod schemas (validation, types and OpenAPI from one schema),
 * strict JSON bodies that keep their text, default-deny authentication, one log line and one
 * metric per request, and errors mapped from their kind to a status. Capabilities add their routes
 * as plugins (modules/<m>/routes.ts); this file knows none of them.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProblemCode } from '../../kernel/errors.js';
import { Problem, isProblem } from '../../kernel/problem.js';
import { decodeUtf8, parseJsonText } from '../ingest/json-text.js';
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable } from '../db/unavailable.js';
import { useAuthentication, type Authenticator } from './auth.js';
import { rateLimitStore, type RateCounter } from './rate-limit-store.js';
import { statusFor } from './errors.js';
import { observeGcPauses } from '../system/gc-pauses.js';
import { zodSerializer, zodValidator } from './zod.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of this process (GET /metrics). */
    readonly metrics: Registry;
  }
  interface FastifyRequest {
    /** A JSON body as it arrived (decoded), kept so that a filing is stored as filed. */
    rawJson?: string;
  }
  interface FastifyContextConfig {
    /**
     * A route whose work grows with its input (classify, screen, resolve, determine, reports): each
     * key may call it `heavyPerMinute` times a minute (429 RATE_LIMITED with Retry-After).
     */
    heavy?: boolean;
  }
}

export interface HttpAppOptions {
  readonly logLevel: string;
  readonly bodyLimit: number;
  readonly version: string;
  readonly authenticator: Authenticator;
  /** Checks answers against their schemas (tests). */
  readonly checkResponses?: boolean;
  /** The process's metrics registry (a new one by default). */
  readonly metrics?: Registry;
  /** Requests a minute each key may make to each heavy route (`config.heavy`); 0: no limit. */
  readonly heavyPerMinute?: number;
  /** Where the heavy routes' counts are kept when processes share them (default: this process's memory). */
  readonly rateCounter?: RateCounter;
}

/** Builds the app without routes; register the modules' route plugins on it, then `ready()`. */
export async function createHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: opts.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given)
        ? given
        : `req_${crypto.randomUUID()}`;
    },
    requestIdHeader: false,
    // One log line per request, written in onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // What the router refuses before any route runs (a path parameter too long or not decodable),
    // and what Node's HTTP parser refuses (headers too large, too slow, broken framing): answered in
    // the API's error shape too, not Fastify's.
    // (Such a reply runs none of the app's hooks: its request id is set here.)
    frameworkErrors: (err, req, reply) => {
      const { status, body } = toErrorBody(err);
      errorsTotal.inc({ code: body.code });
      void (reply as FastifyReply)
        .code(status)
        .header('x-request-id', req.id)
        .type('application/json')
        .send(body);
    },
    clientErrorHandler: answerClientError,
  });
  app.setValidatorCompiler(zodValidator);
  app.setSerializerCompiler(zodSerializer(opts.checkResponses ?? false));

  const registry = opts.metrics ?? new Registry();
  if (!opts.metrics) {
    collectDefaultMetrics({ register: registry });
    const stopGc = observeGcPauses(registry);
    app.addHook('onClose', async () => stopGc());
  }
  app.decorate('metrics', registry);
  const httpDuration = new Histogram({
    name: 'tradelane_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const errorsTotal = new Counter({
    name: 'tradelane_http_errors_total',
    help: 'Error answers, by code',
    labelNames: ['code'],
    registers: [registry],
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tradelane API',
        version: opts.version,
        description:
          'File shipments once; learn at once what is wrong with them. Every answer has a schema; error codes: docs/errors.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // JSON bodies: strict UTF-8, errors with line and column, the text kept.
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
  // NDJSON and CSV bodies stream through untouched; the route reads them line by line.
  app.addContentTypeParser(['application/x-ndjson', 'text/csv'], (_req, payload, done) =>
    done(null, payload),
  );
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

  useAuthentication(app, opts.authenticator);
  await useRateLimits(app, opts.heavyPerMinute ?? 0, opts.rateCounter);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { status, body } = toErrorBody(err);
    if (body.code === 'DATABASE_UNAVAILABLE') {
      req.log.warn({ err: { message: (err as Error).message, code: err.code } }, 'database unavailable');
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
    } else if (status >= 500) req.log.error({ err }, 'unhandled error');
    errorsTotal.inc({ code: body.code });
    void reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({
      code: 'ROUTE_NOT_FOUND',
      message: `no route ${req.method} ${req.url.split('?')[0]}`,
      path: 'url',
    });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/**
 * Per-key limits on the heavy routes (@fastify/rate-limit): counted after authentication, by API
 * key (by address for a caller without one), one window a minute; in this process's memory, or
 * through `counter` when processes share the counts. Should the shared counter fail (the database
 * is away), the request is served rather than answered 500.
 */
async function useRateLimits(app: FastifyInstance, perMinute: number, counter?: RateCounter): Promise<void> {
  if (perMinute <= 0) return;
  // Runs before the plugin's own onRoute hook: a heavy route gets its limit as route config.
  app.addHook('onRoute', (route) => {
    if (route.config?.heavy)
      route.config = { ...route.config, rateLimit: { max: perMinute, timeWindow: 60_000 } };
  });
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    ...(counter ? { store: rateLimitStore(counter), skipOnError: true } : {}),
    keyGenerator: (req) => (req.principal ? `key:${req.principal.keyId}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) =>
      new Problem(
        'RATE_LIMITED',
        `at most ${ctx.max} requests a minute per key on this endpoint; retry after ${ctx.after}`,
        'headers.authorization',
        { max: ctx.max, retry_after_ms: ctx.ttl },
      ),
  });
}

/** The longest path parameter the router takes (Fastify's default, said in URL_TOO_LONG's message). */
export const MAX_PARAM_LENGTH = 100;

/** Fastify's own errors → the catalogue's code, and where (`body` unless said) and what to say. */
const FASTIFY_CODES: Readonly<Record<string, ProblemCode | [ProblemCode, string, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BODY_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_VALIDATION: 'REQUEST_INVALID',
  // Fastify's messages quote the whole parameter back: a few words instead.
  FST_ERR_MAX_PARAM_LENGTH: [
    'URL_TOO_LONG',
    'url',
    `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`,
  ],
  FST_ERR_BAD_URL: ['URL_INVALID', 'url', 'a path parameter is not valid percent-encoded UTF-8'],
};

/** Node's HTTP parser's refusals (no request exists yet) → the catalogue's code and message. */
export function clientErrorAnswer(err: { code?: string }): ErrorAnswer {
  const [code, message, path]: [ProblemCode, string, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'the request line and headers are larger than the server takes', 'headers']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'the request did not arrive in time', '']
        : ['REQUEST_INVALID', 'the request is not valid HTTP/1.1', ''];
  return { status: statusFor(code), body: { code, message, path } };
}

/**
 * Fastify's clientErrorHandler with the API's error body: the parser could not read a request, so
 * the answer is written to the socket, which is then closed (as Node and Fastify do by default).
 */
function answerClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A connection reset or closed has no one to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err }, 'client error');
  const { status, body } = clientErrorAnswer(err);
  const text = JSON.stringify(body);
  const busy = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (socket.writable && !busy) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

export interface ErrorAnswer {
  readonly status: number;
  readonly body: { code: string; message: string; path: string; details?: unknown };
}

/** An error as answered: a Problem with its code; Fastify's own by a table; anything else 500. */
export function toErrorBody(err: unknown): ErrorAnswer {
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
  if (isDatabaseUnavailable(err)) {
    return {
      status: statusFor('DATABASE_UNAVAILABLE'),
      body: {
        code: 'DATABASE_UNAVAILABLE',
        message: `the database cannot be reached; this request was not acknowledged: retry after ${DATABASE_RETRY_AFTER_S} s (filings with the same Idempotency-Key)`,
        path: '',
      },
    };
  }
  const fe = err as FastifyError;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (typeof mapped === 'string')
    return { status: statusFor(mapped), body: { code: mapped, message: fe.message, path: 'body' } };
  if (mapped)
    return { status: statusFor(mapped[0]), body: { code: mapped[0], message: mapped[2], path: mapped[1] } };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: 'REQUEST_INVALID', message: fe.message, path: '' } };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'internal error; it has been logged with the request id', path: '' },
  };
}
