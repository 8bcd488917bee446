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

const STRUCTURE = /[{}[\]"]/g;
const STRING_END = /["\\]/g;

/**
 * Checks a text that JSON.parse accepted: nesting no deeper than `maxDepth` (JSON_TOO_DEEP) and no
 * NUL character in any string (TEXT_NUL: PostgreSQL cannot store one in text, so no store may be
 * given one). One scan with native regular expressions, jumping from one structural character to
 * the next.
 */
export function checkJsonText(text: string, where = 'body', maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  STRUCTURE.lastIndex = 0;
  for (let m = STRUCTURE.exec(text); m !== null; m = STRUCTURE.exec(text)) {
    const c = text.charCodeAt(m.index);
    if (c === 34) {
      // A string: to its closing quote, looking at each escape.
      STRING_END.lastIndex = m.index + 1;
      for (let e = STRING_END.exec(text); e !== null; e = STRING_END.exec(text)) {
        if (text.charCodeAt(e.index) === 34) {
          STRUCTURE.lastIndex = e.index + 1;
          break;
        }
        if (text.startsWith('u0000', e.index + 1)) {
          const { line, column } = lineColumn(text, e.index);
          const at = text.includes('\n')
            ? `${where}, line ${line}, column ${column}`
            : `${where}, column ${column}`;
          throw new Problem('TEXT_NUL', `${at}: a string holds a NUL character (\\u0000)`, at, {
            line,
            column,
          });
        }
        STRING_END.lastIndex = e.index + 2;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) {
        const { line, column } = lineColumn(text, m.index);
        const at = text.includes('\n')
          ? `${where}, line ${line}, column ${column}`
          : `${where}, column ${column}`;
        throw new Problem('JSON_TOO_DEEP', `${at}: nested deeper than ${maxDepth} levels`, at, {
          line,
          column,
          max_depth: maxDepth,
        });
      }
    } else depth--;
  }
}

/**
 * Parses a JSON text; MALFORMED_JSON says where (line and column) it goes wrong. A text nested
 * deeper than MAX_JSON_DEPTH or with a NUL character in a string is refused (checkJsonText).
 */
export function parseJsonText(text: string, where = 'body'): unknown {
  if (text.trim() === '') throw new Problem('MALFORMED_JSON', `${where} is empty`, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const offset = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, offset);
    const at = text.includes('\n')
      ? `${where}, line ${line}, column ${column}`
      : `${where}, column ${column}`;
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
