import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeLines } from './filing-service.js';

test('encoded result lines are the lines joined by newlines, newline-ended, as UTF-8', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' })), (lines) => {
      const expected = lines.length === 0 ? Buffer.alloc(0) : Buffer.from(lines.join('\n') + '\n');
      assert.deepEqual(Buffer.from(encodeLines(lines)), expected);
    }),
  );
});
