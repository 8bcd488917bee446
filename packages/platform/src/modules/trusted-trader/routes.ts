/** The trusted-trader program and the benefit report over HTTP. */
import { z } from 'zod';
import { tenantScope, type Role } from '../../kernel/principal.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, IsoDateQuery, JsonObject, errors, list } from '../../platform/http/schemas.js';
import { domainValidates, failsWith } from '../../platform/http/zod.js';
import { benefitReportCsv } from './adapters/benefit-report-csv.js';
import { evidencePackHtml } from './adapters/evidence-pack-html.js';
import type { BenefitService } from './benefit-service.js';
import { MEMBER_ACTIONS } from './domain/lifecycle.js';
import { MEMBER_STATUSES } from './domain/program.js';
import { SupplyChainSchema } from './domain/supply-chain.js';
import type { StoredSupplyChain } from './repository.js';
import { ApplicationSchema, type TrustedTraderService } from './trusted-trader-service.js';
import { FILERS_AND_OFFICERS, OFFICERS, READERS, caller } from '../../platform/http/auth.js';

export interface TrustedRouteDeps {
  readonly trusted: TrustedTraderService;
  readonly benefits: BenefitService;
}

const tags = ['trusted traders'];

/**
 * Who takes the applicant's own steps (apply, evidence, supply-chain maps; `respond` and
 * `self_assessment` in the actions): the applicant, with its own filer key. Admins are the
 * customs side (they review, as officers do) and are refused these, whatever their tenant.
 */
const APPLICANT: readonly Role[] = ['filer'];

