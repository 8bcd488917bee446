import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../testing/support.js';
import { STAMP_FILE, expectedStamp, stampText } from '../platform/system/bundle-stamp.js';
import { cacheCheck, classifierCheck, commandCheck } from './doctor.js';

describe('tradelane doctor: the artefact cache', () => {
  it('says when the cache is off, and what that costs', () => {
    const c = cacheCheck('off', 'sqlite::memory:');
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /every start builds/);
  });

  it('reports a writable folder with what it holds, or empty', () => {
    const dir = tempDir('tl-doctor');
    assert.match(cacheCheck(join(dir, 'cache'), 'sqlite::memory:').detail, /writable, empty/);
    mkdirSync(join(dir, 'cache'));
    writeFileSync(join(dir, 'cache', 'fit-abc.bin'), Buffer.alloc(2 * 1048576));
    writeFileSync(join(dir, 'cache', 'notes.txt'), 'not an artefact');
    const c = cacheCheck(join(dir, 'cache'), 'sqlite::memory:');
    assert.equal(c.status, 'ok');
    assert.match(c.detail, /1 artefacts, 2\.0 MB/);
  });

  it('defaults beside an SQLite file', () => {
    const dir = tempDir('tl-doctor');
    assert.match(
      cacheCheck(undefined, `sqlite:${join(dir, 'db.sqlite')}`).detail,
      new RegExp(`${dir}/cache`),
    );
  });

  it('warns when the place is a file, not a folder', () => {
    const dir = tempDir('tl-doctor');
    writeFileSync(join(dir, 'plain'), '');
    const c = cacheCheck(join(dir, 'plain', 'cache'), 'sqlite::memory:');
    assert.equal(c.status, 'warn');
    assert.match(c.detail, /not a writable folder/);
  });
});

describe('tradelane doctor: the command', () => {
  /** A package folder compiled, with a bundle stamped as current, or not stamped, or none. */
  function built(bundle: 'current' | 'stale' | 'none'): string {
    const root = tempDir('tl-doctor-pkg');
    mkdirSync(join(root, 'dist', 'main'), { recursive: true });
    writeFileSync(join(root, 'dist', '.tsbuildinfo'), '{}');
    if (bundle !== 'none') writeFileSync(join(root, 'dist', 'main', 'cli.bundle.js'), '');
    if (bundle === 'current')
      writeFileSync(join(root, STAMP_FILE), stampText(expectedStamp(root)!, ['cli.bundle.js']));
    return root;
  }

  it('is ok when it runs as the bundle', () => {
    const root = built('current');
    const c = commandCheck(join(root, 'dist', 'main', 'cli.bundle.js'), root);
    assert.equal(c.status, 'ok');
    assert.match(c.detail, /runs as one bundle/);
  });

  it('warns, saying why, when the compiled modules run instead', () => {
    const modules = (root: string) => commandCheck(join(root, 'dist', 'main', 'doctor.js'), root);
    const missing = modules(built('none'));
    assert.equal(missing.status, 'warn');
    assert.match(missing.detail, /there is no bundle/);
    assert.equal(missing.fix, 'npm run build (compiles and bundles)');
    assert.match(modules(built('stale')).detail, /not that of the last compile and the installed packages/);
    assert.match(modules(built('current')).detail, /started from them/);
  });
});

describe('tradelane doctor: the classifier', () => {
  const built = (fit: 'fitted' | 'cached', cacheable = true) => ({
    model: { version: 'm@abc+0' },
    fit,
    cacheable,
  });

  it('says whether its fit came from the artefact cache, or was built now and written there', () => {
    assert.match(classifierCheck(built('cached'), true).detail, /m@abc\+0 .*read from the artefact cache/);
    const now = classifierCheck(built('fitted'), true);
    assert.equal(now.status, 'ok');
    assert.match(now.detail, /built now and written there, the next start reads it/);
  });

  it('says when every start builds it', () => {
    assert.match(classifierCheck(built('fitted'), false).detail, /no artefact cache\): every start/);
    assert.match(classifierCheck(built('fitted', false), true).detail, /WordNet known by name only/);
  });

  it('warns without a tariff', () => {
    const c = classifierCheck(null, true);
    assert.equal(c.status, 'warn');
    assert.match(c.fix ?? '', /refdata import/);
  });
});
