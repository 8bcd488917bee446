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

/** One value of a first text, with the second text it was kept for. */
interface Single<V> {
  readonly second: string;
  value: V;
}

/**
 * Values by a pair of texts (a line's description and its declared number), looked up without
 * making a key of the two: a key joined per look-up is a new string, copied and hashed whole each
 * time, where a text read from a filing is hashed once by the engine however many stages look it
 * up. Most first texts come with one second text, kept as one small record; a map only for those
 * with more (no more objects than a joined key each). At most `max` pairs are kept (all are
 * dropped when full). Values must not be undefined.
 */
export class PairMemo<V> {
  private readonly byFirst = new Map<string, Single<V> | Map<string, V>>();
  private size = 0;

  constructor(private readonly max: number) {}

  get(first: string, second: string): V | undefined {
    const at = this.byFirst.get(first);
    if (at === undefined) return undefined;
    if (at instanceof Map) return at.get(second);
    return at.second === second ? at.value : undefined;
  }

  set(first: string, second: string, value: V): void {
    if (this.size >= this.max) {
      this.byFirst.clear();
      this.size = 0;
    }
    const at = this.byFirst.get(first);
    if (at === undefined) {
      this.byFirst.set(first, { second, value });
      this.size++;
    } else if (at instanceof Map) {
      if (!at.has(second)) this.size++;
      at.set(second, value);
    } else if (at.second === second) at.value = value;
    else {
      this.byFirst.set(
        first,
        new Map([
          [at.second, at.value],
          [second, value],
        ]),
      );
      this.size++;
    }
  }
}
