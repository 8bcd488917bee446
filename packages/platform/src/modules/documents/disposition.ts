/** The `content-disposition` of a document's download (RFC 6266), for any name a filer gave. */
import { create } from 'content-disposition';
import { wellFormed } from './domain/documents.js';

/**
 * `attachment` with the name as stored in `filename*` (UTF-8, percent-encoded: RFC 8187) and, in
 * `filename`, an ASCII stand-in for clients that read only that one: accents dropped (`hóa đơn` →
 * `hoa don`), every other character outside printable ASCII, and `"`, `\` and `%`, as `_`. A name
 * of printable ASCII alone goes in `filename` only. Never throws, whatever the string: what a
 * header may not carry (CR, LF, NUL, other controls, non-Latin-1) is always encoded or replaced.
 */
export function attachmentDisposition(filename: string): string {
  const name = wellFormed(filename);
  const fallback =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'document';
  return create(name, { fallback });
}
