/** Filing over HTTP: one shipment, a stream of them (NDJSON), and a filing read back. */
import { Readable } from 'node:stream';
import { Counter, Histogram } from 'prom-client';
import { z } from 'zod';
import { Problem } from '../../kernel/problem.js';
import { tenantScope } from '../../kernel/principal.js';
import { ShipmentSchema, type Shipment } from '../../kernel/shipment.js';
import { sendStream, type RoutesPlugin } from '../../platform/http/routes.js';
import {
  DataVersionBody,
  FindingBody,
  IdParams,
  JsonObject,
  errors,
  list,
} from '../../platform/http/schemas.js';
import { domainValidates } from '../../platform/http/zod.js';
import {
  ActionBody,
  CUSTOMS_STATUSES,
  DecisionBody,
  DecisionBrief,
  LANES,
  type Case,
} from '../risk/index.js';
import { ndjsonItems } from '../../platform/ingest/ndjson.js';
import { csvItems } from './adapters/csv-shipments.js';
import type { FilingService } from './filing-service.js';
import {
  FILERS,
  FILERS_AND_ALL_OFFICERS,
  FILERS_AND_OFFICERS,
  READERS,
  caller,
} from '../../platform/http/auth.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { dayAfter, isValidDate } from '../../kernel/dates.js';

export interface FilingRouteDeps {
  readonly filing: FilingService;
  /** The customs case of a filing: its decision and the officers' actions since. */
  caseFor(shipmentId: string): Promise<Case>;
  /** The customs cases of several filings, by id (a filing without a decision is absent). */
  casesFor(shipmentIds: readonly string[]): Promise<ReadonlyMap<string, Case>>;
  /** Whether a filing concerns an agency: what a PGA officer may read. */
  concerns(shipment: Shipment, agency: string): boolean;
  readonly batchLineLimit: number;
}

export const FilingResultBody = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(['accepted', 'rejected']),
    findings: list(FindingBody),
    ...DecisionBrief,
  })
  .meta({ id: 'FilingResult' });

const StoredFilingBody = z
  .object({
    id: z.string(),
    reference: z.string(),
    type: z.string(),
    status: z.enum(['accepted', 'rejected']),
    revision: z.number(),
    created_at: z.string(),
    shipment: JsonObject.describe('the filing as filed'),
    findings: list(FindingBody),
    lane: z.string().nullable(),
    customs_status: z.enum(CUSTOMS_STATUSES),
    decision: DecisionBody.nullable(),
    actions: list(ActionBody),
    data_versions: list(DataVersionBody),
  })
  .meta({ id: 'StoredFiling' });

const ShipmentListItem = z
  .object({
    id: z.string(),
    reference: z.string(),
    tenant: z.string(),
    type: z.string(),
    status: z.enum(['accepted', 'rejected']),
    lane: z.string().nullable().describe('the automated decision; null for a rejected filing'),
    customs_status: z.enum(CUSTOMS_STATUSES),
    port: z.string().nullable(),
    arrival_date: z.string(),
    created_at: z.string(),
  })
  .meta({ id: 'ShipmentListItem' });

const DateQuery = z.string().refine(isValidDate, 'a date YYYY-MM-DD');

const ShipmentListQuery = z.object({
  tenant: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("officers: one tenant's filings (a filer sees its own)"),
  status: z.enum(['accepted', 'rejected']).optional(),
  lane: z.enum(LANES).optional(),
  reference: z.string().min(1).max(100).optional().describe('exactly this reference'),
  from: DateQuery.optional().describe('filed on or after this day (UTC)'),
  to: DateQuery.optional().describe('filed on or before this day (UTC)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional().describe('the `next` of the previous page'),
});

const DashboardBody = z
  .object({
    day: z.string().describe('the UTC day counted'),
    at: z.string().describe('when the counts were read'),
    total: z.number(),
    by_lane_port: list(
      z.object({
        lane: z.string().nullable().describe('null: rejected filings'),
        port: z.string().nullable(),
        n: z.number(),
      }),
    ),
    outbox: z.object({
      pending: z.number().describe('events not yet published to the bus'),
      oldest_at: z.string().nullable(),
      oldest_age_s: z.number().nullable().describe('seconds since the oldest pending event was written'),
    }),
  })
  .meta({ id: 'Dashboard' });

const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().max(255, 'Idempotency-Key is at most 255 characters').optional(),
});

