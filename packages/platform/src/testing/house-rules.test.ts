import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './support.js';

const SRC = join(REPO_ROOT, 'packages/platform/src');

/**
 * The lint rules that keep the house (eslint.config.js, ADR 0011): kernel ← platform ← modules ←
 * main; modules meet only at their index.ts; inside a module, domain/ ← services ← adapters.
 */
describe('house rules (lint)', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const lint = async (file: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: join(SRC, file) });
    return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };
  const refused = async (file: string, spec: string, why: RegExp) =>
    assert.match(
      (await lint(file, `import { x } from '${spec}';\nvoid x;\n`))[0] ?? '(allowed)',
      why,
      `${file} → ${spec}`,
    );
  const allowed = async (file: string, spec: string) =>
    assert.deepEqual(await lint(file, `import { x } from '${spec}';\nvoid x;\n`), [], `${file} → ${spec}`);

  it('keeps the top-level direction: kernel ← platform ← modules ← main', async () => {
    await refused('kernel/probe.ts', '../platform/http/app.js', /kernel imports only kernel/);
    await refused('kernel/probe.ts', '../modules/screening/index.js', /kernel imports only kernel/);
    await refused('kernel/probe.ts', 'node:fs', /kernel is pure/);
    await refused(
      'platform/http/probe.ts',
      '../../modules/screening/index.js',
      /platform knows no capability/,
    );
    await refused('modules/screening/probe.ts', '../../main/container.js', /modules must not import main/);
    await allowed('platform/http/probe.ts', '../../kernel/problem.js');
    await allowed('modules/screening/probe.ts', '../../platform/db/schema.js');
  });

  it('lets modules meet only at their public surface', async () => {
    await refused(
      'modules/parties/probe.ts',
      '../screening/domain/normalize.js',
      /only through its index\.js/,
    );
    await refused(
      'modules/parties/domain/probe.ts',
      '../../screening/screening-service.js',
      /only through its index\.js/,
    );
    await refused('modules/parties/adapters/probe.ts', '../../screening/db.js', /only through its index\.js/);
    await refused(
      'main/probe.ts',
      '../modules/screening/screening-service.js',
      /main uses a module only through/,
    );
    await allowed('modules/parties/probe.ts', '../screening/index.js');
    await allowed('modules/parties/domain/probe.ts', '../../screening/index.js');
    await allowed('main/probe.ts', '../modules/screening/index.js');
  });

  it("keeps a module's layers: domain ← services ← adapters", async () => {
    await refused(
      'modules/screening/domain/probe.ts',
      '../screening-service.js',
      /domain\/ must not import the module's services/,
    );
    await refused(
      'modules/screening/domain/probe.ts',
      '../../../platform/db/schema.js',
      /must not import platform/,
    );
    await refused('modules/screening/domain/probe.ts', 'node:crypto', /domain\/ is pure/);
    await refused('modules/screening/probe.ts', './db.js', /must not import its adapters/);
    await refused('modules/screening/probe.ts', './adapters/watchlists.js', /must not import its adapters/);
    await allowed('modules/screening/routes.ts', './screening-service.js');
    await allowed('modules/screening/adapters/probe.ts', '../screening-service.js');
    await allowed('modules/screening/probe.ts', './domain/normalize.js');
  });

  it('takes time from the clock only', async () => {
    const [r] = await eslint.lintText(
      'export const a = Date.now();\nexport const b = new Date();\nexport const c = new Date(0);\n',
      {
        filePath: join(SRC, 'modules/risk/probe.ts'),
      },
    );
    assert.deepEqual(
      r!.messages.map((m) => m.ruleId),
      ['no-restricted-properties', 'no-restricted-syntax'],
    );
  });
});

/**
 * Modules may refer to each other's types both ways, but their code must not form a cycle: a cycle
 * of value imports between modules is an initialization order waiting to break (it did once).
 */
describe('house rules (module graph)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const moduleOf = (file: string) => relative(join(SRC, 'modules'), file).split(/[\\/]/)[0]!;

  it('has no cycle of value imports between modules', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files(join(SRC, 'modules'))) {
      const from = moduleOf(f);
      const text = readFileSync(f, 'utf8');
      // Value imports only: `import type` and `import { type X }`-only lines are erased at run time.
      for (const m of text.matchAll(
        /^import (?!type )([^;]*?) from '(\.\.\/(?:\.\.\/)?([a-z-]+)\/index\.js)';/gms,
      )) {
        const names = m[1]!;
        const values = /^\{/.test(names.trim())
          ? names
              .replace(/[{}]/g, '')
              .split(',')
              .map((n) => n.trim())
              .filter((n) => n && !n.startsWith('type '))
          : [names];
        if (values.length === 0) continue;
        const to = m[3]!;
        if (to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    const cycle = findCycle(edges);
    assert.equal(cycle, null, `modules import each other's values in a cycle: ${cycle?.join(' → ')}`);
  });
});

function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const m of edges.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    path.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of edges.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}
