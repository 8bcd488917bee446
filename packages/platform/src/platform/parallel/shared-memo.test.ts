import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { SharedMemo } from './shared-memo.js';

test('a shared memo answers what a map would, for any keys and values', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }))), (pairs) => {
      const memo = new SharedMemo(SharedMemo.allocate({ slots: 1024, bytes: 1 << 20 }));
      const map = new Map<string, string>();
      for (const [k, v] of pairs) {
        memo.set(k, v);
        // The first value stays: entries never change once published.
        if (!map.has(k)) map.set(k, v);
      }
      assert.equal(memo.size, map.size);
      for (const [k, v] of map) assert.equal(memo.get(k), v);
      assert.equal(memo.get('\u0000absent'), map.get('\u0000absent'));
    }),
  );
});

test('a full memo keeps what it has and refuses the rest', () => {
  const memo = new SharedMemo(SharedMemo.allocate({ slots: 8, bytes: 64 }));
  for (let i = 0; i < 20; i++) memo.set(`k${i}`, 'x'.repeat(10));
  // 3/4 of 8 slots, or fewer when the bytes run out first (20 bytes an entry here).
  assert.equal(memo.size, 3);
  assert.equal(memo.get('k0'), 'x'.repeat(10));
  assert.equal(memo.get('k5'), undefined);
});

test('what one thread keeps, another reads', async () => {
  const buffer = SharedMemo.allocate({ slots: 1 << 12, bytes: 1 << 20 });
  const script = `
    const { workerData, parentPort } = require('node:worker_threads');
    import(${JSON.stringify(new URL('./shared-memo.js', import.meta.url).href)}).then(({ SharedMemo }) => {
      const memo = new SharedMemo(workerData.buffer);
      for (let i = 0; i < 1000; i++) memo.set('key ' + i, workerData.name + ' ' + i);
      parentPort.postMessage('done');
    });`;
  const run = (name: string) =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(script, { eval: true, workerData: { buffer, name } });
      w.once('message', () => void w.terminate().then(() => resolve()));
      w.once('error', reject);
    });
  await Promise.all([run('a'), run('b')]);
  const memo = new SharedMemo(buffer);
  assert.equal(memo.size, 1000);
  for (let i = 0; i < 1000; i++) assert.match(memo.get(`key ${i}`) ?? '', new RegExp(`^[ab] ${i}$`));
});
