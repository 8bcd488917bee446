import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../platform/system/package-root.js';
import { WORKER_ENTRIES, workerFile } from './worker-files.js';

describe('worker threads: their files', () => {
  it('each entry is a compiled module here, and the build bundled it beside the command', () => {
    for (const name of WORKER_ENTRIES) {
      const module = fileURLToPath(workerFile(name));
      assert.equal(module, join(PACKAGE_ROOT, 'dist', 'main', `${name}.js`));
      assert.ok(existsSync(module), module);
      const bundle = join(PACKAGE_ROOT, 'dist', 'main', `${name}.bundle.js`);
      assert.ok(existsSync(bundle), `${bundle}: not built (npm run build)`);
    }
  });
});