const ActionRequest = failsWith(
  z.strictObject({
    action: z.enum(MEMBER_ACTIONS),
    reason: z.string().max(2000).optional(),
    officer: z.string().max(100).optional(),
    questions: z.string().max(4000).optional(),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  'TT_ACTION_INVALID',
);

const EvidenceRequest = failsWith(
  z.strictObject({
    documents: z.array(z.string().min(1).max(64)).min(1).max(50).describe('ids of uploaded documents'),
    note: z.string().max(2000).optional(),
  }),
  'TT_EVIDENCE_INVALID',
);

const VerdictRequest = failsWith(
  z.strictObject({ verdict: z.enum(['accepted', 'rejected']), note: z.string().max(2000).optional() }),
  'TT_EVIDENCE_INVALID',
);

const MemberBody = z
  .object({
    id: z.string(),
    tenant: z.string(),
    program: z.string(),
    company: JsonObject,
    answers: JsonObject,
    eligibility: JsonObject,
    status: z.enum(MEMBER_STATUSES),
    suspended_from: z.enum(MEMBER_STATUSES).optional(),
    officer: z.string().nullable(),
    requirements: z.record(z.string(), JsonObject),
    applied_at: z.string(),
    certified_at: z.string().nullable(),
    validated_at: z.string().nullable(),
    self_assessment_due: z.string().nullable(),
    open_request: z.string().nullable(),
    updated_at: z.string(),
    version: z.number(),
  })
  .meta({ id: 'TrustedTraderMember' });

const MemberView = MemberBody.extend({
  history: list(JsonObject),
  reminder: JsonObject.nullable(),
  supply_chains: list(
    z.object({
      product: z.string(),
      nodes: z.number(),
      tiers: z.number(),
      nexus: z.number(),
      checked_at: z.string().nullable(),
    }),
  ),
});

const ReminderBody = z.object({
  member: z.string(),
  tenant: z.string(),
  status: z.enum(MEMBER_STATUSES),
  company: z.string(),
  due: z.string(),
  days_left: z.number(),
  overdue: z.boolean(),
  step: z.number().nullable(),
});

const ChainBody = z
  .object({
    product: z.string(),
    warnings: list(JsonObject),
    nexus: list(JsonObject),
    checked_at: z.string().nullable(),
    lists: z.unknown(),
    map: JsonObject,
  })
  .meta({ id: 'SupplyChain' });

/** A stored map as answered: the map, its warnings and its last nexus check. */
const chainJson = (row: StoredSupplyChain) => ({
  product: row.product,
  warnings: row.warnings,
  nexus: row.nexus,
  checked_at: row.checkedAt,
  lists: row.lists,
  map: row.map,
});

const ProductParams = IdParams.extend({ product: z.string().min(1).max(100) });
const RequirementParams = IdParams.extend({ requirement: z.string().min(1).max(100) });

export const trustedRoutes: RoutesPlugin<TrustedRouteDeps> = async (app, { deps }) => {
  app.get(
    '/trusted-traders/program',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The program in force: eligibility, requirements, benefit policies, costs',
        tags,
        response: { 200: z.looseObject({ sha256: z.string() }) },
      },
    },
    async () => ({ ...deps.trusted.program.program, sha256: deps.trusted.program.sha256 }),
  );

  app.post(
    '/trusted-traders/applications',
    {
      config: { access: APPLICANT },
      // The application is checked by the program's rules (TT_APPLICATION_INVALID with every problem).
      validatorCompiler: domainValidates(),
      schema: {
        summary: 'An importer applies: {company: {name, country, identifiers}, answers}',
        description:
          'Eligibility is checked at once and explained per rule (pass, fail, missing, invalid, contradictory), with the answers that contradict each other. The application starts in status applicant.',
        tags,
        body: ApplicationSchema,
        response: { 201: MemberBody, ...errors(400, 401, 403, 422) },
      },
    },
    async (req, reply) => {
      const who = caller(req);
      return reply.code(201).send(await deps.trusted.apply(who.tenant, who.keyId, req.body));
    },
  );

  app.get(
    '/trusted-traders',
    {
      config: { access: ['filer', 'officer', 'analyst', 'admin'] },
      schema: {
        summary: 'Members and applications (a filer sees its own)',
        tags,
        querystring: z.object({ status: z.enum(MEMBER_STATUSES).optional() }),
        response: { 200: z.object({ members: list(MemberBody) }), ...errors(400, 401) },
      },
    },
    async (req) => ({
      members: await deps.trusted.list({ tenant: tenantScope(caller(req)), status: req.query.status }),
    }),
  );

  app.get(
    '/trusted-traders/reminders',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary: 'Annual self-assessments due soon or overdue',
        tags,
        response: { 200: z.object({ reminders: list(ReminderBody) }), ...errors(401) },
      },
    },
    async (req) => ({ reminders: await deps.trusted.reminders(tenantScope(caller(req))) }),
  );

  app.get(
    '/trusted-traders/:id',
    {
      config: { access: ['filer', 'officer', 'analyst', 'admin'] },
      schema: {
        summary: 'A member: status, eligibility, requirements, history, reminder, supply chains',
        tags,
        params: IdParams,
        response: { 200: MemberView, ...errors(401, 404) },
      },
    },
    async (req) => deps.trusted.view(req.params.id, tenantScope(caller(req))),
  );

  app.post(
    '/trusted-traders/:id/actions',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary:
          'Review and status: assign, request_information, respond, certify, validate, deny, suspend, reinstate, remove, self_assessment',
        description:
          'Officers review; the applicant responds to a request for information and submits its annual self-assessment. Each action is checked against the status (TT_TRANSITION_INVALID), needs a reason where it takes something away, and is recorded with its date, actor and reason.',
        tags,
        params: IdParams,
        body: ActionRequest,
        response: { 200: MemberBody, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req) => {
      const who = caller(req);
      return deps.trusted.act(
        req.params.id,
        who.keyId,
        req.body,
        who.role === 'filer' ? { kind: 'applicant', tenant: who.tenant } : { kind: 'officer' },
      );
    },
  );

  app.post(
    '/trusted-traders/:id/requirements/:requirement/evidence',
    {
      // The applicant's own step, as its application and responses: its filer key, its tenant's
      // members only (another tenant's is TT_MEMBER_NOT_FOUND); never an admin's or officer's.
      config: { access: APPLICANT },
      schema: {
        summary: 'The member submits evidence for a forced-labor requirement: {documents: [doc ids], note?}',
        description:
          "The applicant's own step, taken with its own (filer) key; an admin or officer is refused (FORBIDDEN).",
        tags,
        params: RequirementParams,
        body: EvidenceRequest,
        response: { 200: MemberBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const who = caller(req);
      return deps.trusted.submitEvidence(
        req.params.id,
        req.params.requirement,
        req.body,
        who.keyId,
        who.tenant,
      );
    },
  );

  app.post(
    '/trusted-traders/:id/requirements/:requirement/verdict',
    {
      config: { access: OFFICERS },
      schema: {
        summary: "Officers: a verdict on a requirement's evidence: {verdict: accepted|rejected, note?}",
        tags,
        params: RequirementParams,
        body: VerdictRequest,
        response: { 200: MemberBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => deps.trusted.verdict(req.params.id, req.params.requirement, req.body, caller(req).keyId),
  );

  app.put(
    '/trusted-traders/:id/supply-chains/:product',
    {
      // The applicant's own step (see the evidence above): its filer key, its tenant's members only.
      config: { access: APPLICANT },
      // The map is checked by the supply-chain rules (SUPPLY_CHAIN_INVALID with every problem).
      validatorCompiler: domainValidates(),
      schema: {
        summary: 'The supply-chain map of a product, tier 1 to n',
        description:
          "The applicant's own step, taken with its own (filer) key; an admin or officer is refused (FORBIDDEN). " +
          'Nodes: {id, name, kind: supplier|facility|raw_material, tier, country, region?, address?, identifiers?, material?}; edges: {from, to} where from supplies to ("member" is the member). A cycle is refused (SUPPLY_CHAIN_CYCLE, with the cycle); skipped tiers and unlinked nodes are warnings. Every node is resolved to a registry party; the nexus is checked across every tier (UFLPA, WRO, denied parties, Xinjiang) and again whenever a list changes.',
        tags,
        params: ProductParams,
        body: SupplyChainSchema,
        response: { 200: ChainBody, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req) =>
      chainJson(
        await deps.trusted.putSupplyChain(req.params.id, req.params.product, req.body, caller(req).tenant),
      ),
  );

  app.get(
    '/trusted-traders/:id/supply-chains/:product',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary: 'A stored map with its last nexus check',
        tags,
        params: ProductParams,
        response: { 200: ChainBody, ...errors(401, 404) },
      },
    },
    async (req) =>
      chainJson(await deps.trusted.supplyChain(req.params.id, req.params.product, tenantScope(caller(req)))),
  );

  app.get(
    '/trusted-traders/:id/supply-chains/:product/evidence-pack',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary:
          'The evidence pack for an applicability review or a rebuttal (JSON, or printable HTML with ?format=html)',
        tags,
        params: ProductParams,
        querystring: z.object({ format: z.enum(['json', 'html']).default('json') }),
        response: {
          200: {
            description: 'the pack (JSON), or a printable page (HTML)',
            content: { 'application/json': { schema: JsonObject }, 'text/html': { schema: z.string() } },
          },
          ...errors(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const pack = await deps.trusted.evidencePack(
        req.params.id,
        req.params.product,
        tenantScope(caller(req)),
      );
      if (req.query.format === 'html')
        return reply.type('text/html; charset=utf-8').send(evidencePackHtml(pack));
      return reply.type('application/json').send(JSON.stringify(pack));
    },
  );

  app.get(
    '/benefits/report',
    {
      config: { access: READERS, heavy: true },
      schema: {
        summary:
          'Analysts: what membership is worth, per member and tier, against a matched non-member baseline',
        description:
          'Matched on HTS chapter, origin, port, value band and month. Exam rate, hold rate, mean and 90th-percentile hours to release, holds and exams avoided (against the lane without membership), estimated cost saved — each with a 95 % interval. ?format=csv for CSV; from and to (YYYY-MM-DD) limit the decisions. Over whole months (no bounds, or bounds on the first of a month) the report reads counters kept per month, stratum and member; over other ranges it reads each decision in the range, which takes longer on a large ledger.',
        tags: ['benefits'],
        querystring: z.object({
          format: z.enum(['json', 'csv']).default('json'),
          from: IsoDateQuery.optional(),
          to: IsoDateQuery.optional(),
        }),
        response: {
          200: {
            description: 'the report (JSON), or one row per group (CSV)',
            content: { 'application/json': { schema: JsonObject }, 'text/csv': { schema: z.string() } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (req, reply) => {
      const report = await deps.benefits.report({ from: req.query.from, to: req.query.to });
      if (req.query.format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(benefitReportCsv(report));
      return reply.type('application/json').send(JSON.stringify(report));
    },
  );

  app.get(
    '/benefits/series',
    {
      config: { access: READERS, heavy: true },
      schema: {
        summary: 'Analysts: the program over time, month by month, against the matched baseline',
        description:
          'The overall row of the benefit report (exam rate, hold rate, hours to release, each with its 95 % interval, members against their matched non-member baseline) for each of the last `months` calendar months (UTC), this month last.',
        tags: ['benefits'],
        querystring: z.object({ months: z.coerce.number().int().min(1).max(24).default(6) }),
        response: {
          200: z.object({
            program: z.string(),
            periods: list(z.object({ period: z.string().describe('YYYY-MM'), overall: JsonObject })),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const s = await deps.benefits.series(req.query.months);
      return {
        program: s.program,
        periods: s.periods.map((p) => ({ period: p.period, overall: { ...p.overall } })),
      };
    },
  );
};
