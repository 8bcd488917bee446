/** The HS classifier over HTTP: suggestions for descriptions, and the model in force. */
import { z } from 'zod';
import { mapCooperatively } from '../../platform/parallel/cooperative.js';
import { Problem } from '../../kernel/problem.js';
import { htsDigits } from '../../kernel/hts-code.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { failsWith } from '../../platform/http/zod.js';
import { JsonObject, errors, list } from '../../platform/http/schemas.js';
import type { ClassificationService } from './classification-service.js';
import type { CorrectionRecord } from './repository.js';
import { EVERYONE, OFFICERS, READERS, caller } from '../../platform/http/auth.js';

export interface ClassificationRouteDeps {
  readonly classification: ClassificationService;
}

const SuggestionBody = z
  .object({
    hts: z.string(),
    score: z.number().describe('calibrated probability that the 6-digit subheading is right'),
    explanation: z.object({
      path: list(z.string()),
      terms: list(z.string()),
      examples: list(z.object({ description: z.string(), hts: z.string(), source: z.string() })),
      components: z.record(z.string(), z.number()),
      rules: list(z.string()),
    }),
  })
  .meta({ id: 'Suggestion' });

const Corpora = list(z.string()).describe('the data sets (corpora) the model was built from');
const OneResult = z.object({
  model: z.string(),
  corpora: Corpora,
  suggestions: list(SuggestionBody),
  abstain: z.boolean(),
});
const ManyResult = z.object({
  model: z.string().nullable(),
  corpora: Corpora,
  results: list(z.object({ id: z.string(), suggestions: list(SuggestionBody), abstain: z.boolean() })),
});

const ClassifyRequest = failsWith(
  z
    .strictObject({
      description: z.string().max(200_000).optional(),
      items: z
        .array(z.strictObject({ id: z.string().max(100).optional(), description: z.string().max(200_000) }))
        .min(1)
        .max(1000)
        .optional(),
      top: z.number().int().min(1).max(20).optional(),
    })
    .refine((b) => b.description !== undefined || b.items !== undefined, {
      message: 'give a description or items',
      path: ['description'],
    }),
  'REQUEST_INVALID',
);

