import { Problem } from '../../kernel/problem.js';
import type { BulkItem } from './items.js';
import { decodeUtf8, parseJsonText } from './json-text.js';
import { lineChunks } from './line-chunks.js';

/** One NDJSON line (without its newline) → an item; blank → null. */
function lineItem(bytes: Uint8Array, line: number): BulkItem | null {
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
 * Splits a byte stream into NDJSON items, one per non-blank line, holding no more than the chunk
 * at hand and one partial line. A bad line (invalid UTF-8, not JSON, over the size limit) becomes a
 * problem item; the stream goes on. A stream that breaks off ends with a STREAM_TRUNCATED item after
 * the lines that were complete. (The same splitter feeds the worker threads: see line-chunks.ts.)
 */
export async function* ndjsonItems(
  stream: AsyncIterable<Uint8Array | string>,
  lineLimit: number,
): AsyncGenerator<BulkItem> {
  for await (const c of lineChunks(stream, lineLimit, 0)) {
    if (c.kind === 'problem') yield { line: c.line, problem: c.problem };
    else yield* bufferItems(c.bytes, c.firstLine, lineLimit);
  }
}
