/** Partner agencies over HTTP: determination, agency programs and documents, the paperless rate. */
import { z } from 'zod';
import { tenantScope } from '../../kernel/principal.js';
import { PgaDeclarationSchema } from '../../kernel/shipment.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { failsWith } from '../../platform/http/zod.js';
import { IsoDateQuery, JsonObject, errors, list } from '../../platform/http/schemas.js';
import type { PgaService } from './pga-service.js';
import { EVERYONE, FILERS_AND_ALL_OFFICERS, caller } from '../../platform/http/auth.js';

export interface PgaRouteDeps {
  readonly pga: PgaService;
}

const Issue = z.object({ code: z.string(), path: z.string(), message: z.string() });

const DeterminationBody = z
  .object({
    reference: z.string().nullable(),
    lines: list(
      z.object({
        line: z.number(),
        hts: z.string(),
        agencies: list(
          z.object({
            agency: z.string(),
            program: z.string(),
            flag: z.string().nullable(),
            flags: list(z.string()),
            requirement: z.enum(['required', 'may']),
            requirement_stated: z.boolean(),
            source: z.enum(['cbp_flag', 'inferred']),
            allowed_disclaims: list(z.string()),
            message_set: z.object({ pg01_agency: z.string(), programs: list(z.string()) }).nullable(),
            recommendation: z.object({
              action: z.enum(['file', 'disclaim']),
              code: z.string().optional(),
              reasons: list(z.string()),
            }),
          }),
        ),
      }),
    ),
    rejects: list(Issue),
    warnings: list(Issue),
  })
  .meta({ id: 'PgaDetermination' });

/** A shipment in the canonical JSON, or one number with the PGA data declared for it. */
const DetermineRequest = failsWith(
  z.union([
    z.looseObject({ lines: z.array(z.unknown()).max(999) }),
    z.strictObject({
      hts: z.string().max(20),
      entry_type: z.string().max(2).optional(),
      pga: z.array(PgaDeclarationSchema).max(20).optional(),
    }),
  ]),
  'REQUEST_INVALID',
);

const PaperlessBody = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  filings: z.number(),
  agencies: list(
    z.object({
      agency: z.string(),
      obligations: z.number(),
      electronic: z.number(),
      paper: z.number(),
      missing: z.number(),
      documents: z.number(),
      paperless_rate: z.number().nullable(),
    }),
  ),
});

export const pgaRoutes: RoutesPlugin<PgaRouteDeps> = async (app, { deps }) => {
  app.post(
    '/pga/determine',
    {
      config: { access: FILERS_AND_ALL_OFFICERS, heavy: true },
      schema: {
        summary:
          'Which partner agencies want data for a shipment, what to file or disclaim, and what ACE would reject',
        description:
          'Body: a shipment in the canonical JSON (PGA data in each line\'s "pga" array), or {hts, pga?, entry_type?} for one number.',
        tags: ['pga'],
        body: DetermineRequest,
        response: { 200: DeterminationBody, ...errors(400, 401, 503) },
      },
    },
    async (req) =>
      'lines' in req.body
        ? deps.pga.determine(req.body)
        : deps.pga.determineOne(req.body.hts, req.body.pga ?? [], req.body.entry_type),
  );

  app.get(
    '/pga/agencies',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Agency programs (what each message set must carry) and the documents each agency wants',
        description:
          'From the message-set policy in force: per agency its PG01 code, disclaim conditions and programs; and which documents it still requires, whether it accepts them electronically and whether it wants the paper original.',
        tags: ['pga'],
        response: {
          200: z.object({
            version: z.string(),
            note: z.string().optional(),
            agencies: list(JsonObject),
            documents: list(JsonObject),
          }),
          ...errors(503),
        },
      },
    },
    async () => deps.pga.agencies(),
  );

  app.get(
    '/pga/paperless',
    {
      config: { access: EVERYONE, heavy: true },
      schema: {
        summary: 'Paperless rate per agency over stored filings',
        description:
          "Per agency: CBP-flagged line obligations met electronically, on paper (disclaim D, or a permit whose paper original the agency wants) or not at all, the documents uploaded, and paperless_rate = electronic / (electronic + paper), over the filings of whole UTC days: from `from`'s day up to `to`'s (included when `to` is an instant after its midnight); the answer's from and to are those days. Obligations are counted with the PGA catalogue in force when each filing was filed (counters kept with each filing and summed per day, not a read of the filings: about 5 ms with a million filings stored). A filer sees its own filings.",
        tags: ['pga'],
        querystring: z.object({ from: IsoDateQuery.optional(), to: IsoDateQuery.optional() }),
        response: { 200: PaperlessBody, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const who = caller(req);
      const r = await deps.pga.paperless({ ...req.query, tenant: tenantScope(who) });
      // An agency's officer sees its own agency's figures.
      if (who.role !== 'pga_officer') return r;
      return {
        ...r,
        agencies: r.agencies.filter((a) => a.agency.toUpperCase() === (who.agency ?? '').toUpperCase()),
      };
    },
  );
};
