/** The HTSUS over HTTP: one line, and text search. Public: the tariff is public law. */
import { z } from 'zod';
import { HTS_LEVELS, normalizeHts } from '../../kernel/hts-code.js';
import type { Clock } from '../../kernel/ports.js';
import { Problem } from '../../kernel/problem.js';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { IsoDateQuery, errors, list } from '../../platform/http/schemas.js';
import type { Tariff } from './domain/tariff.js';

export interface TariffRouteDeps {
  /** The edition in force on a date (REFDATA_NOT_READY when none is loaded). */
  edition(date: string): Tariff;
  readonly clock: Clock;
}

const Rate = z.object({ text: z.string(), from: z.string() }).nullable();

const TariffLineBody = z
  .object({
    edition: z.string(),
    hts: z.string(),
    htsDotted: z.string(),
    level: z.enum(HTS_LEVELS),
    description: z.string(),
    indent: z.number(),
    units: list(z.string()),
    path: list(z.object({ hts: z.string().nullable(), description: z.string() })),
    rates: z.object({ general: Rate, special: Rate, column2: Rate }),
    additionalDuties: z.string(),
    children: list(z.object({ hts: z.string(), description: z.string() })),
  })
  .meta({ id: 'TariffLine' });

const SearchBody = z.object({
  edition: z.string(),
  hits: list(
    z.object({
      hts: z.string(),
      htsDotted: z.string(),
      level: z.enum(HTS_LEVELS),
      description: z.string(),
      context: z.string(),
      score: z.number(),
    }),
  ),
});

export const tariffRoutes: RoutesPlugin<TariffRouteDeps> = async (app, { deps }) => {
  const today = () => deps.clock.now().slice(0, 10);

  app.get(
    '/tariff/:hts',
    {
      config: { access: 'public' },
      schema: {
        summary: 'One HTSUS line with its path, inherited rates, units and children',
        tags: ['tariff'],
        params: z.object({ hts: z.string().max(20) }),
        querystring: z.object({ date: IsoDateQuery.optional() }),
        response: { 200: TariffLineBody, ...errors(400, 404, 503) },
      },
    },
    async (req) => {
      const { hts } = req.params;
      const code = normalizeHts(hts);
      if (code === null) throw new Problem('HTS_INVALID_FORMAT', `"${hts}" is not an HTS number`, 'hts');
      const tariff = deps.edition(req.query.date?.slice(0, 10) ?? today());
      const line = tariff.lookup(code);
      if (!line)
        throw new Problem('HTS_NOT_FOUND', `${hts} is not in the HTSUS ${tariff.info.edition}`, 'hts');
      return { edition: tariff.info.edition, ...line };
    },
  );

  app.get(
    '/tariff',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Ranked text search over the HTSUS (or list by code prefix)',
        tags: ['tariff'],
        querystring: z.object({
          q: z.string().min(1).max(500),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          level: z.enum(HTS_LEVELS).optional(),
        }),
        response: { 200: SearchBody, ...errors(400, 503) },
      },
    },
    async (req) => {
      const tariff = deps.edition(today());
      return {
        edition: tariff.info.edition,
        hits: tariff.search(req.query.q, req.query.limit, req.query.level),
      };
    },
  );
};
