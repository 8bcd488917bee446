/** Officers over HTTP: the queue, actions on a filing (chained), and the yield of each rule. */
import { z } from 'zod';
import { Problem } from '../../kernel/problem.js';
import type { Shipment } from '../../kernel/shipment.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, IsoDateQuery, errors, list } from '../../platform/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { LANES } from './domain/policy.js';
import { ACTIONS, CBP, type OfficerService } from './officer-service.js';
import { ActionBody as RecordedAction, CUSTOMS_STATUSES, LaneEnum } from './schemas.js';
import { ALL_OFFICERS, READERS, caller } from '../../platform/http/auth.js';

export interface RiskRouteDeps {
  readonly officer: OfficerService;
  /** Whether a filing concerns an agency (its lines, its PGA data): what a PGA officer may see. */
  concerns(shipment: Shipment, agency: string): boolean;
  /** A filing as stored (any tenant). */
  shipment(id: string): Promise<Shipment>;
}

/** What a PGA officer may do: hold for its agency, ask for documents, release its own hold. */
const AGENCY_ACTIONS: ReadonlySet<string> = new Set(['hold', 'request_documents', 'release']);

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
      config: { access: ALL_OFFICERS },
      schema: {
        summary: 'Officers: decided filings waiting, by lane, port and signal (newest first)',
        description:
          "Keyset-paginated: pass the `next` of a page as `cursor` (with the same filters) for the following one; `next` is null at the end. A filing is listed once, at its newest link in the decision chain; within a page, trusted traders' forced-labor reviews come first. A request reads at most 4,000 links of the chain: a page may hold fewer than `limit` items and still have a `next`.",
        tags: ['officers'],
        querystring: z.object({
          lane: z.enum(LANES),
          port: z.string().max(10).optional(),
          signal: z.string().max(40).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().max(200).optional().describe('the `next` of the previous page'),
        }),
        response: {
          200: z.object({
            items: list(QueueItem),
            next: z.string().nullable().describe('the cursor of the next page; null at the end'),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const who = caller(req);
      const agency = who.role === 'pga_officer' ? who.agency : null;
      const { cursor, ...filters } = req.query;
      const scope = JSON.stringify([
        'queue',
        filters.lane,
        filters.port ?? '',
        filters.signal ?? '',
        agency ?? '',
      ]);
      const before =
        cursor === undefined ? undefined : (decodeCursor(cursor, scope, ['number'])[0] as number);
      const page = await deps.officer.queue({
        ...filters,
        before,
        ...(agency ? { only: (s: Shipment) => deps.concerns(s, agency) } : {}),
      });
      return { items: page.items, next: page.next === null ? null : encodeCursor([page.next], scope) };
    },
  );

  app.post(
    '/shipments/:id/actions',
    {
      config: { access: ALL_OFFICERS },
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
      const who = caller(req);
      let action = req.body;
      let authority = CBP;
      if (who.role === 'pga_officer') {
        authority = who.agency ?? '';
        if (!deps.concerns(await deps.shipment(req.params.id), authority))
          throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${req.params.id} for ${authority}`, 'id');
        if (!AGENCY_ACTIONS.has(action.type))
          throw new Problem(
            'FORBIDDEN',
            `a PGA officer may hold, request documents or release; not ${action.type}`,
            'type',
          );
        action = { ...action, agency: authority };
      }
      const c = await deps.officer.act(req.params.id, who.keyId, action, authority);
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
      config: { access: READERS, heavy: true },
      schema: {
        summary: 'Officers and analysts: per rule, selections, exams and finds (the rule yield)',
        description:
          'Sums of counters kept per UTC day. from and to (a day, or an instant: its whole day counts) limit it to selections made and exam results recorded on those days; the answer says which days were counted (to: the day after the last).',
        tags: ['officers'],
        querystring: z.object({ from: IsoDateQuery.optional(), to: IsoDateQuery.optional() }),
        response: {
          200: z.object({
            from: z.string().nullable().describe('the first UTC day counted (null: from the first)'),
            to: z.string().nullable().describe('the day after the last UTC day counted (null: up to today)'),
            rules: list(RuleStat),
          }),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (req) => deps.officer.ruleStats(req.query),
  );
};
