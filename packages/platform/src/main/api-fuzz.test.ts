/**
 * The API under fuzzing: every operation of the OpenAPI document, called by an admin (who passes
 * every access check) with bodies, path parameters and query strings drawn by fast-check — hostile
 * ones included (null, wrong types, 10,000-deep nesting, NUL characters, bytes that are not UTF-8).
 * No answer may be a 5xx. `TRADELANE_FUZZ_RUNS` sets the cases per operation (`npm run fuzz`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sampleShipment } from '../testing/support.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';

const RUNS = Number(process.env.TRADELANE_FUZZ_RUNS ?? 100);

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly query: readonly string[];
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom('abc', '-1', '0', '1e999', 'null', '\u0000', 'a\u0000b', '%00', '../../etc/passwd', ''),
);
/** JSON values with the hostile cases spelled out, and the body as bytes. */
const hostileBody = fc.oneof(
  fc.constant('null'),
  fc.constant('{}'),
  fc.constant('[]'),
  fc.constant('"x"'),
  fc.constant(deep(10_000)),
  fc.constant(`{"a":${deep(5_000)}}`),
  fc.constant('{"name":"a\\u0000b","reference":"R\\u0000","lines":[]}'),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record({ name: hostileText, parties: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) })
    .map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ ...sampleShipment(), lines: v })),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
);

describe('API fuzzing: no operation answers 5xx', () => {
  let t: SharedApp;
  let admin: string;
  let ops: Operation[] = [];
  /** Ids that exist, so that the fuzz reaches past "not found". */
  let known: string[] = [];

  before(async () => {
    // No rate limit: the fuzz calls each heavy route many times with one key.
    t = await sharedApp({}, { TRADELANE_RATE_LIMIT_HEAVY: '0' });
    admin = (await t.c.apiKeys.create({ tenant: 'acme', role: 'admin' })).key;
    const filed = await t.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify(sampleShipment()),
    });
    known = [filed.json().id as string, 'seller', '0'];
    const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    );
  });
  after(() => t.close());

  it('answers every operation with a status under 500, whatever it is sent', async (ctx) => {
    assert.ok(ops.length > 40, `only ${ops.length} operations in the OpenAPI document`);
    const failures: string[] = [];
    let cases = 0;
    const started = performance.now();
    for (const op of ops) {
      // The event stream never ends by design; its query is checked in notifications' own tests.
      if (op.path === '/v1/events') continue;
      const t0 = performance.now();
      await fc
        .assert(
          fc.asyncProperty(
            hostileBody,
            fc.array(fc.oneof(hostileText, fc.constantFrom(...known)), { minLength: 4, maxLength: 4 }),
            fc.dictionary(fc.constantFrom(...(op.query.length ? op.query : ['x'])), hostileText),
            fc.constantFrom(
              'application/json',
              'application/x-ndjson',
              'text/csv',
              'application/octet-stream',
            ),
            async (body, params, query, type) => {
              let i = 0;
              const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[i++ % 4]! || 'x'));
              const qs = new URLSearchParams(query).toString();
              cases++;
              const res = await t.app.inject({
                method: op.method as 'GET',
                url: qs ? `${path}?${qs}` : path,
                headers: {
                  authorization: `Bearer ${admin}`,
                  ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { 'content-type': type }),
                },
                ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: body }),
              });
              if (res.statusCode >= 500) {
                failures.push(
                  `${op.method} ${op.path} [${type}] ${body.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
                );
                return false;
              }
              return true;
            },
          ),
          { numRuns: RUNS, endOnFailure: true },
        )
        .catch(() => undefined);
      if (process.env.FUZZ_TRACE) console.error(Math.round(performance.now() - t0), op.method, op.path);
    }
    // Read by scripts/fuzz.js for its report.
    const seconds = (performance.now() - started) / 1000;
    ctx.diagnostic(`fuzz api cases=${cases} 5xx=${failures.length} seconds=${seconds.toFixed(1)}`);
    assert.deepEqual(failures, []);
  });
});
