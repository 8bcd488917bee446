import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './support.js';

/** The lint rule that keeps the layers honest: domain ← ports ← app ← adapters ← main. */
describe('layer rule', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const lint = async (layer: string, code: string) => {
    const [r] = await eslint.lintText(code, {
      filePath: join(REPO_ROOT, 'packages/platform/src', layer, 'probe.ts'),
    });
    return r!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('forbids inner layers to import outer ones', async () => {
    assert.match(
      (await lint('domain', "import { x } from '../main/store/open-store.js';\nvoid x;\n"))[0]!,
      /domain must not import from adapters/,
    );
    assert.match(
      (await lint('domain', "import { x } from '../modules/filing/filing-service.js';\nvoid x;\n"))[0]!,
      /domain must not import from app/,
    );
    assert.match(
      (await lint('app', "import { x } from '../platform/http/app.js';\nvoid x;\n"))[0]!,
      /app must not import from adapters/,
    );
    assert.match(
      (await lint('adapters/http', "import { x } from '../server.js';\nvoid x;\n"))[0]!,
      /adapters must not import from main/,
    );
  });

  it('keeps the domain free of I/O modules', async () => {
    assert.match(
      (await lint('domain', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n"))[0]!,
      /domain is pure/,
    );
  });

  it('allows the inward direction', async () => {
    assert.deepEqual(
      await lint('adapters/http', "import { x } from '../../domain/problem.js';\nvoid x;\n"),
      [],
    );
    assert.deepEqual(await lint('main', "import { x } from '../platform/http/app.js';\nvoid x;\n"), []);
    assert.deepEqual(await lint('app', "import { x } from '../main/store/store.js';\nvoid x;\n"), []);
  });
});
