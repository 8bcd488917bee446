/** OpenAPI pieces every route module shares. */
import { z } from 'zod';

/** Every error answer: a stable code, a message and where (docs/errors.md). */
export const ErrorBody = z
  .object({
    code: z.string().describe('stable code of docs/errors.md'),
    message: z.string(),
    path: z.string().describe('where: a JSON path, a query parameter, a header, or a line'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });

/** The answers a route may give with an error, by status. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;

/** `/:id` path parameters. */
export const IdParams = z.object({ id: z.string().min(1).max(100) });

const isoDay = z.iso.date();
const isoInstant = z.iso.datetime({ offset: true, local: true });

/**
 * An ISO date (YYYY-MM-DD) or instant (YYYY-MM-DDTHH:MM[:SS[.fff]], then Z, ±HH:MM or nothing for
 * UTC) in a query, that exists in the calendar: `2026-02-30` or `T25:00` is refused at its place,
 * not compared as text.
 */
export const IsoDateQuery = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'an ISO date (YYYY-MM-DD) or instant')
  .refine(
    (v) => isoDay.safeParse(v).success || isoInstant.safeParse(v).success,
    'a day or instant that exists: month 01–12, a day of that month, hours 00–23, minutes and seconds 00–59',
  );

/** A boolean in a query string: `true`/`false`/`1`/`0` (not JavaScript's truthiness of "false"). */
export const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A finding of a pipeline stage. */
export const FindingBody = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    path: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Finding' });

/** A data set version recorded with a decision. */
export const DataVersionBody = z
  .object({
    dataset: z.string(),
    snapshot: z.string(),
    sha256: z.string(),
    edition: z.string().optional(),
  })
  .meta({ id: 'DataVersion' });

/**
 * A JSON object whose fields the domain documents (an explanation, a policy, evidence): typed
 * `unknown` for the handler, `{type: object}` in the OpenAPI document.
 */
export const JsonObject = z.unknown().meta({ type: 'object', additionalProperties: true });

/** A list in an answer (domain values are read-only arrays). */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
