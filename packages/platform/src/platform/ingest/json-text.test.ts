import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Problem } from '../../kernel/problem.js';
import { decodeUtf8, invalidUtf8Offset, jsonErrorOffset, parseJsonText } from './json-text.js';

function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Problem, String(e));
    return e;
  }
  assert.fail('expected a problem');
}

describe('JSON bodies', () => {
  it('locates a syntax error by line and column', () => {
    const p = problemOf(() => parseJsonText('{\n  "a": 1,\n  "b": }', 'body'));
    assert.equal(p.code, 'MALFORMED_JSON');
    assert.equal(p.path, 'body, line 3, column 8');
    assert.equal(problemOf(() => parseJsonText('', 'body')).code, 'MALFORMED_JSON');
    assert.equal(problemOf(() => parseJsonText('{"a": 1', 'line 7')).path, 'line 7, column 8');
  });

  it('refuses invalid UTF-8 with the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('{"name": "Caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const p = problemOf(() => decodeUtf8(bytes));
    assert.equal(p.code, 'INVALID_UTF8');
    assert.equal(p.details!.byte, 13);
  });

  it('property: the invalid-byte finder agrees with the platform validator', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (arr) => {
        const at = invalidUtf8Offset(arr);
        if (isUtf8(arr)) return at === -1;
        return at >= 0 && isUtf8(arr.subarray(0, at));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: valid UTF-8 text never reports an invalid byte', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => invalidUtf8Offset(Buffer.from(s)) === -1));
  });
});

describe('JSON error offset', () => {
  it('property: agrees with JSON.parse on validity', () => {
    const texts = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      fc.jsonValue().chain((v) => {
        const t = JSON.stringify(v);
        return fc.nat(t.length).map((cut) => t.slice(0, cut) + (cut % 3 === 0 ? '}' : ''));
      }),
      fc.string(),
    );
    fc.assert(
      fc.property(texts, (t) => {
        let ok = true;
        try {
          JSON.parse(t);
        } catch {
          ok = false;
        }
        const off = jsonErrorOffset(t);
        return ok ? off === -1 : off >= 0 && off <= t.length;
      }),
      { numRuns: 3000 },
    );
  });
});
