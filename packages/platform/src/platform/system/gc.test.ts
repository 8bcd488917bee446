import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BULK_HEAP_GROWTH_PERCENT, fitScavengerToCores, scavengeAlone, setHeapGrowth } from './gc.js';

test('the scavenger works alone only when our own threads fill the cores', () => {
  assert.equal(scavengeAlone(2, 2), true);
  assert.equal(scavengeAlone(3, 2), true);
  assert.equal(scavengeAlone(1, 2), false);
  assert.equal(scavengeAlone(1, 1), true);
  assert.equal(fitScavengerToCores(1, 2), false);
});

/**
 * V8's trace (`flags`) of a child process that runs `setting` (with gc.js's exports in scope) and
 * then a worker thread running `body` with a young generation of `youngMb`; fails unless the child
 * exits 0 within two minutes.
 */
async function traceOfWorkerAfter(
  setting: string,
  body: string,
  youngMb: number,
  flags: readonly string[],
): Promise<string> {
  const gc = new URL('./gc.js', import.meta.url).href;
  const script = `
    const { fitScavengerToCores, setHeapGrowth } = await import(${JSON.stringify(gc)});
    const { Worker } = await import('node:worker_threads');
    ${setting};
    const w = new Worker(${JSON.stringify(body)}, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: ${youngMb} } });
    await new Promise((resolve, reject) => w.on('exit', resolve).on('error', reject));`;
  const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', script], {
    timeout: 120_000,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  return out;
}

/**
 * In a child process that turned parallel scavenging off, a worker thread started afterwards
 * collects its young generation with no helper: V8's own trace of each scavenge reports the time
 * its helpers spent, and it is zero for every one.
 */
test('turned off, no scavenge of a worker started afterwards uses a helper thread', async () => {
  const out = await traceOfWorkerAfter(
    "if (!fitScavengerToCores(2, 2)) throw new Error('not turned off')",
    // Survivors in a large young generation: the case V8 splits across helper tasks.
    `let keep = [];
     for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 4e5) keep = []; }`,
    96,
    ['--trace-gc-nvp'],
  );
  const scavenges = out.split('\n').filter((l) => / gc=s /.test(l));
  assert.ok(scavenges.length >= 5, `only ${scavenges.length} scavenges traced`);
  const helped = scavenges.map((l) => Number(/background\.scavenge\.parallel=([\d.]+)/.exec(l)?.[1]));
  assert.ok(
    helped.every((ms) => ms === 0),
    `helper time per scavenge: ${helped.join(', ')}`,
  );
});

/**
 * A worker started after `setHeapGrowth(percent)` in a child process keeps ~30 MB live and
 * promotes garbage. V8's traces give, per thread, what each full collection kept and the limit at
 * which the next one's marking started: the median of limit over what was kept is the growth
 * (~2.2 at 100 %: twice what was kept, and the young generation's room; ~1.65 at 50 %; ~4.2 at
 * 300 %, V8's largest), whatever the machine's load does to the marking. Lines are grouped by the
 * isolate's address they start with; a line a thread's trace interleaves with another's would
 * move one ratio, not the median of ~7–19.
 */
async function growthBetweenCollections(percent: number): Promise<number> {
  const out = await traceOfWorkerAfter(
    `setHeapGrowth(${percent})`,
    `const live = []; for (let i = 0; i < 3e5; i++) live.push({ i, s: 'x' + i });
     let keep = [];
     for (let i = 0; i < 1.2e7; i++) { keep.push({ i, s: 'y' + i }); if (keep.length > 6e5) keep = []; }
     globalThis.live = live;`,
    16,
    ['--trace-gc', '--trace-incremental-marking'],
  );
  // Per thread (the isolate's address in each line): what the last full collection kept, and the
  // next limit over it.
  const kept = new Map<string, number>();
  const ratios = new Map<string, number[]>();
  for (const line of out.split('\n')) {
    const thread = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
    if (!thread) continue;
    const collected = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+)/.exec(line);
    if (collected) kept.set(thread, Number(collected[1]));
    const started = /Start \(allocation limit\).*? v8: \d+MB \/ (\d+)MB/.exec(line);
    if (started && kept.has(thread)) {
      ratios.set(thread, [...(ratios.get(thread) ?? []), Number(started[1]) / kept.get(thread)!]);
    }
  }
  const worker = [...ratios.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  assert.ok(worker.length >= 3, `only ${worker.length} markings started at a limit`);
  return worker.sort((a, b) => a - b)[Math.floor(worker.length / 2)]!;
}

test("a worker started after the bulk heap growth is set grows its heap by that factor, not V8's 4×", async () => {
  assert.equal(BULK_HEAP_GROWTH_PERCENT, 100);
  const [bulk, largest] = await Promise.all([
    growthBetweenCollections(BULK_HEAP_GROWTH_PERCENT),
    growthBetweenCollections(300),
  ]);
  assert.ok(
    bulk < 1 + BULK_HEAP_GROWTH_PERCENT / 100 + 0.6,
    `at ${BULK_HEAP_GROWTH_PERCENT} %: the next limit ${bulk.toFixed(2)}× what was kept`,
  );
  assert.ok(largest > 3.4, `at 300 %: ${largest.toFixed(2)}×`);
});

test('a heap growth that is not a whole percent from 1 to 1000 is refused', () => {
  for (const p of [0, -5, 1.5, 1001, 1e21, Number.NaN]) assert.throws(() => setHeapGrowth(p), RangeError);
});
