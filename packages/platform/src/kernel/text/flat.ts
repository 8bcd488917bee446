/**
 * The same text, made one piece in memory. A string built by `+`, a template or `JSON.stringify`
 * is a tree of its pieces in V8 (a "cons" string): a filing's findings JSON is ~30 objects. Rows
 * of a bulk chunk live from evaluation until written, so a collection in between copies every
 * piece, and ~80 % of a chunk's memory was these trees (docs/benchmarks.md). Reading a character
 * flattens the tree in place (one copy, which writing or encoding the text would make anyway);
 * the pieces then die young.
 */
export function flat(text: string): string {
  // The character is stored, so that an optimizing compiler cannot drop the read.
  sink.c = text.charCodeAt(text.length >> 1);
  return text;
}
const sink = { c: 0 };
