/**
 * Everyday words the tariff never uses, read through WordNet's nouns: "skillet" is a pan, a cooking
 * utensil; "coffeemaker" is a kitchen appliance for brewing coffee; "sneaker" is a shoe, footwear.
 * A query word that names goods (a noun sense among artifacts, foods, substances, plants, animals,
 * natural objects or body parts, and not mainly an adjective: "electric") is expanded with its
 * synonyms, its hypernyms up to three levels up and the words of its definition. Compounds
 * ("flash drive", "coffee maker") are found in the text and in run-together words ("coffeemaker").
 *
 * Parsed from the WordNet database files (`index.noun`, `data.noun`, `index.adj`), read by an
 * adapter; this module is pure.
 */
import { fold } from '../../../kernel/text/fold.js';

/** Lexicographer files whose senses name goods. */
const GOODS = new Set([
  5, // noun.animal
  6, // noun.artifact
  8, // noun.body
  13, // noun.food
  17, // noun.object
  20, // noun.plant
  27, // noun.substance
]);

export interface WordNetFiles {
  readonly indexNoun: string;
  readonly dataNoun: string;
  /** Adjective index: a word mostly used as an adjective ("electric") is not expanded. */
  readonly indexAdj?: string;
}

/** One expansion: a text (lemma or definition words) and how far it is from the word (1 synonym). */
export interface Expansion {
  readonly text: string;
  readonly kind: 'synonym' | 'hypernym' | 'gloss';
  readonly depth: number;
}

const MAX_DEPTH = 3;

/**
 * What `expand` and `lemmaOf` read, as plain data (for the artefact cache): the senses that name
 * goods and the hypernyms up to `MAX_DEPTH` levels above them — a fifth of the nouns — the goods
 * lemmas and the adjectives' counts. `WordNet.fromData(wn.data())` answers as `wn` does.
 */
export interface WordNetData {
  readonly version: string;
  /** Per synset: offset, lexicographer file, lemmas joined by " ", hypernym offsets, gloss. */
  readonly synsets: readonly (readonly [number, number, string, readonly number[], string])[];
  readonly goods: readonly (readonly [string, number, number])[];
  readonly adjectives: readonly (readonly [string, number])[];
}

/** Whether a value read back has the shape of `WordNetData` (checked on its first rows). */
export function isWordNetData(v: unknown): v is WordNetData {
  const d = v as WordNetData | null;
  if (typeof d?.version !== 'string' || !Array.isArray(d.synsets) || !Array.isArray(d.goods)) return false;
  if (!Array.isArray(d.adjectives)) return false;
  const s = d.synsets[0];
  const g = d.goods[0];
  return (
    (s === undefined || (typeof s[0] === 'number' && typeof s[2] === 'string' && Array.isArray(s[3]))) &&
    (g === undefined || (typeof g[0] === 'string' && typeof g[1] === 'number'))
  );
}

/**
 * WordNet's senses and goods lemmas, kept in columns: a server holds them for its life, and every
 * full garbage collection marks what it holds. An object per sense, per lemma list and per
 * hypernym list was ~0.3 M objects of a ready server's 2.7 M (docs/benchmarks.md, issue 22); a
 * sense is now a row of number arrays and two texts (its lemmas joined by " ", its gloss).
 */
export class WordNet {
  /** Synset offset → its row in the columns below. */
  private readonly rowOf = new Map<number, number>();
  private readonly lex: number[] = [];
  /** A row's lemmas joined by " " (a lemma's own words are joined by "_"). */
  private readonly lemmaText: string[] = [];
  private readonly gloss: string[] = [];
  /** A row's hypernym offsets: `hypernymAt[hypernymFrom[row] .. + hypernymCount[row])`. */
  private readonly hypernymFrom: number[] = [];
  private readonly hypernymCount: number[] = [];
  private readonly hypernymAt: number[] = [];
  /** Lemma (words joined by "_") → its row in goodsOffset / goodsTagged: the first sense that names goods, and the lemma's tagged-sense count. */
  private readonly goods = new Map<string, number>();
  private readonly goodsOffset: number[] = [];
  private readonly goodsTagged: number[] = [];
  private readonly adjTagged = new Map<string, number>();
  /** The first words of the goods lemmas of two or more words (mayStartCompound; built on first use). */
  private starters: Set<string> | null = null;

