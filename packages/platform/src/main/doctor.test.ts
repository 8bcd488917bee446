import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../testing/support.js';
import { cacheCheck } from './doctor.js';

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
