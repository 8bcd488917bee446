import { isUtf8 } from 'node:buffer';
import { Problem } from '../../kernel/problem.js';

/** Byte offset of the first invalid UTF-8 sequence, or -1. Only called on the error path. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    if (i + n >= buf.length) return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Line and column (1-based) of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Strict UTF-8 decoding; INVALID_UTF8 with the byte offset of the first bad sequence. */
export function decodeUtf8(buf: Uint8Array, where = 'body'): string {
  if (!isUtf8(buf)) {
    const at = invalidUtf8Offset(buf);
    throw new Problem('INVALID_UTF8', `${where}, byte ${at}: not valid UTF-8`, `${where}, byte ${at}`, {
      byte: at,
    });
  }
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
}

/**
 * How deep a JSON text may nest. The deepest filing is 7 levels (lines → pga → message_set →
 * entities → address…); a deeper text is refused before anything recurses over it (JSON.stringify,
 * zod, a store), so that no body can overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Checks a text that JSON.parse accepted: nesting no deeper than `maxDepth` (JSON_TOO_DEEP), no
 * NUL character in any string (TEXT_NUL: PostgreSQL cannot store one in text, so no store may be
 * given one) and no unpaired UTF-16 surrogate (TEXT_UNPAIRED_SURROGATE: `\udfff` alone is no
 * character; UTF-8 cannot carry it, so each store would keep something else than was filed). One
 * scan of the characters, skipping each string to its closing quote, with nothing allocated (it runs
 * on every filing: a regular expression's match objects were ~20 KB a filing). Only `\u` escapes
 * are decoded, so the surrogate check costs nothing on a text without them.
 *
 * The text is well-formed UTF-16 (decoded from UTF-8, which cannot encode a surrogate: see
 * decodeUtf8), so a lone surrogate can only be written as an escape, and an escaped surrogate can
 * only pair with an escape right after it.
 */
export function checkJsonText(text: string, where = 'body', maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string (JSON.parse accepted it, so it closes): to its closing quote, looking at each escape.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) break;
        if (d === 92) {
          if (text.charCodeAt(i + 1) !== 117) {
            i++;
            continue;
          }
          // \uXXXX (four hex digits: JSON.parse checked them).
          const unit = hex4(text, i + 2);
          if (unit === 0) throw textProblem('TEXT_NUL', 'a NUL character (\\u0000)', text, i, where);
          if ((unit & 0xf800) === 0xd800) {
            // A surrogate: a high one followed at once by an escaped low one is a character.
            if (
              unit > 0xdbff ||
              text.charCodeAt(i + 6) !== 92 ||
              text.charCodeAt(i + 7) !== 117 ||
              (hex4(text, i + 8) & 0xfc00) !== 0xdc00
            ) {
              const escape = text.slice(i, i + 6).toLowerCase();
              throw textProblem(
                'TEXT_UNPAIRED_SURROGATE',
                `an unpaired UTF-16 surrogate (${escape}), which is no character`,
                text,
                i,
                where,
                { escape },
              );
            }
            i += 6;
          }
          i += 5;
        }
      }
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) {
        const at = positionAt(text, i, where);
        throw new Problem('JSON_TOO_DEEP', `${at.at}: nested deeper than ${maxDepth} levels`, at.at, {
          line: at.line,
          column: at.column,
          max_depth: maxDepth,
        });
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/** The code unit of the four hex digits at `at` (upper or lower case; -1 if any is not one). */
function hex4(text: string, at: number): number {
  let v = 0;
  for (let k = at; k < at + 4; k++) {
    const c = text.charCodeAt(k) | 32; // lower case (digits keep their code)
    if (c >= 48 && c <= 57) v = (v << 4) | (c - 48);
    else if (c >= 97 && c <= 102) v = (v << 4) | (c - 87);
    else return -1;
  }
  return v;
}

/**
 * A string holding what no store keeps (error path only): `path` is the string's place in the value
 * (`reference`, `lines[0].description`; a key's own place when a key holds it), the message says
 * where in the text too.
 */
function textProblem(
  code: 'TEXT_NUL' | 'TEXT_UNPAIRED_SURROGATE',
  what: string,
  text: string,
  offset: number,
  where: string,
  details: Record<string, unknown> = {},
): Problem {
  const at = positionAt(text, offset, where);
  const path = jsonPathAt(text, offset) || where;
  return new Problem(code, `${at.at}: the string at ${path} holds ${what}`, path, {
    line: at.line,
    column: at.column,
    ...details,
  });
}

/**
 * The JSON path (`lines[2].description`, `extensions["a b"]`) of the string that holds `offset` in
 * a text JSON.parse accepted; '' for a string that is the whole text. Error path only: one walk of
 * the text up to the offset.
 */
export function jsonPathAt(text: string, offset: number): string {
  // Each open container: an array's index, or an object's current key (null before the first).
  const stack: { index: number; key: string | null; array: boolean }[] = [];
  const render = (upTo: number, last?: string) => {
    let out = '';
    const step = (key: string) =>
      (out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`);
    for (let k = 0; k < upTo; k++) {
      const f = stack[k]!;
      if (f.array) out += `[${f.index}]`;
      else step(f.key ?? '');
    }
    if (last !== undefined) step(last);
    return out;
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      const top = stack[stack.length - 1];
      const isKey = top !== undefined && !top.array && expectKey;
      if (isKey) top.key = JSON.parse(text.slice(i, j + 1)) as string;
      if (offset <= j) return isKey ? render(stack.length - 1, top.key!) : render(stack.length);
      i = j;
    } else if (c === 123) {
      stack.push({ index: 0, key: null, array: false });
      expectKey = true;
    } else if (c === 91) stack.push({ index: 0, key: null, array: true });
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 58) expectKey = false;
    else if (c === 44) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    }
  }
  return render(stack.length);
}

/** Where an offset of a text is, as an error says it: line and column, or the column alone. */
function positionAt(
  text: string,
  offset: number,
  where: string,
): { at: string; line: number; column: number } {
  const { line, column } = lineColumn(text, offset);
  const at = text.includes('\n') ? `${where}, line ${line}, column ${column}` : `${where}, column ${column}`;
  return { at, line, column };
}

/**
 * Parses a JSON text; MALFORMED_JSON says where (line and column) it goes wrong. A text nested
 * deeper than MAX_JSON_DEPTH, or with a NUL character or an unpaired surrogate in a string, is
 * refused (checkJsonText).
 */
export function parseJsonText(text: string, where = 'body'): unknown {
  if (text.trim() === '') throw new Problem('MALFORMED_JSON', `${where} is empty`, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const { at, line, column } = positionAt(text, jsonErrorOffset(text), where);
    throw new Problem('MALFORMED_JSON', `${at}: not valid JSON (${msg})`, at, { line, column });
  }
  checkJsonText(text, where);
  return value;
}

/**
 * Offset of the first character where a JSON text goes wrong (its length when it ends too early).
 * V8's messages do not always carry a position, so the error path scans the text itself.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };

  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    // A RangeError: nesting too deep to walk here; the text is refused all the same.
    return typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
}
