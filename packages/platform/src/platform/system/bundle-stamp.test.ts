import assert from 'node:assert/strict';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../testing/support.js';
import { STAMP_FILE, bundleIsCurrent, expectedStamp } from './bundle-stamp.js';

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
  writeFileSync(join(root, STAMP_FILE), `${expectedStamp(root)}\n`);
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

  it('a compile that changed anything, or a package installed without a build: not current', () => {
    const compiled = bundled();
    writeFileSync(join(compiled, 'dist', '.tsbuildinfo'), '{"version":"5.9.3","root":[1,2]}');
    assert.equal(bundleIsCurrent(compiled), false);
    const installed = bundled();
    writeFileSync(
      join(installed, 'node_modules', '.package-lock.json'),
      '{"packages":{"node_modules/zod":{"version":"4.6.8"}}}',
    );
    assert.equal(bundleIsCurrent(installed), false);
  });

  it('no stamp, or nothing compiled (tsc --clean): not current', () => {
    const unstamped = bundled();
    rmSync(join(unstamped, STAMP_FILE));
    assert.equal(bundleIsCurrent(unstamped), false);
    const cleaned = bundled();
    rmSync(join(cleaned, 'dist', '.tsbuildinfo'));
    assert.equal(expectedStamp(cleaned), null);
    assert.equal(bundleIsCurrent(cleaned), false);
  });
});
