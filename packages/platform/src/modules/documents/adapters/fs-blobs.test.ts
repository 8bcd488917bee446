import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Problem } from '../../../kernel/problem.js';
import { tempDir } from '../../../testing/support.js';
import { FsBlobStore } from './fs-blobs.js';

const chunks = (n: number, size: number) =>
  Readable.from(Array.from({ length: n }, (_, i) => Buffer.alloc(size, i)));
const stored = (dir: string) =>
  readdirSync(dir, { recursive: true }).filter((f) => /[0-9a-f]{64}$/.test(String(f)));

describe('content-addressed blob store', () => {
  it('stores once per content, hashes while streaming, and stops at the limit leaving nothing', async () => {
    const dir = tempDir('tl-blobs');
    const blobs = new FsBlobStore(dir);
    const a = await blobs.write(chunks(4, 1000), 10_000);
    const expected = createHash('sha256');
    for (let i = 0; i < 4; i++) expected.update(Buffer.alloc(1000, i));
    assert.equal(a.sha256, expected.digest('hex'));
    assert.equal(a.size, 4000);
    assert.equal(a.created, true);
    assert.equal((await blobs.write(chunks(4, 1000), 10_000)).created, false, 'same bytes, same file');
    await assert.rejects(
      blobs.write(chunks(20, 1000), 10_000),
      (e: unknown) => e instanceof Problem && e.code === 'DOCUMENT_TOO_LARGE',
    );
    assert.equal(stored(dir).length, 1);
    assert.deepEqual(readdirSync(`${dir}/tmp`), [], 'no temporary file is left');
    assert.equal(await blobs.read('../../etc/passwd'), null);
  });

  it('drops a staged upload without touching the named blob of the same bytes', async () => {
    const dir = tempDir('tl-blobs');
    const blobs = new FsBlobStore(dir);
    const early = await blobs.stage(chunks(2, 1000), 10_000);
    const late = await blobs.stage(chunks(2, 1000), 10_000);
    assert.equal(await blobs.read(early.sha256), null, 'staged bytes are not readable by name');
    assert.equal(await blobs.commit(late), true);
    assert.equal(await blobs.commit(early), false, 'the same bytes named once');
    await blobs.discard(await blobs.stage(chunks(2, 1000), 10_000));
    const r = await blobs.read(early.sha256);
    assert.ok(r, 'the named blob stays');
    r.destroy();
    assert.equal(stored(dir).length, 1);
    assert.deepEqual(readdirSync(`${dir}/tmp`), [], 'no staged file is left');
  });
});
