import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './support.js';

/** Every code the code can produce is in docs/errors.md, and the catalogue lists no code that is gone. */
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
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const catalogue = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...catalogue.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!));
  const singleWord = ['INTERNAL', 'FORBIDDEN', 'UNAUTHENTICATED'];
  const used = new Set(
    [...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)]
      .map((m) => m[1]!)
      .filter((c) => !c.startsWith('TRADELANE_')),
  );
  for (const w of singleWord) if (source.includes(`'${w}'`)) used.add(w);

  it('documents every code in use', () => {
    assert.deepEqual([...used].filter((c) => !documented.has(c)).sort(), []);
  });

  it('lists no code that nothing produces', () => {
    assert.deepEqual([...documented].filter((c) => !source.includes(`'${c}'`)).sort(), []);
  });
});
