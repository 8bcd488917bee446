import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Problem } from '../../kernel/problem.js';
import {
  MAX_JSON_DEPTH,
  checkJsonText,
  decodeUtf8,
  invalidUtf8Offset,
  jsonErrorOffset,
  jsonPathAt,
  parseJsonText,
} from './json-text.js';

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

describe('JSON bounds: depth and NUL', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('refuses nesting deeper than the bound, at the bracket that goes too deep', () => {
    assert.deepEqual(parseJsonText(nest(MAX_JSON_DEPTH)), JSON.parse(nest(MAX_JSON_DEPTH)));
    const p = problemOf(() => parseJsonText(nest(10_000)));
    assert.equal(p.code, 'JSON_TOO_DEEP');
    assert.equal(p.path, `body, column ${MAX_JSON_DEPTH + 1}`);
    // Brackets inside strings do not count.
    assert.ok(parseJsonText(JSON.stringify({ a: '['.repeat(100) + '{'.repeat(100) })));
    // A malformed deep text is refused without overflowing the error locator.
    assert.equal(problemOf(() => parseJsonText(nest(200_000).slice(0, -1))).code, 'MALFORMED_JSON');
  });

  it('refuses a NUL character in any string, keys included, and nothing else', () => {
    for (const t of ['{"a":"x\\u0000"}', '{"a\\u0000":1}', '["\\\\\\u0000"]'])
      assert.equal(problemOf(() => parseJsonText(t)).code, 'TEXT_NUL', t);
    // An escaped backslash followed by the letters u0000 is text, not NUL.
    assert.deepEqual(parseJsonText('["\\\\u0000"]'), ['\\u0000']);
    assert.deepEqual(parseJsonText('["\\u0001"]'), ['\u0001']);
  });

  it('property: any JSON value within the bound and free of NUL parses as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (v) => {
        const text = JSON.stringify(v);
        if (text === undefined || text.includes('\\u0000')) return;
        assert.deepEqual(parseJsonText(text), JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });
  it('property: refuses exactly the values nested deeper than the bound or holding a NUL', () => {
    /** The model: a value's nesting depth, and whether any string in it (keys too) holds a NUL. */
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object'
        ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf))
        : 0;
    const hasNul = (v: unknown): boolean =>
      typeof v === 'string'
        ? v.includes('\0')
        : v !== null &&
          typeof v === 'object' &&
          Object.entries(v as Record<string, unknown>).some(([k, x]) => k.includes('\0') || hasNul(x));
    // Strings made of the characters that matter: quotes, backslashes, brackets, NUL, `u0000`.
    const tricky = fc.string({
      unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', '\0', 'u0000', 'a', '\n'),
      maxLength: 8,
    });
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(tricky, tie('v'), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 6 }), (v, max) => {
        const text = JSON.stringify(v);
        const nul = hasNul(v);
        const deep = depthOf(v) > max;
        let code: string | null = null;
        try {
          checkJsonText(text, 'body', max);
        } catch (e) {
          code = (e as Problem).code;
        }
        if (!nul && !deep) assert.equal(code, null, text);
        else assert.ok(code === 'TEXT_NUL' || code === 'JSON_TOO_DEEP', `${text}: ${code}`);
        if (nul && !deep) assert.equal(code, 'TEXT_NUL', text);
        if (deep && !nul) assert.equal(code, 'JSON_TOO_DEEP', text);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('JSON strings: unpaired surrogates', () => {
  /** Whether a string holds a surrogate without its other half (the model: String#isWellFormed). */
  const lone = (s: string): boolean => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
        else return true;
      } else if (c >= 0xdc00 && c <= 0xdfff) return true;
    }
    return false;
  };
  const step = (path: string, key: string) =>
    /^[A-Za-z_$][\w$]*$/.test(key)
      ? path === ''
        ? key
        : `${path}.${key}`
      : `${path}[${JSON.stringify(key)}]`;
  /** The path of the first string (in text order, keys before their values) that `bad` picks. */
  const firstPath = (v: unknown, bad: (s: string) => boolean, path = ''): string | null => {
    if (typeof v === 'string') return bad(v) ? path : null;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) {
        const p = firstPath(x, bad, `${path}[${i}]`);
        if (p !== null) return p;
      }
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (bad(k)) return step(path, k);
        const p = firstPath(x, bad, step(path, k));
        if (p !== null) return p;
      }
    }
    return null;
  };
  /** JSON as a client may write it: every character past ASCII as a \u escape, in either case. */
  const escaping = (upper: boolean) =>
    function write(v: unknown): string {
      if (typeof v === 'string')
        return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (ch) => {
          const h = ch.charCodeAt(0).toString(16).padStart(4, '0');
          return `\\u${upper ? h.toUpperCase() : h}`;
        });
      if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
      if (v !== null && typeof v === 'object')
        return `{${Object.entries(v)
          .map(([k, x]) => `${write(k)}:${write(x)}`)
          .join(',')}}`;
      return JSON.stringify(v);
    };
  // Strings of the code units that matter: both halves, a pair, quotes, backslashes, `ud800`.
  const tricky = fc.string({
    unit: fc.constantFrom(
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ud83d\ude00',
      'é',
      '"',
      '\\',
      'ud800',
      'a',
    ),
    maxLength: 6,
  });
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      tricky,
      fc.integer(),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.oneof(tricky, fc.constantFrom('a', 'b_1', 'x y')), tie('v'), { maxKeys: 3 }),
    ),
  })).v;
  const codeAndPath = (text: string): [string, string] | null => {
    try {
      checkJsonText(text, 'body', 64);
      return null;
    } catch (e) {
      assert.ok(e instanceof Problem, String(e));
      return [e.code, e.path];
    }
  };

  it('refuses a lone surrogate with its path, and accepts a pair in any spelling', () => {
    const p = problemOf(() => parseJsonText('{"shipment": {"reference": "SURR-\\udfff"}}'));
    assert.equal(p.code, 'TEXT_UNPAIRED_SURROGATE');
    assert.equal(p.path, 'shipment.reference');
    assert.deepEqual(p.details, { line: 1, column: 34, escape: '\\udfff' });
    assert.match(p.message, /^body, column 34: the string at shipment\.reference holds an unpaired/);
    for (const [t, path] of [
      ['["a", "\\uD800"]', '[1]'],
      ['["\\ud800\\u0041"]', '[0]'],
      ['{"lines": [{"x": 1}, {"description": "\\uDBFFz"}]}', 'lines[1].description'],
      ['{"extensions": {"k\\udc00": 1}}', 'extensions["k\\udc00"]'],
      ['{"a": "\\ude00\\ud83d"}', 'a'],
      ['"\\ud800"', 'body'],
    ])
      assert.deepEqual(codeAndPath(t!), ['TEXT_UNPAIRED_SURROGATE', path], t);
    // Pairs, escaped (either case) or not; an escaped backslash before `ud800` is text.
    for (const t of [
      '["\\ud83d\\ude00"]',
      '["\\uD83D\\uDE00"]',
      '["\\uD83d\\ude00x"]',
      '["😀"]',
      '["\\\\ud800"]',
    ])
      assert.equal(codeAndPath(t), null, t);
    // NUL keeps its code, now with its path too.
    assert.deepEqual(codeAndPath('{"reference": "R\\u0000"}'), ['TEXT_NUL', 'reference']);
  });

  it('names the string a JSON text holds at an offset', () => {
    const text = '{"a": [1, {"b c": "x"}, "y"], "d": {"e": {"f": "z"}}, "g": "w"}';
    assert.equal(jsonPathAt(text, text.indexOf('"x"') + 1), 'a[1]["b c"]');
    assert.equal(jsonPathAt(text, text.indexOf('"b c"') + 1), 'a[1]["b c"]');
    assert.equal(jsonPathAt(text, text.indexOf('"y"') + 1), 'a[2]');
    assert.equal(jsonPathAt(text, text.indexOf('"z"') + 1), 'd.e.f');
    assert.equal(jsonPathAt(text, text.indexOf('"w"') + 1), 'g');
  });

  it('property: refuses exactly the texts with a lone surrogate, naming the first one', () => {
    fc.assert(
      fc.property(value, fc.constantFrom('stringify', 'lower', 'upper'), (v, how) => {
        // JSON.stringify writes a pair as it is and a lone surrogate as an escape; the others escape all.
        const text = how === 'stringify' ? JSON.stringify(v) : escaping(how === 'upper')(v);
        assert.equal(JSON.stringify(JSON.parse(text)), JSON.stringify(v));
        const path = firstPath(v, lone);
        assert.deepEqual(
          codeAndPath(text),
          path === null ? null : ['TEXT_UNPAIRED_SURROGATE', path || 'body'],
          text,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('property: any string free of lone surrogates and NUL passes, whatever it holds', () => {
    // Any character, and now and then a surrogate alone (one in 500 of the code points otherwise).
    const anyUnit = fc.oneof(
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 20 },
      { arbitrary: fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 40 }), fc.boolean(), (s, escaped) => {
        fc.pre(!s.includes('\0'));
        const text = escaped ? escaping(false)({ s }) : JSON.stringify({ s });
        assert.deepEqual(codeAndPath(text), lone(s) ? ['TEXT_UNPAIRED_SURROGATE', 's'] : null);
      }),
      { numRuns: 3000 },
    );
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