export const classificationRoutes: RoutesPlugin<ClassificationRouteDeps> = async (app, { deps }) => {
  app.post(
    '/classify',
    {
      config: { access: EVERYONE, heavy: true },
      schema: {
        summary: 'Suggest 10-digit HTS numbers for a product description',
        description:
          'Body: {description, top?} or {items: [{id?, description}], top?} (at most 1000). Answers with the top K numbers valid in the edition in force, each with a calibrated score (the probability that its subheading is right) and an explanation (tariff path, matching terms, nearest labeled examples, weighted score components, the tariff rules that applied), and abstain when the top score is below the configured threshold. Every answer names the model version.',
        tags: ['classification'],
        body: ClassifyRequest,
        response: { 200: z.union([OneResult, ManyResult]), ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const top = req.body.top ?? 5;
      if (req.body.items) {
        // Item by item, letting other requests through between them (a filing is not kept waiting).
        const results = await mapCooperatively(req.body.items, async (it, i) => {
          const r = await deps.classification.classify(it.description, top);
          return { id: it.id ?? String(i), suggestions: r.suggestions, abstain: r.abstain };
        });
        const built = deps.classification.currentBuild();
        return {
          model: built?.model.version ?? null,
          corpora: Object.keys(built?.corpora ?? {}),
          results,
        };
      }
      const r = await deps.classification.classify(req.body.description ?? '', top);
      return { model: r.model, corpora: r.corpora, suggestions: r.suggestions, abstain: r.abstain };
    },
  );

  app.get(
    '/classify/model',
    {
      config: { access: EVERYONE },
      schema: {
        summary: 'The classifier in force: version, what it was built from, build time',
        tags: ['classification'],
        response: {
          200: z.looseObject({
            version: z.string(),
            built_at: z.string().nullable().describe('when this server built the classifier in force'),
            data_imported_at: z
              .string()
              .nullable()
              .describe('the newest import among the data sets it was built from'),
            options: JsonObject,
          }),
          ...errors(401, 503),
        },
      },
    },
    async () => {
      const m = deps.classification.current() ?? (await deps.classification.refresh());
      if (!m)
        throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
      const b = deps.classification.currentBuild();
      return {
        version: m.version,
        ...m.stats,
        corpora: b?.corpora ?? {},
        inputs: b?.inputs ?? [],
        corrections: b?.corrections ?? 0,
        built_at: b?.builtAt ?? null,
        data_imported_at: b?.dataImportedAt ?? null,
        check_thresholds: b?.thresholds ?? null,
        options: { ...deps.classification.options },
      };
    },
  );

  app.post(
    '/classify/check',
    {
      config: { access: EVERYONE, heavy: true },
      schema: {
        summary: 'How plausible a declared code is for a description (the misdeclaration check)',
        description:
          "The declared code's share of the model's weight at chapter, heading and subheading level, against thresholds calibrated when the model was built; `implausible_at` is the coarsest level under its threshold (null: plausible). With the best alternative and the evidence: the nearest labeled examples filed elsewhere. `model` replays the check with an earlier model version (rebuilt from the snapshots and corrections it was built from).",
        tags: ['classification'],
        body: failsWith(
          z.strictObject({
            description: z.string().max(200_000),
            declared: z.string().min(6).max(13).describe('6 to 10 digits, dots allowed'),
            model: z.string().max(100).optional(),
          }),
          'REQUEST_INVALID',
        ),
        response: {
          200: z.object({
            model: z.string(),
            declared: z.string(),
            plausibility: z
              .object({ chapter: z.number(), heading: z.number(), subheading: z.number() })
              .nullable(),
            implausible_at: z.enum(['chapter', 'heading', 'subheading']).nullable(),
            suggested: z.object({ hts: z.string(), share: z.number() }).nullable(),
            evidence: list(
              z.object({
                description: z.string(),
                hts: z.string(),
                source: z.string(),
                ref: z.string().nullable(),
              }),
            ),
            rules: list(z.string()),
            thresholds: z.object({
              chapter: z.number(),
              heading: z.number(),
              subheading: z.number(),
              n: z.number(),
            }),
          }),
          ...errors(400, 401, 404, 503),
        },
      },
    },
    async (req) => {
      const {
        result: r,
        model,
        thresholds,
      } = await deps.classification.check(req.body.description, req.body.declared, req.body.model);
      return {
        model,
        declared: r?.declared ?? htsDigits(req.body.declared),
        plausibility: r?.plausibility ?? null,
        implausible_at: r?.implausibleAt ?? null,
        suggested: r?.suggested ?? null,
        evidence: (r?.evidence ?? []).map((e) => ({
          description: e.description,
          hts: e.hts,
          source: e.source,
          ref: e.ref ?? null,
        })),
        rules: r?.rules ?? [],
        thresholds,
      };
    },
  );

  const Correction = z
    .object({
      seq: z.number(),
      id: z.string(),
      tenant: z.string(),
      description: z.string(),
      declared: z.string().nullable(),
      hts: z.string(),
      decision: z.enum(['reclassified', 'confirmed']),
      reason: z.string(),
      officer: z.string(),
      shipment_id: z.string().nullable(),
      line: z.number().nullable(),
      model: z.string().nullable(),
      created_at: z.string(),
    })
    .meta({ id: 'ClassificationCorrection' });
  const wire = (c: CorrectionRecord) => ({
    seq: c.seq,
    id: c.id,
    tenant: c.tenant,
    description: c.description,
    declared: c.declared,
    hts: c.hts,
    decision: c.decision,
    reason: c.reason,
    officer: c.officer,
    shipment_id: c.shipmentId,
    line: c.line,
    model: c.model,
    created_at: c.createdAt,
  });

  app.post(
    '/classify/corrections',
    {
      config: { access: OFFICERS },
      schema: {
        summary: 'Officers: a line\'s code as examined or reviewed ("declared 4415.20, is 6109.10")',
        description:
          "Stored with its provenance (officer, time, the filing and line when given, the model in force) as a labeled example of the operator's own; the next model build (`POST /v1/classify/model/rebuild`, `tradelane model train`, or the server's poll) learns from it. `decision` defaults to `confirmed` when the declared code starts with `hts`, else `reclassified`.",
        tags: ['classification'],
        body: failsWith(
          z.strictObject({
            description: z.string().trim().min(1).max(4000),
            declared: z.string().min(6).max(13).optional(),
            hts: z.string().min(6).max(13).describe('the code the officer settled on: 6 to 10 digits'),
            decision: z.enum(['reclassified', 'confirmed']).optional(),
            reason: z.string().max(2000).optional(),
            shipment_id: z.string().max(100).optional(),
            line: z.number().int().min(0).max(9999).optional(),
          }),
          'REQUEST_INVALID',
        ),
        response: { 201: Correction, ...errors(400, 401, 403, 503) },
      },
    },
    async (req, reply) => {
      const who = caller(req);
      const c = await deps.classification.correct({
        tenant: who.tenant,
        officer: who.keyId,
        description: req.body.description,
        declared: req.body.declared ?? null,
        hts: req.body.hts,
        ...(req.body.decision ? { decision: req.body.decision } : {}),
        ...(req.body.reason !== undefined ? { reason: req.body.reason } : {}),
        shipmentId: req.body.shipment_id ?? null,
        line: req.body.line ?? null,
      });
      return reply.code(201).send(wire(c));
    },
  );

  app.get(
    '/classify/corrections',
    {
      config: { access: READERS },
      schema: {
        summary: "Officers' corrections recorded, oldest first",
        tags: ['classification'],
        response: { 200: z.object({ corrections: list(Correction) }), ...errors(401, 403) },
      },
    },
    async () => ({ corrections: (await deps.classification.corrections()).map(wire) }),
  );

  app.post(
    '/classify/model/rebuild',
    {
      config: { access: OFFICERS, heavy: true },
      schema: {
        summary: 'Rebuild the classifier from the data and corrections in force; it swaps in whole',
        tags: ['classification'],
        response: {
          200: z.object({ version: z.string(), corrections: z.number(), build_ms: z.number() }),
          ...errors(401, 403, 503),
        },
      },
    },
    async () => {
      const m = await deps.classification.refresh();
      if (!m)
        throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
      return {
        version: m.version,
        corrections: deps.classification.currentBuild()?.corrections ?? 0,
        build_ms: m.stats.buildMs,
      };
    },
  );
};
