import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WorkerMemoryError, WorkerPool } from './worker-pool.js';

const fixture = new URL('./worker-pool-fixture.js', import.meta.url);

describe('filing worker pool', () => {
  const pools: WorkerPool[] = [];
  after(() => Promise.all(pools.map((p) => p.close())));
  const pool = (heapMb = 0) => {
    const p = new WorkerPool(fixture, 1, {}, heapMb);
    pools.push(p);
    return p;
  };

  it('copies a chunk that is part of a larger buffer, leaving the rest of it readable', async () => {
    const p = pool();
    // Buffer.alloc: a buffer of its own (not Node's shared pool), which a transfer would empty.
    const input = Buffer.alloc(10_000, 'a');
    input.write('one\ntwo\n');
    const first = input.subarray(0, 4);
    const second = input.subarray(4, 8);
    assert.deepEqual((await p.file(1, first)).lines, ['one\n']);
    assert.equal(input.byteLength, 10_000, 'the input buffer was not moved to the worker');
    assert.deepEqual((await p.file(2, second)).lines, ['two\n']);
  });

  it('moves a chunk that is its whole buffer', async () => {
    const p = pool();
    const whole = new Uint8Array(Buffer.from('three\n'));
    assert.deepEqual((await p.file(1, whole)).lines, ['three\n']);
    assert.equal(whole.byteLength, 0, 'moved, not copied');
  });

  it('names the heap limit when a worker runs out of memory, and fails what follows the same way', async () => {
    const p = pool(256);
    await assert.rejects(
      p.file(1, new Uint8Array(Buffer.from('grow'))),
      (e: unknown) =>
        e instanceof WorkerMemoryError &&
        /^filing worker failed: a filing worker ran out of memory \(its heap is limited to 256 MB by TRADELANE_WORKER_HEAP_MB\)/.test(
          e.message,
        ),
    );
    await assert.rejects(p.file(2, new Uint8Array(Buffer.from('x\n'))), /TRADELANE_WORKER_HEAP_MB/);
  });
});
