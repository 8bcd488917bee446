import type { BulkError } from './items.js';

/** A run of complete NDJSON lines, or a problem the splitter found on its own (oversized, truncated). */
export type LineChunk =
  | { readonly kind: 'lines'; readonly firstLine: number; readonly bytes: Uint8Array }
  | { readonly kind: 'problem'; readonly line: number; readonly problem: BulkError };

/**
 * Cuts a byte stream into chunks of whole lines (at least `target` bytes each; a read of the stream
 * is not cut, so with 1 MiB reads a chunk is ~1 MiB) so that they can be parsed elsewhere,
 * numbering lines as it goes. A line longer than `lineLimit` is dropped with a
 * LINE_TOO_LARGE item; a stream that breaks off ends with STREAM_TRUNCATED after its whole lines.
 */
export async function* lineChunks(
  stream: AsyncIterable<Uint8Array | string>,
  lineLimit: number,
  target = 256 * 1024,
): AsyncGenerator<LineChunk> {
  let pending: Buffer[] = []; // the partial line after the last newline
  let pendingSize = 0;
  let out: Buffer[] = []; // whole lines waiting to reach the target size
  let outSize = 0;
  let nextLine = 1;
  let skipping = false; // inside an oversized line, until its newline

  const countLines = (b: Uint8Array) => {
    let n = 0;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
    return n;
  };
  const flush = function* (): Generator<LineChunk> {
    if (outSize === 0) return;
    const bytes = out.length === 1 ? out[0]! : Buffer.concat(out);
    out = [];
    outSize = 0;
    const firstLine = nextLine;
    nextLine += countLines(bytes);
    yield { kind: 'lines', firstLine, bytes };
  };
  const problem = (code: string, message: string): LineChunk => ({
    kind: 'problem',
    line: nextLine,
    problem: { code, message, path: `line ${nextLine}` },
  });

  try {
    for await (const c of stream) {
      let buf = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      if (skipping) {
        const nl = buf.indexOf(10);
        if (nl === -1) continue;
        skipping = false;
        nextLine++;
        buf = buf.subarray(nl + 1);
      }
      const lastNl = buf.lastIndexOf(10);
      if (lastNl === -1) {
        pending.push(Buffer.from(buf)); // copy: the source may reuse its buffer
        pendingSize += buf.length;
        if (pendingSize > lineLimit) {
          yield* flush();
          yield problem('LINE_TOO_LARGE', `line ${nextLine} is longer than ${lineLimit} bytes`);
          pending = [];
          pendingSize = 0;
          skipping = true;
        }
        continue;
      }
      out.push(...pending, Buffer.from(buf.subarray(0, lastNl + 1)));
      outSize += pendingSize + lastNl + 1;
      pending = [];
      pendingSize = 0;
      if (lastNl + 1 < buf.length) {
        pending.push(Buffer.from(buf.subarray(lastNl + 1)));
        pendingSize = buf.length - lastNl - 1;
      }
      if (outSize >= target) yield* flush();
    }
  } catch (e) {
    yield* flush();
    yield problem(
      'STREAM_TRUNCATED',
      `the input stream broke off after line ${nextLine - 1}: ${(e as Error).message}`,
    );
    return;
  }
  yield* flush();
  if (pendingSize > 0) {
    out = pending;
    outSize = pendingSize;
    yield* flush();
  }
}
