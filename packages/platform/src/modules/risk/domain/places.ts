/** Place names in free text: a party's address, a description, a mapped node (Latin or Chinese script). */
import type { Shipment } from '../../../kernel/shipment.js';
import { fold } from '../../../kernel/text/fold.js';
import { textMemo } from '../../../kernel/text/memo.js';

/** Lower-case words of a text, frozen: what textWords remembers. */
const wordsOf = (text: string): readonly string[] =>
  Object.freeze(
    fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );

/**
 * Lower-case words for matching place names and merchandise. A filing's descriptions are read
 * against several lists (places, brands, orders' goods), and filings repeat them: a text's words
 * are computed once (10,000 texts of up to 1,000 characters kept) and shared, frozen. Party texts
 * are not kept (placesInParty).
 */
export const textWords: (text: string) => readonly string[] = textMemo(wordsOf, 10_000, 1_000);

/** A party's name and address as one text, for place names. */
export function partyText(p: Shipment['parties'][number]): string {
  const a = p.address;
  return [p.name, a?.street, a?.city, a?.state, a?.postal_code].filter(Boolean).join(' ');
}

/** What a word of a text can start: a one-word name, and phrases of two words or more. */
interface WordEntry {
  /** The name that is this word alone. */
  single: string | null;
  /** Phrases beginning with this word: the words that must follow, and the name. */
  readonly phrases: { readonly rest: readonly string[]; readonly name: string }[];
}

/**
 * Names compiled for matching: Latin ones by their first word (one look-up per word of a text
 * finds both a one-word name and the phrases it may begin), Chinese names by substring.
 */
interface NameMatcher {
  readonly byWord: ReadonlyMap<string, WordEntry>;
  readonly han: readonly string[];
  readonly order: ReadonlyMap<string, number>;
}

const matchers = new WeakMap<readonly string[], NameMatcher>();
const HAN = /\p{Script=Han}/u;
const NONE: readonly string[] = Object.freeze([]);

function matcher(names: readonly string[]): NameMatcher {
  let m = matchers.get(names);
  if (m) return m;
  const byWord = new Map<string, WordEntry>();
  const entry = (w: string): WordEntry => {
    let e = byWord.get(w);
    if (!e) byWord.set(w, (e = { single: null, phrases: [] }));
    return e;
  };
  const han: string[] = [];
  const order = new Map<string, number>();
  const seen = new Set<string>();
  names.forEach((n, i) => {
    const key = fold(n);
    if (seen.has(key)) return;
    seen.add(key);
    order.set(n, i);
    if (HAN.test(n)) han.push(n);
    else {
      const w = textWords(n);
      if (w.length === 1) entry(w[0]!).single = n;
      else if (w.length > 1) {
        const [first, ...rest] = w;
        entry(first!).phrases.push({ rest, name: n });
      }
    }
  });
  m = { byWord, han, order };
  matchers.set(names, m);
  return m;
}

/**
 * Names that occur in a text, in the list's order: Latin ones as whole words (a phrase as a run of
 * whole words), Chinese ones as substrings. One look-up per word of the text; nothing is allocated
 * when nothing is found, which is the common case. The answer is frozen.
 */
export function placesIn(text: string, places: readonly string[]): readonly string[] {
  return placesAmong(textWords(text), text, places);
}

/** A filing's party text (partyText, or its parties' joined) and its words, read once for it. */
export interface PartyWords {
  readonly text: string;
  readonly words: readonly string[];
}

/**
 * A party text's words, not kept in textWords' memo. Such texts seldom recur within its 10,000
 * (an e-commerce consignee is new with each parcel): kept there, they filled it (27 clears in
 * 100,000 generated filings), so that descriptions missed it too (42 % hits, 97 % without them),
 * and each outlived a young-generation collection only to be dropped (docs/benchmarks.md). A
 * caller that reads the text against several lists keeps this for the filing.
 */
export function partyWords(text: string): PartyWords {
  return { text, words: wordsOf(text) };
}

/** placesIn for a party text read with partyWords. */
export function placesInParty(party: PartyWords, places: readonly string[]): readonly string[] {
  return placesAmong(party.words, party.text, places);
}

function placesAmong(ws: readonly string[], text: string, places: readonly string[]): readonly string[] {
  const m = matcher(places);
  let found: Set<string> | null = null;
  for (let i = 0; i < ws.length; i++) {
    const e = m.byWord.get(ws[i]!);
    if (!e) continue;
    if (e.single !== null) (found ??= new Set()).add(e.single);
    for (const p of e.phrases) if (followedBy(ws, i + 1, p.rest)) (found ??= new Set()).add(p.name);
  }
  // A Chinese name can only be in a text with a Han character in it.
  if (m.han.length > 0 && HAN.test(text))
    for (const h of m.han) if (text.includes(h)) (found ??= new Set()).add(h);
  if (!found) return NONE;
  return Object.freeze([...found].sort((a, b) => m.order.get(a)! - m.order.get(b)!));
}

/** Whether the words from `at` on begin with `rest`. */
function followedBy(ws: readonly string[], at: number, rest: readonly string[]): boolean {
  if (at + rest.length > ws.length) return false;
  for (let k = 0; k < rest.length; k++) if (ws[at + k] !== rest[k]) return false;
  return true;
}
