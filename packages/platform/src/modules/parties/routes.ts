/** The party registry over HTTP: an entity and its graph, resolution, officers' merges and splits. */
import { z } from 'zod';
import { tenantScope } from '../../kernel/principal.js';
import { IdentifierSchema } from '../../kernel/shipment.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, JsonObject, errors, list } from '../../platform/http/schemas.js';
import type { RegistryService } from './registry-service.js';
import { FILERS_AND_OFFICERS, OFFICERS, caller } from '../../platform/http/auth.js';

export interface PartyRouteDeps {
  readonly registry: RegistryService;
}

const EntityBody = z
  .object({
    id: z.string(),
    name: z.string(),
    otherNames: list(z.string()),
    address: JsonObject,
    identifiers: list(z.object({ scheme: z.string(), value: z.string() })),
    source: z.string(),
    mergedInto: z.string().nullable().optional(),
  })
  .meta({ id: 'Entity' });

const Named = { id: z.string(), name: z.string().nullable(), in_registry: z.boolean() };

const GraphBody = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    merged_into: z.string().optional(),
    other_names: list(z.string()).optional(),
    address: JsonObject.optional(),
    identifiers: list(z.object({ scheme: z.string(), value: z.string() })).optional(),
    source: z.string().optional(),
    roles: z.record(z.string(), z.number()).optional(),
    shipments: z
      .array(
        z.object({
          shipment_id: z.string(),
          party_index: z.number(),
          role: z.string(),
          confidence: z.number(),
          method: z.string(),
          reasons: list(z.string()),
        }),
      )
      .optional(),
    parents: list(z.object({ ...Named, type: z.string(), since: z.string().nullable() })).optional(),
    children: list(z.object({ ...Named, type: z.string(), since: z.string().nullable() })).optional(),
    list_hits: list(JsonObject).optional(),
    parent_list_hits: list(
      z.object({ parent: z.string(), type: z.string(), matches: list(JsonObject) }),
    ).optional(),
    ships_for_it: list(z.object({ ...Named, roles: list(z.string()), shipments: z.number() })).optional(),
    audit: list(JsonObject),
  })
  .meta({ id: 'EntityGraph' });

const ResolutionBody = z.object({
  entityId: z.string().nullable(),
  confidence: z.number(),
  method: z.enum(['identifier', 'name', 'new', 'unresolvable']),
  reasons: list(z.string()),
});

export const partyRoutes: RoutesPlugin<PartyRouteDeps> = async (app, { deps }) => {
  app.get(
    '/entities/:id',
    {
      config: { access: FILERS_AND_OFFICERS },
      schema: {
        summary: 'An entity of the party registry and its graph',
        description:
          "Identifiers, roles seen, filings, ownership (parents, children), list hits on the entity and on its parents, who else ships for it (as manufacturer), and the audit trail of merges and splits. A filer sees public (GLEIF) records and entities its own tenant has filed a party of, with its own filings only and the entity's filed details as its own latest filing gives them, no audit trail; any other entity is 404 ENTITY_NOT_FOUND, as an id never given.",
        tags: ['parties'],
        params: IdParams,
        response: { 200: GraphBody, ...errors(401, 404) },
      },
    },
    async (req) => deps.registry.graph(req.params.id, tenantScope(caller(req))),
  );

  app.post(
    '/resolve',
    {
      config: { access: FILERS_AND_OFFICERS, heavy: true },
      schema: {
        summary: 'Which registry entity a party is: by identifier, then name, address and country',
        description:
          "A filer resolves to public (GLEIF) records and to entities its own tenant has filed a party of; an entity known only from other tenants' filings is passed over as if it were not in the registry.",
        tags: ['parties'],
        body: z.strictObject({
          name: z.string().max(10_000),
          country: z.string().max(3).optional(),
          city: z.string().max(100).optional(),
          identifiers: z.array(IdentifierSchema).max(20).optional(),
        }),
        response: { 200: ResolutionBody, ...errors(400, 401) },
      },
    },
    async (req) =>
      deps.registry.resolveFor(
        {
          name: req.body.name,
          country: req.body.country,
          city: req.body.city,
          identifiers: req.body.identifiers?.map((i) => ({ scheme: i.scheme.toUpperCase(), value: i.value })),
        },
        tenantScope(caller(req)),
      ),
  );

  app.post(
    '/entities/:id/merge',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'An officer merges another entity into this one (audited)',
        tags: ['parties'],
        params: IdParams,
        body: z.strictObject({
          absorb: z.string().min(1).max(100).describe('the id of the entity to merge in'),
          reason: z.string().max(2000),
        }),
        response: { 200: EntityBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => deps.registry.merge(req.params.id, req.body.absorb, caller(req).keyId, req.body.reason),
  );

  app.post(
    '/entities/:id/split',
    {
      config: { access: OFFICERS },
      schema: {
        summary: "An officer splits some filings' parties off this entity into a new one (audited)",
        tags: ['parties'],
        params: IdParams,
        body: z.strictObject({
          parties: z
            .array(
              z.strictObject({
                shipment_id: z.string().min(1).max(100),
                party_index: z.number().int().min(0),
              }),
            )
            .min(1)
            .max(1000),
          reason: z.string().min(1).max(2000),
          name: z.string().max(300).optional(),
        }),
        response: { 201: EntityBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const e = await deps.registry.split(
        req.params.id,
        req.body.parties.map((p) => ({ shipmentId: p.shipment_id, partyIndex: p.party_index })),
        caller(req).keyId,
        req.body.reason,
        req.body.name,
      );
      return reply.code(201).send(e);
    },
  );
};
