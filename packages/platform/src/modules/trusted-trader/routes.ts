import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MEMBER_ACTIONS } from './domain/lifecycle.js';
import { MEMBER_STATUSES } from './domain/program.js';
import { Problem } from '../../kernel/problem.js';
import { benefitReportCsv } from './adapters/benefit-report-csv.js';
import { evidencePackHtml } from './adapters/evidence-pack-html.js';
import type { HttpDeps } from '../../platform/http/app.js';
import { ErrorBody, bearer } from '../../platform/http/schemas.js';
import type { StoredSupplyChain } from './repository.js';

const tags = ['trusted traders'];
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

const ActionBody = z.strictObject({
  action: z.enum(MEMBER_ACTIONS),
  reason: z.string().max(2000).optional(),
  officer: z.string().max(100).optional(),
  questions: z.string().max(4000).optional(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

/** A stored map as answered: the map, its warnings and its last nexus check. */
const chainJson = (row: StoredSupplyChain) => ({
  product: row.product,
  warnings: row.warnings,
  nexus: row.nexus,
  checked_at: row.checkedAt,
  lists: row.lists,
  map: row.map,
});

const day = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/** The trusted-trader program and the benefit report over HTTP. */
export function registerTrustedRoutes(
  app: FastifyInstance,
  deps: HttpDeps,
  auth: {
    readonly authenticate: (req: FastifyRequest) => Promise<void>;
    readonly requireOfficer: (req: FastifyRequest) => void;
    readonly tenantScope: (req: FastifyRequest) => string | null;
  },
): void {
  const { authenticate, requireOfficer, tenantScope } = auth;
  const params = (req: FastifyRequest) =>
    req.params as { id: string; requirement?: string; product?: string };

  app.get(
    '/v1/trusted-traders/program',
    { schema: { summary: 'The program in force: eligibility, requirements, benefit policies, costs', tags } },
    async () => ({ ...deps.trusted.program.program, sha256: deps.trusted.program.sha256 }),
  );

  app.post(
    '/v1/trusted-traders/applications',
    {
      preHandler: authenticate,
      schema: {
        summary: 'An importer applies: {company: {name, country, identifiers}, answers}',
        description:
          'Eligibility is checked at once and explained per rule (pass, fail, missing, invalid, contradictory), with the answers that contradict each other. The application starts in status applicant.',
        tags,
        security: bearer,
        body: { type: 'object' },
        response: { 201: { type: 'object', additionalProperties: true }, 400: ErrorBody, 422: ErrorBody },
      },
    },
    async (req, reply) => {
      const m = await deps.trusted.apply(req.principal!.tenant, req.principal!.keyId, req.body);
      return reply.code(201).send(m);
    },
  );

  app.get(
    '/v1/trusted-traders',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Members and applications (a filer sees its own)',
        tags,
        security: bearer,
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: [...MEMBER_STATUSES] } },
        },
      },
    },
    async (req) => ({
      members: await deps.trusted.list({
        tenant: tenantScope(req),
        status: (req.query as { status?: string }).status,
      }),
    }),
  );

  app.get(
    '/v1/trusted-traders/reminders',
    {
      preHandler: authenticate,
      schema: { summary: 'Annual self-assessments due soon or overdue', tags, security: bearer },
    },
    async (req) => ({ reminders: await deps.trusted.reminders(tenantScope(req)) }),
  );

  app.get(
    '/v1/trusted-traders/:id',
    {
      preHandler: authenticate,
      schema: {
        summary: 'A member: status, eligibility, requirements, history, reminder, supply chains',
        tags,
        security: bearer,
        params: idParam,
        response: { 404: ErrorBody },
      },
    },
    async (req) => deps.trusted.view(params(req).id, tenantScope(req)),
  );

  app.post(
    '/v1/trusted-traders/:id/actions',
    {
      preHandler: authenticate,
      schema: {
        summary:
          'Review and status: assign, request_information, respond, certify, validate, deny, suspend, reinstate, remove, self_assessment',
        description:
          'Officers review; the applicant responds to a request for information and submits its annual self-assessment. Each action is checked against the status (TT_TRANSITION_INVALID), needs a reason where it takes something away, and is recorded with its date, actor and reason.',
        tags,
        security: bearer,
        params: idParam,
        body: { type: 'object' },
        response: { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const b = ActionBody.safeParse(req.body);
      if (!b.success) {
        const i = b.error.issues[0]!;
        throw new Problem('TT_ACTION_INVALID', i.message, i.path.join('.'));
      }
      const tenant = tenantScope(req);
      return deps.trusted.act(params(req).id, req.principal!.keyId, b.data, tenant);
    },
  );

  app.post(
    '/v1/trusted-traders/:id/requirements/:requirement/evidence',
    {
      preHandler: authenticate,
      schema: {
        summary: 'The member submits evidence for a forced-labor requirement: {documents: [doc ids], note?}',
        tags,
        security: bearer,
        body: { type: 'object' },
        response: { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      deps.trusted.submitEvidence(
        params(req).id,
        params(req).requirement!,
        (req.body ?? {}) as Record<string, unknown>,
        req.principal!.keyId,
        tenantScope(req),
      ),
  );

  app.post(
    '/v1/trusted-traders/:id/requirements/:requirement/verdict',
    {
      preHandler: authenticate,
      schema: {
        summary: "Officers: a verdict on a requirement's evidence: {verdict: accepted|rejected, note?}",
        tags,
        security: bearer,
        body: { type: 'object' },
        response: { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => {
      requireOfficer(req);
      return deps.trusted.verdict(
        params(req).id,
        params(req).requirement!,
        (req.body ?? {}) as Record<string, unknown>,
        req.principal!.keyId,
      );
    },
  );

  app.put(
    '/v1/trusted-traders/:id/supply-chains/:product',
    {
      preHandler: authenticate,
      schema: {
        summary:
          'The supply-chain map of a product, tier 1 to n: {hts?, description?, nodes: [...], edges: [{from, to}]}',
        description:
          'Nodes: {id, name, kind: supplier|facility|raw_material, tier, country, region?, address?, identifiers?, material?}; edges: {from, to} where from supplies to ("member" is the member). A cycle is refused (SUPPLY_CHAIN_CYCLE, with the cycle); skipped tiers and unlinked nodes are warnings. Every node is resolved to a registry party; the nexus is checked across every tier (UFLPA, WRO, denied parties, Xinjiang) and again whenever a list changes.',
        tags,
        security: bearer,
        body: { type: 'object' },
        response: { 400: ErrorBody, 404: ErrorBody, 422: ErrorBody },
      },
    },
    async (req) => {
      const row = await deps.trusted.putSupplyChain(
        params(req).id,
        params(req).product!,
        req.body,
        tenantScope(req),
      );
      return chainJson(row);
    },
  );

  app.get(
    '/v1/trusted-traders/:id/supply-chains/:product',
    {
      preHandler: authenticate,
      schema: {
        summary: 'A stored map with its last nexus check',
        tags,
        security: bearer,
        response: { 404: ErrorBody },
      },
    },
    async (req) => {
      const row = await deps.trusted.supplyChain(params(req).id, params(req).product!, tenantScope(req));
      return chainJson(row);
    },
  );

  app.get(
    '/v1/trusted-traders/:id/supply-chains/:product/evidence-pack',
    {
      preHandler: authenticate,
      schema: {
        summary:
          'The evidence pack for an applicability review or a rebuttal (JSON, or printable HTML with ?format=html)',
        tags,
        security: bearer,
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'html'] } } },
        response: { 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const pack = await deps.trusted.evidencePack(params(req).id, params(req).product!, tenantScope(req));
      if ((req.query as { format?: string }).format === 'html')
        return reply.type('text/html; charset=utf-8').send(evidencePackHtml(pack));
      return pack;
    },
  );

  app.get(
    '/v1/benefits/report',
    {
      preHandler: authenticate,
      schema: {
        summary:
          'Analysts: what membership is worth, per member and tier, against a matched non-member baseline',
        description:
          'Matched on HTS chapter, origin, port, value band and month. Exam rate, hold rate, mean and 90th-percentile hours to release, holds and exams avoided (against the lane without membership), estimated cost saved — each with a 95 % interval. ?format=csv for CSV; from and to (YYYY-MM-DD) limit the decisions.',
        tags: ['benefits'],
        security: bearer,
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['json', 'csv'] },
            from: { type: 'string' },
            to: { type: 'string' },
          },
        },
        response: { 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      requireOfficer(req);
      const q = req.query as { format?: string; from?: string; to?: string };
      for (const k of ['from', 'to'] as const)
        if (q[k] !== undefined && !day.test(q[k]!))
          throw new Problem('QUERY_INVALID', `${k}: YYYY-MM-DD or an ISO instant`, `query.${k}`);
      const report = await deps.benefits.report({ from: q.from, to: q.to });
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(benefitReportCsv(report));
      return report;
    },
  );
}
