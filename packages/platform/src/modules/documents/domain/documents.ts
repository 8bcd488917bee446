/** Paperless documents: what a file's bytes say it is, and which names are acceptable. */

/** Media types accepted for PGA and entry documents. */
export const DOCUMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'application/xml',
  'application/json',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const starts = (b: Uint8Array, sig: readonly number[]): boolean => sig.every((v, i) => b[i] === v);

/** The media type the first bytes of a file show, or null when they match none accepted. */
export function sniffMediaType(head: Uint8Array): DocumentType | null {
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(head, [0x49, 0x49, 0x2a, 0x00]) || starts(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  // Text formats: skip a UTF-8 byte-order mark and leading white space.
  let i = starts(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d))
    i++;
  if (head[i] === 0x3c) return 'application/xml'; // <
  if (head[i] === 0x7b || head[i] === 0x5b) return 'application/json'; // { [
  return null;
}

/** Half of a UTF-16 surrogate pair without its other half (not a character: cannot be encoded). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Characters that reorder what follows them on screen (`invoice\u202Efdp.exe` shows as `invoiceexe.pdf`). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * Why a file name is refused, or null: no paths, no control characters, a sane length. Names in
 * any script are kept as they are (a supplier's `发票.pdf`, `hóa đơn.pdf`); a download gives them
 * back in `filename*` (RFC 8187) with an ASCII `filename` beside it.
 */
export function filenameProblem(name: string): string | null {
  if (name.length === 0 || name.length > 200) return 'a file name has 1 to 200 characters';
  if (/[/\\]/.test(name) || name === '.' || name === '..') return 'a file name must not contain a path';
  if (/[\p{Cc}\u2028\u2029]/u.test(name))
    return 'a file name must not contain control characters or line breaks';
  if (LONE_SURROGATE.test(name))
    return 'a file name must be well-formed Unicode (half a surrogate pair found)';
  if (BIDI_CONTROL.test(name))
    return 'a file name must not contain bidirectional override or isolate characters';
  return null;
}

/** The name with any half of a surrogate pair replaced by U+FFFD (names stored before the check). */
export const wellFormed = (name: string): string => name.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');
