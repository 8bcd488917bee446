/**
 * A bulk filing's result lines: one JSON text per item, built from what the stages made (a row
 * to write, or an error), and encoded as UTF-8 for the thread that writes them out.
 */
import type { BulkError } from '../../platform/ingest/items.js';
import { flat } from '../../kernel/text/flat.js';
import type { NewShipmentRow } from './repository.js';

/** A bulk item after the pipeline stages: a row to write, or an error result. */
export type Evaluated =
  | { readonly line: number; readonly row: NewShipmentRow }
  | { readonly line: number; readonly reference?: string; readonly error: BulkError };

/**
 * The result line of a bulk item, as JSON text: `{"line"?, "id", "reference", "status", "findings"}`
 * (`line` when asked) or `{"line", "reference"?, "error"}`. Built from the row's
 * already-serialized findings: bulk output never serializes a filing twice. Flat (one piece in
 * memory, kernel/text/flat.ts): the lines of a chunk wait for its write, and a line built in
 * pieces held every piece.
 */
export function resultJson(e: Evaluated, withLine: boolean): string {
  if ('row' in e) {
    const r = e.row;
    return flat(
      `{${withLine ? `"line":${e.line},` : ''}"id":${JSON.stringify(r.id)},"reference":${JSON.stringify(r.reference)},` +
        `"status":"${r.status}","findings":${r.findingsJson}${r.briefJson ? `,${r.briefJson.slice(1, -1)}` : ''}}`,
    );
  }
  return JSON.stringify({ line: e.line, ...(e.reference ? { reference: e.reference } : {}), error: e.error });
}

/** Result lines as UTF-8, each followed by a newline, in a buffer of their own (to transfer). */
export function encodeLines(lines: readonly string[]): Uint8Array {
  let room = 0;
  for (const l of lines) room += 3 * l.length + 1; // at most 3 bytes per UTF-16 unit
  const buf = Buffer.allocUnsafeSlow(room);
  let at = 0;
  for (const l of lines) {
    at += buf.write(l, at);
    buf[at++] = 10;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, at);
}

/** The reference an item names, when it names one as text (for an error's result line). */
export function referenceOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'reference' in value) {
    const r = (value as { reference: unknown }).reference;
    if (typeof r === 'string') return r;
  }
  return undefined;
}
