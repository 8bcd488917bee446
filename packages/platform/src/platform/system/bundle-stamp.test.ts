import assert from 'node:assert/strict';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../testing/support.js';
import { STAMP_FILE, bundleIsCurrent, expectedStamp, stampText } from './bundle-stamp.js';

/** A package folder compiled and installed, its bundles stamped as the build stamps them. */
function bundled(): string {
  const root = tempDir('tl-stamp');
  mkdirSync(join(root, 'dist', 'main'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'dist', '.tsbuildinfo'), '{"version":"5.9.3","root":[1]}');
  writeFileSync(
    join(root, 'node_modules', '.package-lock.json'),
    '{"packages":{"node_modules/zod":{"version":"4.6.7"}}}',
  );
  mkdirSync(join(root, 'scripts'));
  writeFileSync(join(root, 'scripts', 'bundle.js'), "const KEPT_OUT = new Set(['pino']);");
  for (const b of ['cli.bundle.js', 'filing-worker.bundle.js'])
    writeFileSync(join(root, 'dist', 'main', b), '');
  writeFileSync(
    join(root, STAMP_FILE),
    stampText(expectedStamp(root)!, ['cli.bundle.js', 'filing-worker.bundle.js']),
  );
  return root;
}

describe('the bundles run only while they are those of the code and packages in place', () => {
  it('a fresh build: current, and still current when only dates moved', () => {
    const root = bundled();
    assert.equal(bundleIsCurrent(root), true);
    const later = Date.now() / 1000 + 3600;
    utimesSync(join(root, 'dist', '.tsbuildinfo'), later, later);
    utimesSync(join(root, 'node_modules', '.package-lock.json'), later, later);
    assert.equal(bundleIsCurrent(root), true);
  });

  it('a compile that changed anything, a package added without a build, a new bundling script: not current', () => {
    const compiled = bundled();
    writeFileSync(join(compiled, 'dist', '.tsbuildinfo'), '{"version":"5.9.3","root":[1,2]}');
    assert.equal(bundleIsCurrent(compiled), false);
    const installed = bundled();
    writeFileSync(
      join(installed, 'node_modules', '.package-lock.json'),
      '{"packages":{"node_modules/zod":{"version":"4.6.8"}}}',
    );
    assert.equal(bundleIsCurrent(installed), false);
    const rebundled = bundled();
    writeFileSync(join(rebundled, 'scripts', 'bundle.js'), "const KEPT_OUT = new Set(['pino', 'zod']);");
    assert.equal(bundleIsCurrent(rebundled), false);
  });

  it('no stamp, nothing compiled (tsc --clean) or a bundle gone: not current', () => {
    const unstamped = bundled();
    rmSync(join(unstamped, STAMP_FILE));
    assert.equal(bundleIsCurrent(unstamped), false);
    const cleaned = bundled();
    rmSync(join(cleaned, 'dist', '.tsbuildinfo'));
    assert.equal(expectedStamp(cleaned), null);
    assert.equal(bundleIsCurrent(cleaned), false);
    const deleted = bundled();
    rmSync(join(deleted, 'dist', 'main', 'filing-worker.bundle.js'));
    assert.equal(bundleIsCurrent(deleted), false);
  });
});
