import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../platform/system/package-root.js';
import { WORKER_ENTRIES, workerFile } from './worker-files.js';

const main = join(PACKAGE_ROOT, 'dist', 'main');

describe('worker threads: their files', () => {
  it('the modules start the workers from their modules', () => {
    for (const name of WORKER_ENTRIES) {
      const module = fileURLToPath(workerFile(name));
      assert.equal(module, join(main, `${name}.js`));
      assert.ok(existsSync(module), module);
    }
  });

  it('the command bundle starts them from their bundles, which the build made beside it', () => {
    const bundle = pathToFileURL(join(main, 'cli.bundle.js')).href;
    for (const name of WORKER_ENTRIES) {
      const file = fileURLToPath(workerFile(name, bundle));
      assert.equal(file, join(main, `${name}.bundle.js`));
      assert.ok(existsSync(file), `${file}: not built (npm run build)`);
    }
  });
});
