import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeLines } from './result-lines.js';
import { bufferItems } from '../../platform/ingest/ndjson.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleShipment, sharedData } from '../../testing/support.js';

test('encoded result lines are the lines joined by newlines, newline-ended, as UTF-8', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' })), (lines) => {
      const expected = lines.length === 0 ? Buffer.alloc(0) : Buffer.from(lines.join('\n') + '\n');
      assert.deepEqual(Buffer.from(encodeLines(lines)), expected);
    }),
  );
});

describe('a chunk evaluated with its lines encoded', sharedData(), () => {
  let t: SharedApp;
  before(async () => {
    t = await sharedApp();
  });
  after(() => t.close());

  it('gives the result lines as UTF-8 in input order, errors included, and no strings', () => {
    const ndjson = Buffer.from(
      [
        JSON.stringify(sampleShipment({ reference: 'ENC-1' })),
        '{"reference": "ENC-2", not json',
        JSON.stringify(sampleShipment({ reference: 'ENC-3 — 東莞' })),
      ].join('\n') + '\n',
    );
    const chunk = t.c.filing.evaluateChunk('acme', bufferItems(ndjson, 1, 1 << 20), true, true);
    assert.deepEqual(chunk.lines, []);
    assert.equal(chunk.encoded?.count, 3);
    const text = Buffer.from(chunk.encoded!.bytes).toString('utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text
      .slice(0, -1)
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.line, l.reference ?? null, 'error' in l]),
      [
        [1, 'ENC-1', false],
        [2, null, true],
        [3, 'ENC-3 — 東莞', false],
      ],
    );
    assert.equal(chunk.accepted + chunk.rejected, 2);
    assert.equal(chunk.unreadable, 1);
    assert.equal(chunk.rows.length, 2);
  });
});