  private constructor(readonly version: string) {}

  /** Adds a sense, or replaces the one at the same offset (in place, as a map's `set` would). */
  private setSynset(
    offset: number,
    lex: number,
    lemmaText: string,
    hypernyms: readonly number[],
    gloss: string,
  ): void {
    let row = this.rowOf.get(offset);
    if (row === undefined) this.rowOf.set(offset, (row = this.lex.length));
    this.lex[row] = lex;
    this.lemmaText[row] = lemmaText;
    this.gloss[row] = gloss;
    this.hypernymFrom[row] = this.hypernymAt.length;
    this.hypernymCount[row] = hypernyms.length;
    for (const h of hypernyms) this.hypernymAt.push(h);
  }

  /** Adds a goods lemma, or replaces its values in place (as a map's `set` would). */
  private setGoods(lemma: string, offset: number, tagged: number): void {
    let row = this.goods.get(lemma);
    if (row === undefined) this.goods.set(lemma, (row = this.goodsOffset.length));
    this.goodsOffset[row] = offset;
    this.goodsTagged[row] = tagged;
  }

  private hypernymsOf(row: number): number[] {
    const from = this.hypernymFrom[row]!;
    return this.hypernymAt.slice(from, from + this.hypernymCount[row]!);
  }

  private lemmasOf(row: number): string[] {
    const t = this.lemmaText[row]!;
    return t === '' ? [] : t.split(' ');
  }

