/** The HS classifier over HTTP: suggestions for descriptions, and the model in force. */
import { z } from 'zod';
import { mapCooperatively } from '../../platform/parallel/cooperative.js';
import { Problem } from '../../kernel/problem.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { failsWith } from '../../platform/http/zod.js';
import { JsonObject, errors, list } from '../../platform/http/schemas.js';
import type { ClassificationService } from './classification-service.js';
import { EVERYONE } from '../../platform/http/auth.js';

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

const OneResult = z.object({ model: z.string(), suggestions: list(SuggestionBody), abstain: z.boolean() });
const ManyResult = z.object({
  model: z.string().nullable(),
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
        return { model: deps.classification.current()?.version ?? null, results };
      }
      const r = await deps.classification.classify(req.body.description ?? '', top);
      return { model: r.model, suggestions: r.suggestions, abstain: r.abstain };
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
          200: z.looseObject({ version: z.string(), options: JsonObject }),
          ...errors(401, 503),
        },
      },
    },
    async () => {
      const m = deps.classification.current() ?? (await deps.classification.refresh());
      if (!m)
        throw new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: the classifier has no tariff');
      return { version: m.version, ...m.stats, options: { ...deps.classification.options } };
    },
  );
};
