import { Problem } from '../../domain/problem.js';
import type { BulkItem } from '../../app/filing.js';
import { decodeUtf8, parseJsonText } from './json-text.js';

/** One NDJSON line (without its newline) → an item; blank → null. */
export function lineItem(bytes: Uint8Array, line: number): BulkItem | null {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--;
  let start = 0;
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  if (start === end) return null;
  try {
    const raw = decodeUtf8(bytes.subarray(start, end), `line ${line}`);
    return { line, value: parseJsonText(raw, `line ${line}`), raw };
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { line, problem: { code: e.code, message: e.message, path: e.path } };
  }
}

/** The items of a buffer of whole lines, synchronously (for worker threads). */
export function* bufferItems(bytes: Uint8Array, firstLine: number, lineLimit: number): Generator<BulkItem> {
  // A Buffer view: its indexOf is a native scan (a plain Uint8Array's is element by element in JS).
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = firstLine;
  let from = 0;
  while (from < buf.length) {
    let nl = buf.indexOf(10, from);
    if (nl === -1) nl = buf.length;
    const item =
      nl - from > lineLimit
        ? {
            line,
            problem: {
              code: 'LINE_TOO_LARGE',
              message: `line ${line} is longer than ${lineLimit} bytes`,
              path: `line ${line}`,
            },
          }
        : lineItem(buf.subarray(from, nl), line);
    if (item) yield item;
    line++;
    from = nl + 1;
  }
}

/**
 * Splits a byte stream into NDJSON items, one per non-blank line, without holding more than one
 * line in memory. A bad line (invalid UTF-8, not JSON, over the size limit) becomes a problem item;
 * the stream goes on. A stream that breaks off ends with a STREAM_TRUNCATED item after the lines
 * that were complete.
 */
export async function* ndjsonItems(
  stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  lineLimit: number,
  firstLine = 1,
): AsyncGenerator<BulkItem> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = firstLine - 1;
  let oversized = false;

  const finish = (bytes: Buffer): BulkItem | null => {
    line++;
    if (oversized) {
      oversized = false;
      return {
        line,
        problem: {
          code: 'LINE_TOO_LARGE',
          message: `line ${line} is longer than ${lineLimit} bytes`,
          path: `line ${line}`,
        },
      };
    }
    return lineItem(bytes, line);
  };

  try {
    for await (const chunk of stream) {
      const buf =
        typeof chunk === 'string'
          ? Buffer.from(chunk)
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let from = 0;
      for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
        const piece = buf.subarray(from, nl);
        const whole = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
        if (size + piece.length > lineLimit) oversized = true;
        parts = [];
        size = 0;
        const item = finish(whole);
        if (item) yield item;
        from = nl + 1;
      }
      if (from < buf.length) {
        const rest = buf.subarray(from);
        if (oversized || size + rest.length > lineLimit) {
          oversized = true;
          parts = [];
          size = 0;
        } else {
          parts.push(Buffer.from(rest)); // copy: the source may reuse its buffer
          size += rest.length;
        }
      }
    }
  } catch (e) {
    yield {
      line: line + 1,
      problem: {
        code: 'STREAM_TRUNCATED',
        message: `the input stream broke off after line ${line}: ${(e as Error).message}`,
        path: `line ${line + 1}`,
      },
    };
    return;
  }
  if (parts.length > 0 || oversized) {
    const item = finish(Buffer.concat(parts));
    if (item) yield item;
  }
}
