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

/**
 * A pure function of two texts, remembered (e.g. a line's declared number and its description): at
 * most `max` answers in all, the memo starting again when full. Kept by the texts themselves, one
 * map inside another, so that no key is built: a line's texts are the strings it was parsed into,
 * whose hashes the engine computes once and every stage's look-up reuses. An answer is shared by
 * every caller: return something immutable.
 */
export function pairMemo<T>(compute: (a: string, b: string) => T, max: number): (a: string, b: string) => T {
  let kept = new Map<string, Map<string, T>>();
  let size = 0;
  return (a, b) => {
    let inner = kept.get(a);
    let v = inner?.get(b);
    if (v === undefined) {
      v = compute(a, b);
      if (size >= max) {
        kept = new Map();
        size = 0;
        inner = undefined;
      }
      if (!inner) kept.set(a, (inner = new Map()));
      inner.set(b, v);
      size++;
    }
    return v;
  };
}
