/**
 * Where NDJSON is expected, people also hand over one pretty-printed JSON document, or a JSON
 * array. This looks at the start of the input and tells which it is; a document or an array is
 * read whole and given back as NDJSON (one element per line, so `line` N of a result is the N-th
 * element), and input that is none of them is refused saying what was seen.
 */
import { Problem } from '../../kernel/problem.js';
import { decodeUtf8, parseJsonText } from './json-text.js';

export type JsonInputShape = 'ndjson' | 'document' | 'array';

/** What the input was, and its bytes as NDJSON from the start. */
export interface JsonInput {
  readonly shape: JsonInputShape;
  /** Elements of an array, 1 for a document; null for NDJSON (streamed, not counted here). */
  readonly items: number | null;
  readonly stream: AsyncIterable<Uint8Array>;
}

/** Refused input: the message says what was seen and what is read. */
export class JsonInputError extends Error {
  override readonly name = 'JsonInputError';
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

function firstByte(buf: Buffer): number {
  for (const b of buf) if (!WS.has(b)) return b;
  return -1;
}

/** The first non-blank line of the buffer (null until it is complete, unless the input ended). */
function firstLine(buf: Buffer, ended: boolean): string | null {
  let from = 0;
  for (;;) {
    const nl = buf.indexOf(10, from);
    if (nl === -1) return ended ? buf.subarray(from).toString('utf8').trim() : null;
    const line = buf.subarray(from, nl).toString('utf8').trim();
    if (line !== '') return line;
    from = nl + 1;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function* replay(
  head: Buffer[],
  rest: AsyncIterator<Uint8Array | string> | null,
): AsyncGenerator<Uint8Array> {
  yield* head;
  if (!rest) return;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  }
}

/**
 * Reads the start of `stream` and decides: NDJSON streams on untouched; a JSON document or array
 * (at most `wholeLimit` bytes) is parsed whole. `name` is how messages call the input.
 */
export async function jsonInput(
  stream: AsyncIterable<Uint8Array | string>,
  name: string,
  wholeLimit = 256 * 1024 * 1024,
): Promise<JsonInput> {
  const it = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  const more = async () => {
    const r = await it.next();
    if (r.done) ended = true;
    else {
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : Buffer.from(r.value);
      head.push(b);
      size += b.length;
    }
  };
  // Until the first non-blank line is whole (or 1 MiB: one long NDJSON line).
  let line: string | null = null;
  while (!ended && size < 1 << 20 && (line = firstLine(Buffer.concat(head), false)) === null) await more();
  if (line === null) line = firstLine(Buffer.concat(head), ended);
  const first = firstByte(Buffer.concat(head));
  const ndjson = (): JsonInput => ({ shape: 'ndjson', items: null, stream: replay(head, ended ? null : it) });
  if (line === null || (first !== 0x5b && first !== 0x7b)) return ndjson();
  // A first line that is a whole object is NDJSON (a one-line document is an NDJSON file too).
  if (first === 0x7b && isJson(line)) return ndjson();
  // Otherwise: one value over several lines (or an array). Read it whole.
  while (!ended && size <= wholeLimit) await more();
  if (!ended) {
    if (first === 0x7b) return ndjson();
    throw new JsonInputError(
      `${name}: a JSON array larger than ${wholeLimit} bytes; file it as NDJSON (one shipment per line) instead`,
    );
  }
  const bytes = Buffer.concat(head);
  let value: unknown;
  try {
    // Strict UTF-8, as NDJSON lines are read (a lenient decoding would file U+FFFD in their place).
    value = parseJsonText(decodeUtf8(bytes, name).replace(/^\uFEFF/, ''), name);
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    // Lines that are whole JSON values: NDJSON with a broken first line, reported line by line.
    const text = bytes.toString('utf8');
    if (first === 0x7b && text.split('\n').some((l) => l.trim().startsWith('{') && isJson(l.trim())))
      return ndjson();
    throw new JsonInputError(
      `${e.message}; ${first === 0x5b ? 'a JSON array' : 'one JSON document over several lines'} was seen: give NDJSON (one shipment per line), one JSON document or a JSON array`,
    );
  }
  const values = Array.isArray(value) ? value : [value];
  const body = Buffer.from(values.map((v) => JSON.stringify(v)).join('\n') + '\n');
  return {
    shape: Array.isArray(value) ? 'array' : 'document',
    items: values.length,
    stream: replay([body], null),
  };
}
