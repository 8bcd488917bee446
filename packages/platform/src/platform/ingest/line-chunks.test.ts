import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../testing/support.js';
import type { BulkItem } from './items.js';
import { bufferItems, ndjsonItems } from './ndjson.js';
import { lineChunks } from './line-chunks.js';

async function viaChunks(
  parts: Uint8Array[],
  limit: number,
  target: number,
  fail = false,
): Promise<BulkItem[]> {
  async function* src() {
    for (const p of parts) yield p;
    if (fail) throw new Error('reset');
  }
  const out: BulkItem[] = [];
  for await (const c of lineChunks(src(), limit, target)) {
    if (c.kind === 'problem') out.push({ line: c.line, problem: c.problem });
    else out.push(...bufferItems(c.bytes, c.firstLine, limit));
  }
  return out;
}

async function direct(parts: Uint8Array[], limit: number, fail = false): Promise<BulkItem[]> {
  async function* src() {
    for (const p of parts) yield p;
    if (fail) throw new Error('reset');
  }
  const out: BulkItem[] = [];
  for await (const i of ndjsonItems(src(), limit)) out.push(i);
  return out;
}

const summary = (items: BulkItem[]) =>
  items.map((i) => ('value' in i ? `${i.line}:${JSON.stringify(i.value)}` : `${i.line}:${i.problem.code}`));

describe('line chunks for worker threads', () => {
  it('property: chunking for workers gives the same items, numbered alike, as the streaming reader', async () => {
    const lineArb = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.constant('{broken'),
      fc.constant(''),
      fc.constant('"x' + 'y'.repeat(300) + '"'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { maxLength: 15 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        async (lines, cuts, target, trailingNewline) => {
          const bytes = Buffer.from(lines.join('\n') + (trailingNewline ? '\n' : ''));
          const parts = splitAt(bytes, cuts);
          const limit = 256;
          assert.deepEqual(
            summary(await viaChunks(parts, limit, target)),
            summary(await direct(parts, limit)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drops an oversized line without holding it, and reports a broken-off stream', async () => {
    const parts = [
      Buffer.from('{"a":1}\n{"big":"'),
      Buffer.from('x'.repeat(4000)),
      Buffer.from('"}\n{"a":3}\n{"a":'),
    ];
    assert.deepEqual(summary(await viaChunks(parts, 1024, 64, true)), [
      '1:{"a":1}',
      '2:LINE_TOO_LARGE',
      '3:{"a":3}',
      '4:STREAM_TRUNCATED',
    ]);
  });
});