export const filingRoutes: RoutesPlugin<FilingRouteDeps> = async (app, { deps }) => {
  const filed = new Counter({
    name: 'tradelane_shipments_filed_total',
    help: 'Shipments filed, by outcome',
    labelNames: ['status', 'channel'],
    registers: [app.metrics],
  });
  // Single filings wait for their group commit (ADR 0030): a slow commit holds every filing in it
  // and those that arrive meanwhile, so its time is what an operator looks at first when p99 rises.
  const commitSeconds = new Histogram({
    name: 'tradelane_filing_commit_seconds',
    help: 'Group commits of single filings: the transaction, start to end',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
    labelNames: ['outcome'],
    registers: [app.metrics],
  });
  const commitFilings = new Histogram({
    name: 'tradelane_filing_commit_filings',
    help: 'Group commits of single filings: filings in the transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    labelNames: ['outcome'],
    registers: [app.metrics],
  });
  const unobserve = deps.filing.observeCommits((ms, rows, written) => {
    const outcome = written ? 'written' : 'failed';
    commitSeconds.observe({ outcome }, ms / 1000);
    commitFilings.observe({ outcome }, rows);
  });
  app.addHook('onClose', async () => unobserve());

  app.post(
    '/shipments',
    {
      config: { access: FILERS },
      // The filing contract is checked by the pipeline, the same way for one filing and a bulk line.
      validatorCompiler: domainValidates(),
      schema: {
        summary: 'File one shipment',
        description:
          'Validates and stores a filing. 201 when accepted (warnings in findings), 422 when any finding is an error (the filing is kept). Same Idempotency-Key and body → the same result; same key with another body → 409. A key ending in `#` and digits is refused (400 IDEMPOTENCY_KEY_INVALID): that form names a line of a batch.',
        tags: ['shipments'],
        headers: IdempotencyHeaders,
        body: ShipmentSchema,
        response: {
          201: FilingResultBody,
          422: FilingResultBody,
          ...errors(400, 401, 403, 409, 413, 415, 503),
        },
      },
    },
    async (req, reply) => {
      const key = idempotencyKey(req.headers['idempotency-key']);
      const { result, replayed } = await deps.filing.fileOne(caller(req).tenant, req.body, key, req.rawJson);
      if (!replayed) filed.inc({ status: result.status, channel: 'api' });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(result.status === 'accepted' ? 201 : 422).send(result);
    },
  );

  app.get(
    '/shipments',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary: "Filings, newest first: a filer's own; officers' of every tenant or one",
        description:
          'Keyset-paginated in a stable order (filing time, then id, newest first): pass the `next` of a page as `cursor`, with the same filters, for the following one; `next` is null at the end. A cursor given to other filters or another caller is CURSOR_INVALID. Read through an index whatever the size of the store.',
        tags: ['shipments'],
        querystring: ShipmentListQuery,
        response: {
          200: z.object({
            items: list(ShipmentListItem),
            next: z.string().nullable().describe('the cursor of the next page; null at the end'),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const who = caller(req);
      const { cursor, limit, from, to, ...filters } = req.query;
      let tenant = filters.tenant ?? null;
      if (who.role === 'filer') {
        if (tenant !== null && tenant !== who.tenant)
          throw new Problem('FORBIDDEN', "a filer lists its own tenant's filings only", 'tenant');
        tenant = who.tenant;
      }
      const scope = JSON.stringify([
        'shipments',
        who.role === 'filer' ? who.tenant : '*',
        tenant,
        filters,
        from,
        to,
      ]);
      const after = cursor === undefined ? null : decodeCursor(cursor, scope, ['string', 'string']);
      const rows = await deps.filing.list({
        ...filters,
        tenant,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to: dayAfter(to) } : {}),
        after: after ? { createdAt: after[0] as string, id: after[1] as string } : null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const cases = await deps.casesFor(page.filter((r) => r.lane !== null).map((r) => r.id));
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id,
          reference: r.reference,
          tenant: r.tenant,
          type: r.type,
          status: r.status,
          lane: r.lane,
          customs_status: cases.get(r.id)?.status ?? 'pending',
          port: r.port,
          arrival_date: r.arrivalDate,
          created_at: r.createdAt,
        })),
        next: rows.length > limit && last ? encodeCursor([last.createdAt, last.id], scope) : null,
      };
    },
  );

  app.get(
    '/dashboard',
    {
      config: { access: READERS },
      schema: {
        summary: "Officers and analysts: today's filings by lane and port; the outbox's backlog",
        description:
          'Counts the filings of the current UTC day from the store through the index (created_at, lane, port); `lane` is null for a rejected filing. `outbox` is what waits to be published to the bus: a backlog that grows, or an oldest event minutes old, means the relay is behind or stopped.',
        tags: ['officers'],
        response: { 200: DashboardBody, ...errors(401, 403) },
      },
    },
    async () => {
      const d = await deps.filing.dashboard();
      const age =
        d.outbox.oldestAt === null
          ? null
          : Math.max(0, (Date.parse(d.at) - Date.parse(d.outbox.oldestAt)) / 1000);
      return {
        day: d.day,
        at: d.at,
        total: d.total,
        by_lane_port: d.byLanePort,
        outbox: { pending: d.outbox.pending, oldest_at: d.outbox.oldestAt, oldest_age_s: age },
      };
    },
  );

  app.get(
    '/shipments/:id',
    {
      config: { access: FILERS_AND_ALL_OFFICERS },
      schema: {
        summary: 'Read a filing back: findings, lane decision (signals, rules, holds) and the data versions',
        tags: ['shipments'],
        params: IdParams,
        response: { 200: StoredFilingBody, ...errors(401, 404) },
      },
    },
    async (req) => {
      const who = caller(req);
      const s = await deps.filing.get(req.params.id, tenantScope(who));
      if (who.role === 'pga_officer' && !deps.concerns(s.shipment as Shipment, who.agency ?? ''))
        throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${req.params.id}`, 'id');
      const c = await deps.caseFor(s.id);
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
    '/shipments::batch',
    {
      config: { access: FILERS },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        summary: 'File many shipments (NDJSON or CSV in, NDJSON out, streamed)',
        description:
          'Content-Type: application/x-ndjson, one shipment per line; or text/csv, one row per line item with a header row, consecutive rows of the same reference forming one shipment (docs/formats.md). The response streams one result per non-blank line, in order: {line, id, reference, status, findings, lane?, …} or {line, reference?, error: {code, message, path}}. A bad line does not stop the others. With an Idempotency-Key, each line is filed under `<key>#<line>`: a retry of the same batch (after a dropped connection) answers the lines already filed with their earlier result and `replayed: true`, and files only the others; a line whose body changed is an IDEMPOTENCY_CONFLICT error line.',
        tags: ['shipments'],
        headers: IdempotencyHeaders,
        consumes: ['application/x-ndjson', 'text/csv'],
        response: {
          200: {
            description: 'one JSON result per input line (NDJSON)',
            content: {
              'application/x-ndjson': {
                schema: FilingResultBody.extend({ line: z.number(), replayed: z.boolean().optional() }),
              },
            },
          },
          ...errors(400, 401, 403, 415, 503),
        },
      },
    },
    async (req, reply) => {
      if (!(req.body instanceof Readable)) {
        throw new Problem(
          'MEDIA_TYPE_UNSUPPORTED',
          'send the batch as Content-Type: application/x-ndjson or text/csv',
          'headers.content-type',
        );
      }
      deps.filing.assertReady();
      // CSV: one row per line item, a shipment's rows together (docs/formats.md), as `tradelane file`.
      const csv = /^text\/csv\b/i.test(req.headers['content-type'] ?? '');
      const chunks = deps.filing.fileMany(
        caller(req).tenant,
        csv ? csvItems(req.body) : ndjsonItems(req.body, deps.batchLineLimit),
        200,
        true,
        idempotencyKey(req.headers['idempotency-key']),
      );
      const out = Readable.from(
        (async function* () {
          for await (const chunk of chunks) {
            filed.inc({ status: 'accepted', channel: 'batch' }, chunk.accepted);
            filed.inc({ status: 'rejected', channel: 'batch' }, chunk.rejected);
            if (chunk.lines.length > 0) yield chunk.lines.join('\n') + '\n';
          }
        })(),
      );
      return sendStream(reply.code(200).type('application/x-ndjson'), out);
    },
  );
};

/** The Idempotency-Key header: absent or empty → none; at most 255 characters. */
function idempotencyKey(header: string | string[] | undefined): string | null {
  const key = typeof header === 'string' && header !== '' ? header : null;
  if (key !== null && key.length > 255)
    throw new Problem(
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key is at most 255 characters',
      'headers.idempotency-key',
    );
  return key;
}
