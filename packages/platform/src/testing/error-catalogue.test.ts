import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as prettier from 'prettier';
import { FINDINGS, PROBLEMS, isErrorCode } from '../kernel/errors.js';
import { renderErrorsDoc } from '../platform/http/errors-doc.js';
import { REPO_ROOT } from './support.js';

/**
 * The catalogue (kernel/errors.ts) is the one list of codes: docs/errors.md is generated from it,
 * every code the source produces is in it (the types make sure for Problem and Finding; this also
 * covers codes written in other places), and it lists no code that nothing produces.
 */
describe('error catalogue', () => {
  const src = join(REPO_ROOT, 'packages', 'platform', 'src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.contract.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const source = files(src)
    .filter((f) => !f.endsWith(join('kernel', 'errors.ts')))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const catalogue = [...Object.keys(FINDINGS), ...Object.keys(PROBLEMS)];

  it('docs/errors.md is generated from the catalogue (npm run docs:errors)', async () => {
    const file = join(REPO_ROOT, 'docs', 'errors.md');
    const options = (await prettier.resolveConfig(file)) ?? {};
    const expected = await prettier.format(renderErrorsDoc(), { ...options, parser: 'markdown' });
    assert.equal(readFileSync(file, 'utf8'), expected, 'run `npm run docs:errors` and commit docs/errors.md');
  });

  it('holds every code the source produces', () => {
    const used = new Set(
      [...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)]
        .map((m) => m[1]!)
        // Settings, Fastify's codes and Node's (ERR_WORKER_OUT_OF_MEMORY, its HTTP parser's
        // HPE_HEADER_OVERFLOW) are not ours.
        .filter(
          (c) =>
            !c.startsWith('TRADELANE_') &&
            !c.startsWith('FST_') &&
            !c.startsWith('ERR_') &&
            !c.startsWith('HPE_'),
        ),
    );
    for (const w of ['INTERNAL', 'FORBIDDEN', 'UNAUTHENTICATED']) if (source.includes(`'${w}'`)) used.add(w);
    assert.deepEqual([...used].filter((c) => !isErrorCode(c)).sort(), []);
  });

  it('lists no code that nothing produces', () => {
    assert.deepEqual(catalogue.filter((c) => !source.includes(`'${c}'`)).sort(), []);
  });
});
