/**
 * A pure function of a text, remembered: filings repeat their names and descriptions, and several
 * stages read the same ones. At most `max` texts are kept (the memo starts again when full), and a
 * text longer than `maxChars` is computed but not kept (the key is the text itself). An answer is
 * shared by every caller: return something immutable.
 */
export function textMemo<T>(
  compute: (text: string) => T,
  max: number,
  maxChars = Infinity,
): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    let v = kept.get(text);
    if (v === undefined) {
      v = compute(text);
      if (text.length <= maxChars) {
        if (kept.size >= max) kept.clear();
        kept.set(text, v);
      }
    }
    return v;
  };
}
