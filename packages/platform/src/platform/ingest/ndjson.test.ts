import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../testing/support.js';
import type { BulkItem } from './items.js';
import { ndjsonItems } from './ndjson.js';

async function collect(
  chunks: (string | Uint8Array)[],
  limit = 1 << 20,
  failAfter = false,
): Promise<BulkItem[]> {
  async function* src() {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
    if (failAfter) throw new Error('socket hang up');
  }
  const out: BulkItem[] = [];
  for await (const item of ndjsonItems(src(), limit)) out.push(item);
  return out;
}

const summary = (items: BulkItem[]) =>
  items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}`));

describe('NDJSON reader', () => {
  it('reads lines, skips blanks, tolerates CRLF and a last line without newline', async () => {
    const items = await collect(['{"a":1}\r\n', '\n', '  \n{"a":2}\n{"a"', ':3}']);
    assert.deepEqual(summary(items), ['1:ok', '4:ok', '5:ok']);
    assert.deepEqual((items[2] as { value: unknown }).value, { a: 3 });
  });

  it('turns a bad line into an error item and goes on', async () => {
    const items = await collect(['{"a":1}\nnot json\n', Buffer.from([0xff, 0x0a]), '{"a":4}\n']);
    assert.deepEqual(summary(items), ['1:ok', '2:MALFORMED_JSON', '3:INVALID_UTF8', '4:ok']);
  });

  it('refuses a line holding a lone surrogate, naming the string; a pair is read', async () => {
    const items = await collect([
      '{"reference":"A\\udfff"}\n{"lines":[{"description":"\\ud800x"}]}\n{"a":"\\ud83d\\ude00"}\n',
    ]);
    assert.deepEqual(summary(items), ['1:TEXT_UNPAIRED_SURROGATE', '2:TEXT_UNPAIRED_SURROGATE', '3:ok']);
    assert.deepEqual(
      items.map((i) => ('problem' in i ? i.problem.path : 'ok')),
      ['reference', 'lines[0].description', 'ok'],
    );
    assert.deepEqual((items[2] as { value: unknown }).value, { a: '\u{1f600}' });
  });

  it('refuses an oversized line without buffering it', async () => {
    const items = await collect(
      ['{"a":1}\n{"big":"', 'x'.repeat(5000), 'y'.repeat(5000), '"}\n{"a":3}\n'],
      1024,
    );
    assert.deepEqual(summary(items), ['1:ok', '2:LINE_TOO_LARGE', '3:ok']);
  });

  it('ends a broken-off stream with STREAM_TRUNCATED after the complete lines', async () => {
    const items = await collect(['{"a":1}\n{"a":2}\n{"a":'], 1 << 20, true);
    assert.deepEqual(summary(items), ['1:ok', '2:ok', '3:STREAM_TRUNCATED']);
  });

  it('property: any split of the bytes into chunks yields the same items', async () => {
    const doc = fc.array(
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.constant('{broken'),
        fc.constant(''),
      ),
      {
        maxLength: 12,
      },
    );
    await fc.assert(
      fc.asyncProperty(doc, fc.array(fc.nat(), { maxLength: 8 }), async (lines, cuts) => {
        const bytes = Buffer.from(lines.join('\n') + '\n');
        const chunks = splitAt(bytes, cuts);
        const whole = await collect([bytes]);
        const split = await collect(chunks);
        assert.deepEqual(split, whole);
        assert.equal(whole.length, lines.filter((l) => l.trim() !== '').length);
      }),
      { numRuns: 300 },
    );
  });
});
