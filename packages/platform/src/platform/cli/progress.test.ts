import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Progress } from './progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream, chunks };
}

describe('progress', () => {
  it('shows count, rate and ETA on a terminal', () => {
    const { stream, chunks } = fakeStream(true);
    let fraction = 0.25;
    let ms = 1_000;
    const p = new Progress(
      'filed',
      () => fraction,
      stream,
      () => ms,
    );
    p.tick(1000);
    ms += 500;
    fraction = 0.5;
    p.tick(1000);
    p.done('accepted 2000');
    const text = chunks.join('');
    // 2,000 in half a second, half-way: 4,000/s and as long again to go.
    assert.match(text, /filed: 2,000 \(4,000\/s\) ETA 1s/);
    assert.match(text, /accepted 2000\n$/);
  });

  it('stays quiet when stderr is not a terminal', () => {
    const { stream, chunks } = fakeStream(false);
    const p = new Progress('filed', () => 0.5, stream);
    p.tick(5);
    p.done('done');
    assert.deepEqual(chunks, []);
  });
});
