import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { splitAt } from '../../testing/support.js';
import { JsonInputError, jsonInput } from './json-input.js';

async function* chunks(parts: Buffer[]) {
  for (const p of parts) yield p;
}

async function read(text: string, cuts: number[] = [], limit?: number) {
  const r = await jsonInput(chunks(splitAt(Buffer.from(text), cuts)), 'in.json', limit);
  const bufs: Buffer[] = [];
  for await (const b of r.stream) bufs.push(Buffer.from(b));
  return { shape: r.shape, items: r.items, text: Buffer.concat(bufs).toString('utf8') };
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);

const object = fc
  .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 })
  // Plain objects, as JSON.parse makes them (fast-check's have no prototype).
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

describe('JSON input where NDJSON is expected', () => {
  it('passes NDJSON through byte for byte, however the stream is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(object, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (objs, cuts) => {
          const text = objs.map((o) => JSON.stringify(o)).join('\n') + '\nnot json\n';
          const r = await read(text, cuts);
          assert.equal(r.shape, 'ndjson');
          assert.equal(r.items, null);
          assert.equal(r.text, text);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads a pretty-printed document or array whole, as one line per shipment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(object, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (objs, indent, asArray, cuts) => {
          const value = asArray ? objs : objs[0];
          const r = await read(`\n${JSON.stringify(value, null, indent)}\n`, cuts);
          assert.equal(r.shape, asArray ? 'array' : 'document');
          assert.equal(r.items, asArray ? objs.length : 1);
          assert.deepEqual(lines(r.text), asArray ? objs : [objs[0]]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('takes a one-line array too, and a BOM', async () => {
    const r = await read('\uFEFF[{"a":1},{"b":2}]\n');
    assert.equal(r.shape, 'array');
    assert.deepEqual(lines(r.text), [{ a: 1 }, { b: 2 }]);
  });

  it('refuses a broken document, naming the line and column and what was seen', async () => {
    const text = JSON.stringify({ type: 'formal', lines: [{ hts: '6109' }] }, null, 2).replace(
      '"hts"',
      'hts',
    );
    await assert.rejects(read(text), (e: unknown) => {
      assert.ok(e instanceof JsonInputError);
      assert.match(
        e.message,
        /^in\.json, line 5, column \d+: not valid JSON .*one JSON document over several lines was seen/,
      );
      return true;
    });
    await assert.rejects(read('[\n{"a":1},\n{"a":\n'), /a JSON array was seen/);
  });

  it('refuses a document or array holding a lone surrogate, naming the string', async () => {
    await assert.rejects(read('[\n  {"reference": "A"},\n  {"reference": "B\\uDFFF"}\n]\n'), (e: unknown) => {
      assert.ok(e instanceof JsonInputError);
      assert.match(
        e.message,
        /^in\.json, line 3, column 19: the string at \[1\]\.reference holds an unpaired UTF-16 surrogate \(\\udfff\)/,
      );
      return true;
    });
  });

  it('refuses a document or array that is not UTF-8, as an NDJSON line is, naming the byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from('[\n  {"reference": "Caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n]\n'),
    ]);
    const r = jsonInput(chunks([bytes]), 'in.json');
    await assert.rejects(r, (e: unknown) => {
      assert.ok(e instanceof JsonInputError);
      assert.match(e.message, /^in\.json, byte 22: not valid UTF-8; a JSON array was seen/);
      return true;
    });
  });

  it('keeps NDJSON whose first line is broken as NDJSON (reported line by line)', async () => {
    const text = '{"torn": \n{"a":1}\n{"a":2}\n';
    const r = await read(text);
    assert.equal(r.shape, 'ndjson');
    assert.equal(r.text, text);
  });

  it('refuses an array larger than the limit, and streams a large document-like input as NDJSON', async () => {
    await assert.rejects(
      read(`[\n${'{"a":1},\n'.repeat(50)}{"a":1}]`, [], 64),
      /larger than 64 bytes.*NDJSON/,
    );
    const r = await read(`{\n${'"a":1,\n'.repeat(50)}"b":2}`, [], 64);
    assert.equal(r.shape, 'ndjson');
  });
});
