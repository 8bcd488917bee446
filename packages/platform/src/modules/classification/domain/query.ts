/**
 * How the classifier reads a description: its words, the head phrase weighed up, the rules of the
 * tariff's notes (raise, damp), everyday words through the lexicon and WordNet's nouns.
 */
import type { Bm25Index } from '../../../kernel/text/bm25.js';
import { isStopWord, surfaceWords, terms } from './text.js';
import { LEXICON } from './lexicon.js';
import type { WordNet } from './wordnet.js';
import { textMemo } from '../../../kernel/text/memo.js';
import type { RuleHints } from './rules.js';
import type { ClassifierParams } from './types.js';

/** The lexicon by stem: everyday word → the tariff's words (stems). */
const LEXICON_TERMS = new Map(Object.entries(LEXICON).map(([k, v]) => [terms(k)[0] ?? k, terms(v)]));

/** Query terms beyond this many (by rarity) are dropped: a 100 KB text costs what a page does. */
const MAX_QUERY_TERMS = 48;
/** A WordNet word in more tariff lines than this is not added to a query. */
const MAX_EXPANSION_DF = 300;
/** Words whose lemma is remembered (the memo starts again when full). */
const LEMMAS_KEPT = 50_000;

export class QueryReader {
  /** WordNet expansions by word or compound (stemmed term → weight), bounded. */
  private readonly expansions = new Map<string, ReadonlyMap<string, number>>();
  /**
   * A word's goods lemma, with a run-together compound tried when the tariff does not know the
   * word (up to one look-up per split): descriptions repeat their words.
   */
  private readonly wordLemma: (word: string) => string | null;

  constructor(
    private readonly p: ClassifierParams,
    private readonly wordnet: WordNet | null,
    /** The tariff's lines and subheadings and the labeled examples: which words are known, how rare. */
    private readonly L: Bm25Index,
    private readonly S: Bm25Index,
    private readonly R: Bm25Index,
  ) {
    const wn = wordnet;
    this.wordLemma = wn
      ? textMemo(
          (w) => wn.lemmaOf(w) ?? (this.L.has(terms(w)[0] ?? w) ? null : wn.splitCompound(w)),
          LEMMAS_KEPT,
          120,
        )
      : () => null;
  }

  query(text: string, headText: string, hints: RuleHints | null): Map<string, number> {
    const q = new Map<string, number>();
    for (const w of terms(text)) q.set(w, (q.get(w) ?? 0) + 1);
    if (hints) {
      for (const t of hints.damp) if (q.has(t)) q.set(t, q.get(t)! * 0.2);
      for (const [t, w] of hints.boost) q.set(t, Math.max(q.get(t) ?? 0, w * this.p.rules));
    }
    const head = terms(headText);
    for (const w of head) {
      if (q.has(w)) q.set(w, q.get(w)! + this.p.headBoost);
    }
    for (const [w, n] of q) q.set(w, Math.min(n, 3));
    if (this.p.lexicon > 0) {
      for (const w of [...q.keys()]) {
        const expansion = LEXICON_TERMS.get(w);
        if (!expansion) continue;
        for (const e of expansion) if (!q.has(e)) q.set(e, this.p.lexicon);
      }
    }
    const noun = head[head.length - 1];
    if (noun !== undefined && q.has(noun)) q.set(noun, q.get(noun)! + this.p.headNounBoost);
    const kept =
      q.size <= MAX_QUERY_TERMS
        ? q
        : // Keep the rarest terms the tariff knows.
          new Map(
            [...q.keys()]
              .filter((w) => this.L.has(w) || this.R.has(w))
              .sort((a, b) => this.L.df(a) - this.L.df(b))
              .slice(0, MAX_QUERY_TERMS)
              .map((w) => [w, q.get(w)!]),
          );
    if (this.wordnet) this.expandWithWordNet(this.wordnet, text, kept);
    return kept;
  }

  /** Adds the WordNet expansions of the text's goods words and compounds to the query. */
  private expandWithWordNet(wn: WordNet, text: string, q: Map<string, number>): void {
    const ws = surfaceWords(text, 120);
    const add = new Map<string, number>();
    const merge = (key: string, lemma: string | null) => {
      if (!lemma) return;
      for (const [t, v] of this.expansionOf(wn, key, lemma)) {
        if (!q.has(t) && v > (add.get(t) ?? 0)) add.set(t, v);
      }
    };
    const covered = new Uint8Array(ws.length);
    for (const n of [3, 2]) {
      for (let i = 0; i + n <= ws.length; i++) {
        if (covered[i] || isStopWord(ws[i]!) || isStopWord(ws[i + n - 1]!)) continue;
        if (!wn.mayStartCompound(ws[i]!)) continue;
        const lemma = wn.lemmaOf(ws.slice(i, i + n).join('_'));
        if (!lemma) continue;
        merge(lemma, lemma);
        covered.fill(1, i, i + n);
      }
    }
    ws.forEach((w, i) => {
      if (covered[i] || w.length < 3 || isStopWord(w) || /\d/.test(w)) return;
      merge(w, this.wordLemma(w));
    });
    for (const [t, v] of add) q.set(t, v);
  }

  private expansionOf(wn: WordNet, key: string, lemma: string): ReadonlyMap<string, number> {
    let m = this.expansions.get(key);
    if (m) return m;
    const p = this.p;
    const out = new Map<string, number>();
    for (const e of wn.expand(lemma)) {
      const w =
        p.wordnet *
        (e.kind === 'synonym' ? 1 : e.kind === 'gloss' ? p.wnGloss : Math.pow(p.wnHypernym, e.depth));
      for (const t of terms(e.text)) {
        // Words neither the tariff nor the examples hold cost a lookup and add nothing; words in
        // most lines ("device", "article") cost most and tell least.
        if (!(this.S.has(t) || this.R.has(t)) || this.L.df(t) > MAX_EXPANSION_DF) continue;
        if (w > (out.get(t) ?? 0)) out.set(t, w);
      }
    }
    // The lemma's own words (a compound's, a run-together word's parts).
    for (const t of terms(lemma.replace(/_/g, ' '))) out.set(t, Math.max(out.get(t) ?? 0, p.wordnet));
    if (this.expansions.size >= 50_000) this.expansions.clear();
    this.expansions.set(key, (m = out));
    return m;
  }

  /** The head phrase's noun: its stem and WordNet expansions (term → weight, the noun itself 1). */
  headNoun(headText: string): ReadonlyMap<string, number> {
    const words = surfaceWords(headText).filter((w) => !isStopWord(w) && !/\d/.test(w));
    const last = words[words.length - 1];
    if (last === undefined) return new Map();
    const stem = terms(last)[0];
    const out = new Map<string, number>(stem ? [[stem, 1]] : []);
    const wn = this.wordnet;
    const lemma = wn ? (wn.lemmaOf(last) ?? wn.splitCompound(last)) : null;
    if (wn && lemma) for (const [t, v] of this.expansionOf(wn, lemma, lemma)) if (!out.has(t)) out.set(t, v);
    return out;
  }
}
