import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { flat } from './flat.js';

test('flat gives the same text back, whatever it holds', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' })), (parts) => {
      let built = '';
      for (const p of parts) built += p;
      assert.equal(flat(built), parts.join(''));
    }),
  );
});

/**
 * Texts built piece by piece and kept: flattened, each holds about one copy of its characters; as
 * built, it holds every piece and the tree joining them (several times more, in a child process
 * with `--expose-gc`, measured after a full collection). A flat() that only returned its argument
 * fails here.
 */
test('a kept flattened text no longer holds its pieces', () => {
  const flatUrl = new URL('./flat.js', import.meta.url).href;
  const script = `
    const { flat } = await import(${JSON.stringify(flatUrl)});
    const built = (i) => { let o = '['; for (let k = 0; k < 12; k++) o += '{"code":"X' + i + '-' + k + '","n":' + k * i + '},'; return o + ']'; };
    const bytesPerText = (f) => {
      globalThis.gc(); const before = process.memoryUsage().heapUsed;
      const kept = []; for (let i = 0; i < 50000; i++) kept.push(f(built(i)));
      globalThis.gc(); globalThis.gc();
      const per = (process.memoryUsage().heapUsed - before) / kept.length;
      kept.length = 0; return per;
    };
    const asBuilt = bytesPerText((s) => s);
    const flattened = bytesPerText(flat);
    console.log(JSON.stringify({ asBuilt, flattened }));`;
  // Interpreted only: an optimizing compiler may one day build such texts in one piece itself.
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--no-turbofan', '--no-maglev', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const { asBuilt, flattened } = JSON.parse(r.stdout) as { asBuilt: number; flattened: number };
  assert.ok(flattened * 2.5 < asBuilt, `flattened ${flattened} B a text against ${asBuilt} B as built`);
});
