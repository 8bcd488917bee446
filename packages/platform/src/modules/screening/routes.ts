/** Screening over HTTP: screen parties, officers' false-positive decisions, re-screening alerts. */
import { z } from 'zod';
import { mapCooperatively } from '../../platform/parallel/cooperative.js';
import { Problem } from '../../kernel/problem.js';
import { tenantScope } from '../../kernel/principal.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import {
  DataVersionBody,
  IdParams,
  JsonObject,
  QueryBoolean,
  errors,
  list,
} from '../../platform/http/schemas.js';
import { matchJson, parseScreenParty } from './domain/stage.js';
import type { ScreeningService } from './screening-service.js';
import { FILERS_AND_OFFICERS, OFFICERS, caller } from '../../platform/http/auth.js';

export interface ScreeningRouteDeps {
  readonly screening: ScreeningService;
}

/** At most this many parties per request. */
export const SCREEN_BATCH_MAX = 1000;

export const MatchBody = z
  .object({
    list: z.string(),
    sub_list: z.string().optional(),
    source_id: z.string(),
    entity_id: z.string(),
    name: z.string(),
    matched_name: z.string(),
    matched_entity_id: z.string().optional(),
    name_kind: z.string(),
    type: z.string(),
    programs: list(z.string()),
    score: z.number(),
    threshold: z.number(),
    explanation: JsonObject,
    sources: list(
      z.looseObject({
        list: z.string(),
        source_id: z.string(),
        sub_list: z.string().optional(),
        entity_id: z.string(),
      }),
    ).optional(),
  })
  .meta({ id: 'ScreeningMatch' });

const PartyResult = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  matches: list(MatchBody).optional(),
  suppressed: list(z.string()).optional(),
  error: z.object({ code: z.string(), message: z.string(), path: z.string() }).optional(),
});

const ScreenAnswer = z.union([
  z.object({ results: list(PartyResult), data_versions: list(DataVersionBody) }),
  PartyResult.extend({ data_versions: list(DataVersionBody) }),
]);

/** A party to screen; checked item by item so that one bad party gets its own error. */
const ScreenRequest = z.union([
  z.looseObject({ parties: z.array(z.unknown()).max(SCREEN_BATCH_MAX) }),
  z.looseObject({ name: z.unknown() }),
]);

const AlertBody = z.object({
  id: z.string(),
  tenant: z.string(),
  partyKey: z.string(),
  party: JsonObject,
  seenIn: z.string(),
  entryId: z.string(),
  list: z.string(),
  score: z.number(),
  matchedName: z.string(),
  listsKey: z.string(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});

export const screeningRoutes: RoutesPlugin<ScreeningRouteDeps> = async (app, { deps }) => {
  app.post(
    '/screen',
    {
      config: { access: FILERS_AND_OFFICERS, heavy: true },
      schema: {
        summary: 'Screen one party, or a batch, against the watch lists',
        description: `Body: a party {id?, name, country?, type?, address?, birth_date?, identifiers?} or {parties: [...]} (at most ${SCREEN_BATCH_MAX}). Each result lists the matches at or above the thresholds, best first, with the score and its explanation; the list versions used are returned. A bad party gets an error in its own result.`,
        tags: ['screening'],
        body: ScreenRequest,
        response: { 200: ScreenAnswer, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const batch = 'parties' in req.body && Array.isArray(req.body.parties);
      const parties: unknown[] = batch ? (req.body as { parties: unknown[] }).parties : [req.body];
      if (!deps.screening.isReady()) {
        throw new Problem('SCREENING_NOT_READY', 'no watch list is loaded: import or sync the lists first');
      }
      const tenant = caller(req).tenant;
      const results = await mapCooperatively(parties, (value, i) => {
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
      const lists = [...deps.screening.current().versions];
      return batch ? { results, data_versions: lists } : { ...results[0]!, data_versions: lists };
    },
  );

  app.post(
    '/screening/decisions',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'Officers: a party of a filing is not the listed party (a false positive), with a reason',
        description:
          "Names the filing and the party's place in it; the tenant and the party's data come from the filing, never from the body. The decision covers the listed party with all its list entries: the same party with the same data is not flagged for it again until the entry or the party changes (the hit is then reported as SCREENING_HIT_SUPPRESSED).",
        tags: ['screening'],
        body: z.strictObject({
          shipment_id: z.string().min(1).max(100),
          party_index: z.number().int().min(0).max(99),
          entity_id: z.string().min(1).max(200).describe("the match's entity_id (any of its sources)"),
          reason: z.string().trim().min(1).max(2000),
        }),
        response: { 201: JsonObject, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const who = caller(req);
      const d = await deps.screening.decideForShipment({
        shipmentId: req.body.shipment_id,
        partyIndex: req.body.party_index,
        entryId: req.body.entity_id,
        reason: req.body.reason,
        officer: who.keyId,
        scope: tenantScope(who),
      });
      return reply.code(201).send(d);
    },
  );

  app.get(
    '/alerts',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary: 'Alerts raised when a list change hit a stored party (newest first)',
        tags: ['screening'],
        querystring: z.object({
          open: QueryBoolean.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ alerts: list(AlertBody) }), ...errors(400, 401) },
      },
    },
    async (req) => ({
      alerts: await deps.screening.alerts(tenantScope(caller(req)), {
        limit: req.query.limit,
        ...(req.query.open !== undefined ? { open: req.query.open } : {}),
      }),
    }),
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'An officer acknowledges a screening alert',
        tags: ['screening'],
        params: IdParams,
        querystring: z.object({ tenant: z.string().min(1).max(64) }),
        response: {
          200: z.object({ id: z.string(), acknowledged: z.literal(true) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      await deps.screening.acknowledge(req.query.tenant, req.params.id);
      return { id: req.params.id, acknowledged: true as const };
    },
  );
};
