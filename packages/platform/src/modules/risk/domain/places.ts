/** Place names in free text: a party's address, a description, a mapped node (Latin or Chinese script). */
import type { Shipment } from '../../../kernel/shipment.js';
import { fold } from '../../../kernel/text/fold.js';
import { textMemo } from '../../../kernel/text/memo.js';

/**
 * Lower-case words for matching place names and merchandise. A filing's descriptions and party
 * texts are read against several lists (places, brands, orders' goods), and filings repeat them:
 * a text's words are computed once (10,000 texts of up to 1,000 characters kept) and shared, frozen.
 */
export const textWords: (text: string) => readonly string[] = textMemo(
  (text) =>
    Object.freeze(
      fold(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1),
    ),
  10_000,
  1_000,
);

/** A party's name and address as one text, for place names. */
export function partyText(p: Shipment['parties'][number]): string {
  const a = p.address;
  return [p.name, a?.street, a?.city, a?.state, a?.postal_code].filter(Boolean).join(' ');
}

/** Names compiled for matching: single words by word, phrases and Chinese names by substring. */
interface NameMatcher {
  readonly single: ReadonlyMap<string, string>;
  readonly phrases: readonly { readonly padded: string; readonly name: string }[];
  readonly han: readonly string[];
  readonly order: ReadonlyMap<string, number>;
}

const matchers = new WeakMap<readonly string[], NameMatcher>();

function matcher(names: readonly string[]): NameMatcher {
  let m = matchers.get(names);
  if (m) return m;
  const single = new Map<string, string>();
  const phrases: { padded: string; name: string }[] = [];
  const han: string[] = [];
  const order = new Map<string, number>();
  const seen = new Set<string>();
  names.forEach((n, i) => {
    const key = fold(n);
    if (seen.has(key)) return;
    seen.add(key);
    order.set(n, i);
    if (/\p{Script=Han}/u.test(n)) han.push(n);
    else {
      const w = textWords(n);
      if (w.length === 1) single.set(w[0]!, n);
      else if (w.length > 1) phrases.push({ padded: ` ${w.join(' ')} `, name: n });
    }
  });
  m = { single, phrases, han, order };
  matchers.set(names, m);
  return m;
}

/** How many answers `placesIn` keeps, all lists together (an order's list is one of hundreds). */
const KEPT_ANSWERS = 10_000;
/** What each list found in each text (texts of up to 1,000 characters), and how many are kept. */
let found = new WeakMap<readonly string[], Map<string, readonly string[]>>();
let keptAnswers = 0;

/**
 * Names that occur in a text, in the list's order: Latin ones as whole words, Chinese ones as
 * substrings. Filings repeat their descriptions and party texts, so an answer is kept per list and
 * text, and shared, frozen; when KEPT_ANSWERS are kept, all are dropped.
 */
export function placesIn(text: string, places: readonly string[]): readonly string[] {
  let kept = found.get(places);
  let hit = kept?.get(text);
  if (hit !== undefined) return hit;
  hit = Object.freeze(scan(text, matcher(places)));
  if (text.length <= 1_000) {
    if (keptAnswers >= KEPT_ANSWERS) {
      found = new WeakMap();
      keptAnswers = 0;
      kept = undefined;
    }
    if (!kept) found.set(places, (kept = new Map()));
    kept.set(text, hit);
    keptAnswers++;
  }
  return hit;
}

function scan(text: string, m: NameMatcher): string[] {
  const found = new Set<string>();
  const ws = textWords(text);
  for (const w of ws) {
    const hit = m.single.get(w);
    if (hit) found.add(hit);
  }
  if (m.phrases.length > 0) {
    const joined = ` ${ws.join(' ')} `;
    for (const p of m.phrases) if (joined.includes(p.padded)) found.add(p.name);
  }
  for (const h of m.han) if (text.includes(h)) found.add(h);
  return [...found].sort((a, b) => m.order.get(a)! - m.order.get(b)!);
}