  static parse(files: WordNetFiles, version: string): WordNet {
    const wn = new WordNet(version);
    for (const line of files.dataNoun.split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const bar = line.indexOf(' | ');
      const head = (bar >= 0 ? line.slice(0, bar) : line).split(' ');
      const offset = Number(head[0]);
      const lex = Number(head[1]);
      const wCnt = parseInt(head[3] ?? '0', 16);
      const lemmas: string[] = [];
      for (let i = 0; i < wCnt; i++)
        lemmas.push((head[4 + 2 * i] ?? '').toLowerCase().replace(/\(.*\)$/, ''));
      let at = 4 + 2 * wCnt;
      const pCnt = Number(head[at++]);
      const hypernyms: number[] = [];
      for (let i = 0; i < pCnt; i++, at += 4) {
        const sym = head[at];
        if ((sym === '@' || sym === '@i') && head[at + 2] === 'n') hypernyms.push(Number(head[at + 1]));
      }
      const gloss = bar >= 0 ? (line.slice(bar + 3).split(/;|"/)[0] ?? '').trim() : '';
      if (Number.isFinite(offset)) wn.setSynset(offset, lex, lemmas.join(' '), hypernyms, gloss);
    }
    for (const line of files.indexNoun.split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const lemma = f[0]!;
      const senses = Number(f[2]);
      const pCnt = Number(f[3]);
      const tagged = Number(f[5 + pCnt]);
      const offsets = f.slice(6 + pCnt, 6 + pCnt + senses).map(Number);
      const first = offsets.find((o) => {
        const row = wn.rowOf.get(o);
        return row !== undefined && GOODS.has(wn.lex[row]!);
      });
      if (first !== undefined) wn.setGoods(lemma, first, Number.isFinite(tagged) ? tagged : 0);
    }
    for (const line of (files.indexAdj ?? '').split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const pCnt = Number(f[3]);
      wn.adjTagged.set(f[0]!, Number(f[5 + pCnt]) || 0);
    }
    return wn;
  }

  /** Rebuilt from `data()`: the same answers without parsing the database files. */
  static fromData(d: WordNetData): WordNet {
    const wn = new WordNet(d.version);
    for (const [offset, lex, lemmas, hypernyms, gloss] of d.synsets)
      wn.setSynset(offset, lex, lemmas, hypernyms, gloss);
    for (const [lemma, offset, tagged] of d.goods) wn.setGoods(lemma, offset, tagged);
    for (const [word, tagged] of d.adjectives) wn.adjTagged.set(word, tagged);
    return wn;
  }

  /** The parts `expand` and `lemmaOf` can reach, as plain data. */
  data(): WordNetData {
    // Breadth first from every goods sense at once: each synset is met at its smallest depth.
    const kept = new Set<number>();
    let level = [...this.goods.values()].map((g) => this.goodsOffset[g]!);
    for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
      const next: number[] = [];
      for (const o of level) {
        const row = this.rowOf.get(o);
        if (kept.has(o) || row === undefined) continue;
        kept.add(o);
        next.push(...this.hypernymsOf(row));
      }
      level = next;
    }
    return {
      version: this.version,
      synsets: [...kept].map((o) => {
        const row = this.rowOf.get(o)!;
        return [o, this.lex[row]!, this.lemmaText[row]!, this.hypernymsOf(row), this.gloss[row]!] as const;
      }),
      goods: [...this.goods].map(
        ([lemma, g]) => [lemma, this.goodsOffset[g]!, this.goodsTagged[g]!] as const,
      ),
      adjectives: [...this.adjTagged],
    };
  }

  get size(): number {
    return this.goods.size;
  }

  /** The lemma a word (or words joined by "_") stands for, when WordNet knows it as goods. */
  lemmaOf(word: string): string | null {
    for (const w of baseForms(word)) {
      const g = this.goods.get(w);
      if (g === undefined) continue;
      // "electric", "plastic", "gold": mostly adjectives in running text → no expansion of a single word.
      if (!w.includes('_') && (this.adjTagged.get(w) ?? 0) > this.goodsTagged[g]!) return null;
      return w;
    }
    return null;
  }

  /**
   * Whether a goods lemma of two or more words starts with this word: when not, `lemmaOf` of any
   * run of words that starts with it is null (it folds and singularizes only the run's end, so its
   * first word stays the word folded). Lets a description's runs of words be skipped unread.
   */
  mayStartCompound(word: string): boolean {
    this.starters ??= new Set(
      [...this.goods.keys()].filter((k) => k.includes('_')).map((k) => k.split('_')[0]!),
    );
    // fold() leaves lower-case ASCII as it is: most words need no folding again.
    return this.starters.has(LOWER_ASCII.test(word) ? word : fold(word));
  }

  /** A run-together compound the nouns know: "coffeemaker" → "coffee_maker". */
  splitCompound(word: string): string | null {
    if (word.length < 7) return null;
    for (let i = 3; i <= word.length - 3; i++) {
      const lemma = this.lemmaOf(`${word.slice(0, i)}_${word.slice(i)}`);
      if (lemma) return lemma;
    }
    return null;
  }

  /** Synonyms, hypernyms (breadth first, up to three levels) and definition of a lemma's sense. */
  expand(lemma: string): Expansion[] {
    const g = this.goods.get(lemma);
    if (g === undefined) return [];
    const out: Expansion[] = [];
    const offset = this.goodsOffset[g]!;
    const first = this.rowOf.get(offset)!;
    for (const l of this.lemmasOf(first))
      if (l !== lemma) out.push({ text: words(l), kind: 'synonym', depth: 1 });
    const gloss = this.gloss[first]!;
    if (gloss) out.push({ text: gloss, kind: 'gloss', depth: 1 });
    const seen = new Set([offset]);
    let level = this.hypernymsOf(first);
    for (let depth = 1; depth <= MAX_DEPTH && level.length > 0; depth++) {
      const next: number[] = [];
      for (const o of level) {
        if (seen.has(o)) continue;
        seen.add(o);
        const row = this.rowOf.get(o);
        if (row === undefined) continue;
        for (const l of this.lemmasOf(row)) out.push({ text: words(l), kind: 'hypernym', depth });
        next.push(...this.hypernymsOf(row));
      }
      level = next;
    }
    return out;
  }
}

const words = (lemma: string) => lemma.replace(/_/g, ' ');
const LOWER_ASCII = /^[^A-Z\u0080-\uffff]*$/;

/** The word and its singular forms, most likely first ("knives" → "knives", "knife", …). */
function baseForms(word: string): string[] {
  const w = fold(word);
  const out = [w];
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('ves')) out.push(`${w.slice(0, -3)}f`, `${w.slice(0, -3)}fe`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  return out;
}
