import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fitScavengerToCores, scavengeAlone } from './gc.js';

test('the scavenger works alone only when our own threads fill the cores', () => {
  assert.equal(scavengeAlone(2, 2), true);
  assert.equal(scavengeAlone(3, 2), true);
  assert.equal(scavengeAlone(1, 2), false);
  assert.equal(scavengeAlone(1, 1), true);
  assert.equal(fitScavengerToCores(1, 2), false);
});

/**
 * In a child process that turned parallel scavenging off, a worker thread started afterwards
 * collects its young generation with no helper: V8's own trace of each scavenge reports the time
 * its helpers spent, and it is zero for every one.
 */
test('turned off, no scavenge of a worker started afterwards uses a helper thread', () => {
  const gc = new URL('./gc.js', import.meta.url).href;
  const script = `
    const { fitScavengerToCores } = await import(${JSON.stringify(gc)});
    const { Worker } = await import('node:worker_threads');
    if (!fitScavengerToCores(2, 2)) throw new Error('not turned off');
    const w = new Worker(\`
      // Survivors in a large young generation: the case V8 splits across helper tasks.
      let keep = [];
      for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 4e5) keep = []; }
    \`, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    await new Promise((resolve, reject) => w.on('exit', resolve).on('error', reject));`;
  const r = spawnSync(process.execPath, ['--trace-gc-nvp', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const scavenges = r.stdout.split('\n').filter((l) => / gc=s /.test(l));
  assert.ok(scavenges.length >= 5, `only ${scavenges.length} scavenges traced`);
  const helped = scavenges.map((l) => Number(/background\.scavenge\.parallel=([\d.]+)/.exec(l)?.[1]));
  assert.ok(
    helped.every((ms) => ms === 0),
    `helper time per scavenge: ${helped.join(', ')}`,
  );
});
