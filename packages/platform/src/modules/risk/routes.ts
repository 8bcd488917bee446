/** Officers over HTTP: the queue, actions on a filing (chained), and the yield of each rule. */
import { z } from 'zod';
import { OFFICERS, caller } from '../../platform/http/auth.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, errors, list } from '../../platform/http/schemas.js';
import { LANES } from './domain/policy.js';
import { ACTIONS, type OfficerService } from './officer-service.js';
import { ActionBody as RecordedAction, CUSTOMS_STATUSES, LaneEnum } from './schemas.js';

export interface RiskRouteDeps {
  readonly officer: OfficerService;
}

const QueueItem = z.object({
  shipment_id: z.string(),
  reference: z.string(),
  tenant: z.string(),
  port: z.string(),
  lane: z.string(),
  score: z.number(),
  signals: list(z.string()),
  holds: list(z.string()),
  status: z.enum(CUSTOMS_STATUSES),
  decided_at: z.string(),
  front_of_line: z.boolean(),
});

const ActionRequest = z.strictObject({
  type: z.enum(ACTIONS),
  note: z.string().max(2000).optional(),
  agency: z.string().max(20).optional(),
  documents: z.array(z.string().min(1).max(50)).max(20).optional(),
  found: z.boolean().optional(),
  what: z.string().max(2000).optional(),
});

const CaseBody = z.object({
  customs_status: z.enum(CUSTOMS_STATUSES),
  lane: LaneEnum.nullable(),
  actions: list(RecordedAction),
});

const RuleStat = z.object({
  rule: z.string(),
  selected: z.number(),
  exams: z.number(),
  found: z.number(),
  find_rate: z.number().nullable(),
});

export const riskRoutes: RoutesPlugin<RiskRouteDeps> = async (app, { deps }) => {
  app.get(
    '/queue',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'Officers: decided filings waiting, by lane, port and signal (newest first)',
        tags: ['officers'],
        querystring: z.object({
          lane: z.enum(LANES),
          port: z.string().max(10).optional(),
          signal: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: list(QueueItem) }), ...errors(400, 401, 403) },
      },
    },
    async (req) => ({ items: await deps.officer.queue(req.query) }),
  );

  app.post(
    '/shipments/:id/actions',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'Officers: release, hold, request documents or record an exam result (audited)',
        description:
          'Appended to the hash-chained decision log; answers with the case (decision, actions, customs status).',
        tags: ['officers'],
        params: IdParams,
        body: ActionRequest,
        response: { 200: CaseBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const c = await deps.officer.act(req.params.id, caller(req).keyId, req.body);
      return {
        customs_status: c.status,
        lane: c.decision?.lane ?? null,
        actions: c.actions.map((a) => ({ seq: a.seq, ...a.action })),
      };
    },
  );

  app.get(
    '/rules/stats',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'Officers and analysts: per rule, selections, exams and finds (the rule yield)',
        tags: ['officers'],
        response: { 200: z.object({ rules: list(RuleStat) }), ...errors(401, 403) },
      },
    },
    async () => ({ rules: await deps.officer.ruleStats() }),
  );
};
