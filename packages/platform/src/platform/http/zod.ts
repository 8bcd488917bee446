/**
 * Zod at the HTTP edge: one schema per request part gives the validation, the handler's types and
 * the OpenAPI entry (fastify-type-provider-zod). A request that does not fit becomes a Problem with a
 * stable code and the place (`query.limit`, `body.parties[2].name`); an answer is serialized as it is
 * (checked against its schema in tests, where TRADELANE_HTTP_CHECK_RESPONSES=1).
 */
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import type { ZodType } from 'zod';
import type { ProblemCode } from '../../kernel/errors.js';
import { Problem } from '../../kernel/problem.js';
import { issueCode, renderPath } from '../../kernel/shipment.js';

type HttpPart = 'body' | 'querystring' | 'params' | 'headers';

const PREFIX: Readonly<Record<HttpPart, string>> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** The body fields that carry a batch of items (classify `items`, screen `parties`, determine `lines`). */
const BATCH_FIELDS = new Set(['items', 'parties', 'lines']);

type Issue = Parameters<typeof issueCode>[0];

/** Whether an issue (or, for a union, any of its branches' issues) is a batch field over its bound. */
function overBatch(issue: Issue): boolean {
  if (issue.code === 'too_big')
    return issue.origin === 'array' && issue.path.length === 1 && BATCH_FIELDS.has(String(issue.path[0]));
  if (issue.code === 'invalid_union' && issue.path.length === 0)
    return issue.errors.some((branch) => branch.some((i) => overBatch(i as Issue)));
  return false;
}

/** The metadata key by which a schema names the code of its failures (e.g. TT_ACTION_INVALID). */
export const ERROR_CODE_META = 'x-error-code';

/** A body schema whose failures carry one code of the catalogue. */
export const failsWith = <T extends ZodType>(schema: T, code: ProblemCode): T =>
  schema.meta({ ...(schema.meta() ?? {}), [ERROR_CODE_META]: code }) as T;

/**
 * The code of a failed request part: the schema's own code when it names one; else the body's
 * shape codes (FIELD_REQUIRED, TYPE_INVALID…), QUERY_INVALID, REQUEST_INVALID.
 */
function codeFor(
  part: HttpPart,
  issue: Parameters<typeof issueCode>[0],
  own: ProblemCode | undefined,
): ProblemCode {
  // A body's list of items over its documented bound: the batch is too large.
  if (part === 'body' && overBatch(issue)) return 'BATCH_TOO_LARGE';
  if (own) return own;
  if (part === 'body') return issueCode(issue);
  if (part === 'querystring') return 'QUERY_INVALID';
  return 'REQUEST_INVALID';
}

const isPart = (p: string | undefined): p is HttpPart =>
  p === 'body' || p === 'querystring' || p === 'params' || p === 'headers';

export const zodValidator: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data);
    if (r.success) return { value: r.data };
    const part = isPart(httpPart) ? httpPart : 'body';
    const own = (schema.meta() as Record<string, unknown> | undefined)?.[ERROR_CODE_META] as
      ProblemCode | undefined;
    // A null or absent body is reported as the body, not as a field of it.
    const again = part === 'body' ? schema.safeParse(data, { reportInput: true }) : r;
    const issues = (again.success ? r : again).error!.issues;
    const first = issues[0]!;
    const where =
      [PREFIX[part], renderPath(first.path)].filter(Boolean).join('.') ||
      (part === 'body' ? 'body' : PREFIX[part]);
    return {
      error: new Problem(codeFor(part, first, own), `${where}: ${first.message}`, where, {
        issues: issues.slice(0, 20).map((i) => ({
          code: codeFor(part, i, own),
          path: [PREFIX[part], renderPath(i.path)].filter(Boolean).join('.'),
          message: i.message,
        })),
      }),
    };
  };

/** Answers are serialized as they are; with `check`, each is first held against its schema. */
export function zodSerializer(check: boolean): FastifySerializerCompiler<ZodType> {
  return ({ schema, method, url }) =>
    (data) => {
      if (check && typeof (schema as { safeParse?: unknown }).safeParse === 'function') {
        const r = (schema as ZodType).safeParse(data);
        if (!r.success) {
          const i = r.error.issues[0]!;
          throw new Error(
            `response of ${method} ${url} does not fit its schema at ${renderPath(i.path) || '(root)'}: ${i.message}`,
          );
        }
      }
      return JSON.stringify(data);
    };
}

/**
 * For a route whose body the domain checks itself (the filing contract, the same for a bulk line;
 * a program's application): the schema documents the body, the use case validates it.
 */
export function domainValidates<S>(): FastifySchemaCompiler<S> {
  return () => (data) => ({ value: data });
}
