/**
 * The tariff as the classifier searches it: one BM25 document per heading (the HTS heading and
 * the HS 2022 heading at a high weight, goods names, search references, the chapter title, the
 * words of every line under it at a low one), per subheading (HS 2022 and HTS texts, the labels
 * above it, goods names, scope texts, the lines under it) and per 10-digit line (its own words
 * and its ancestors').
 */
import { Bm25Index, isBm25Data, type Bm25Data, type WeightedField } from '../../../kernel/text/bm25.js';
import { isOffsets } from '../../../kernel/offsets.js';
import { terms } from './text.js';
import { parseGoods } from './goods.js';
import type { ClassifierInputs, ClassifierParams, LabelText } from './types.js';

/** Everyday names of goods by heading and subheading (goods.ts). */
const GOODS = parseGoods();

export interface Line {
  readonly hts: string;
  /** Chapter number (1–97). */
  readonly chapter: number;
  readonly h: number;
  readonly s: number;
  /**
   * The texts from the heading to the line, joined by {@link PATH_SEP} (one string, not an array
   * of them: a model's ~20,000 lines are held for the process's life; ADR 0039). linePath splits it.
   */
  readonly path: string;
}

/** Joins a line's path texts (no tariff text holds it; one that did would read it as a space). */
export const PATH_SEP = '\u001f';

/** The texts from the heading to the line. */
export function linePath(l: Line): string[] {
  return l.path.split(PATH_SEP);
}

/** What the tree is made of while it is built. */
interface TreeParts {
  readonly lines: Line[];
  readonly known: Set<string>;
  readonly headings: string[];
  readonly subheadings: string[];
  readonly linesOfSub: number[][];
  readonly subsOfHeading: number[][];
  readonly headingIndex: Map<string, number>;
  /** Each heading's and subheading's own words (HTS and HS texts), and whether a subheading is "Other". */
  readonly titleH: Set<string>[];
  readonly titleS: Set<string>[];
  readonly residual: number[];
  /** Whether a subheading (its own text or labels) is for parts. */
  readonly partsSub: number[];
}

/**
 * The headings' and subheadings' own words inverted: word `w`'s headings are
 * `hDocs[hStart[id] .. hStart[id + 1])` with `id = word.get(w)`, its subheadings likewise, each in
 * order. Arrays over all words, not a set a document (ADR 0039).
 */
export interface TitleIndex {
  readonly word: Map<string, number>;
  readonly hStart: Int32Array;
  readonly hDocs: Int32Array;
  readonly sStart: Int32Array;
  readonly sDocs: Int32Array;
}

/** The documents (headings or subheadings) whose own words hold `w`, in order; empty for none. */
export function titlesWith(t: TitleIndex, w: string, heading: boolean): Int32Array {
  const id = t.word.get(w);
  if (id === undefined) return EMPTY;
  return heading
    ? t.hDocs.subarray(t.hStart[id], t.hStart[id + 1])
    : t.sDocs.subarray(t.sStart[id], t.sStart[id + 1]);
}
const EMPTY = new Int32Array(0);

function invertTitles(titleH: readonly Set<string>[], titleS: readonly Set<string>[]): TitleIndex {
  const word = new Map<string, number>();
  const hLists: number[][] = [];
  const sLists: number[][] = [];
  const add = (titles: readonly Set<string>[], lists: number[][]) =>
    titles.forEach((words, d) => {
      for (const w of words) {
        let id = word.get(w);
        if (id === undefined) word.set(w, (id = word.size));
        (lists[id] ??= []).push(d);
      }
    });
  add(titleH, hLists);
  add(titleS, sLists);
  const flat = (lists: number[][]) => {
    const start = new Int32Array(word.size + 1);
    for (let id = 0; id < word.size; id++) start[id + 1] = start[id]! + (lists[id]?.length ?? 0);
    const docs = new Int32Array(start[word.size]!);
    for (let id = 0; id < word.size; id++) docs.set(lists[id] ?? [], start[id]);
    return { start, docs };
  };
  const h = flat(hLists);
  const sub = flat(sLists);
  return { word, hStart: h.start, hDocs: h.docs, sStart: sub.start, sDocs: sub.docs };
}

function isTitleIndex(v: unknown, nH: number, nS: number): v is TitleIndex {
  const t = v as Partial<TitleIndex> | null;
  if (!t || !(t.word instanceof Map)) return false;
  const n = t.word.size;
  const csr = (start: unknown, docs: unknown, nDocs: number) =>
    docs instanceof Int32Array && isOffsets(start, n, docs.length) && docs.every((d) => d >= 0 && d < nDocs);
  return (
    [...t.word.values()].every((id) => Number.isInteger(id) && id >= 0 && id < n) &&
    csr(t.hStart, t.hDocs, nH) &&
    csr(t.sStart, t.sDocs, nS)
  );
}

export interface TariffTree extends Omit<TreeParts, 'titleH' | 'titleS'> {
  readonly titles: TitleIndex;
  readonly subIndex: ReadonlyMap<string, number>;
  readonly H: Bm25Index;
  readonly S: Bm25Index;
  readonly L: Bm25Index;
}

/** A tree as plain data (the artefact cache keeps it); its indices flat. */
export type TariffTreeData = Omit<TariffTree, 'H' | 'S' | 'L'> & {
  readonly H: Bm25Data;
  readonly S: Bm25Data;
  readonly L: Bm25Data;
};

export function tariffTreeData(t: TariffTree): TariffTreeData {
  return { ...t, H: t.H.data(), S: t.S.data(), L: t.L.data() };
}

export function restoreTariffTree(d: TariffTreeData): TariffTree {
  return { ...d, H: Bm25Index.fromData(d.H), S: Bm25Index.fromData(d.S), L: Bm25Index.fromData(d.L) };
}

/** Whether a value is a tree's data with consistent sizes (a cached one is checked). */
export function isTariffTreeData(v: unknown): v is TariffTreeData {
  const d = v as Partial<TariffTreeData> | null;
  if (!d || !Array.isArray(d.lines) || !Array.isArray(d.headings) || !Array.isArray(d.subheadings))
    return false;
  const nL = d.lines.length;
  const nH = d.headings.length;
  const nS = d.subheadings.length;
  const ok = (i: unknown, n: number) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < n;
  return (
    d.lines.every(
      (l: Partial<Line>) =>
        typeof l?.hts === 'string' &&
        typeof l.chapter === 'number' &&
        ok(l.h, nH) &&
        ok(l.s, nS) &&
        typeof l.path === 'string',
    ) &&
    d.known instanceof Set &&
    Array.isArray(d.linesOfSub) &&
    d.linesOfSub.length === nS &&
    d.linesOfSub.every((a) => Array.isArray(a) && a.every((i) => ok(i, nL))) &&
    Array.isArray(d.subsOfHeading) &&
    d.subsOfHeading.length === nH &&
    d.subsOfHeading.every((a) => Array.isArray(a) && a.every((i) => ok(i, nS))) &&
    d.headingIndex instanceof Map &&
    d.subIndex instanceof Map &&
    isTitleIndex(d.titles, nH, nS) &&
    Array.isArray(d.residual) &&
    d.residual.length === nS &&
    Array.isArray(d.partsSub) &&
    d.partsSub.length === nS &&
    [d.H, d.S, d.L].every(isBm25Data) &&
    d.H!.size === nH &&
    d.S!.size === nS &&
    d.L!.size === nL
  );
}

export function buildTariffTree(inputs: ClassifierInputs, params: ClassifierParams): TariffTree {
  const tree: TreeParts = {
    lines: [],
    known: new Set(),
    headings: [],
    subheadings: [],
    linesOfSub: [],
    subsOfHeading: [],
    headingIndex: new Map(),
    titleH: [],
    titleS: [],
    residual: [],
    partsSub: [],
  };
  const hIdx = new Map<string, number>();
  const sIdx = new Map<string, number>();
  const hDocs: WeightedField[][] = [];
  const sDocs: WeightedField[][] = [];
  const lDocs: WeightedField[][] = [];
  const seenH: Set<string>[] = [];
  const seenS: Set<string>[] = [];
  const termsOf = new Map<string, string[]>();
  const t = (s: string) => {
    let v = termsOf.get(s);
    if (!v) termsOf.set(s, (v = terms(s)));
    return v;
  };
  const hsTerms = (code: string) => t(inputs.hs.get(code) ?? '');
  for (const li of inputs.lines) {
    if (!/^\d{10}$/.test(li.hts) || li.hts.startsWith('98') || li.hts.startsWith('99')) continue;
    const c4 = li.hts.slice(0, 4);
    const c6 = li.hts.slice(0, 6);
    let h = hIdx.get(c4);
    if (h === undefined) {
      hIdx.set(c4, (h = tree.headings.push(c4) - 1));
      tree.headingIndex.set(c4, h);
      hDocs.push([
        { terms: t(GOODS.get(c4) ?? ''), weight: params.goods },
        { terms: hsTerms(c4), weight: 3 },
        { terms: hsTerms(c4.slice(0, 2)), weight: 1 },
        { terms: t(li.path[0]?.description ?? ''), weight: 3 },
      ]);
      seenH.push(new Set([li.path[0]?.description ?? '']));
      tree.titleH.push(
        new Set([...hsTerms(c4), ...t(li.path[0]?.description ?? ''), ...t(GOODS.get(c4) ?? '')]),
      );
    }
    let s = sIdx.get(c6);
    if (s === undefined) {
      sIdx.set(c6, (s = tree.subheadings.push(c6) - 1));
      const own =
        li.path.find((p) => p.hts === c6)?.description ?? (li.hts.endsWith('0000') ? li.description : '');
      // The labels between the heading and the subheading ("Halogenated derivatives:" above an "Other").
      const at6 = li.path.findIndex((x) => x.hts === c6);
      const labels = li.path
        .slice(1, at6 >= 0 ? at6 : li.path.length)
        .filter((x) => x.hts === null)
        .map((x) => x.description)
        .join(' ');
      sDocs.push([
        { terms: t(`${GOODS.get(c4) ?? ''} ${GOODS.get(c6) ?? ''}`), weight: params.goods },
        { terms: hsTerms(c6), weight: 3 },
        { terms: t(own), weight: 3 },
        { terms: t(labels), weight: params.labels },
        { terms: t(li.path[0]?.description ?? ''), weight: 1 },
      ]);
      seenS.push(new Set([own, li.path[0]?.description ?? '']));
      tree.titleS.push(new Set([...hsTerms(c6), ...t(own), ...t(labels), ...t(GOODS.get(c6) ?? '')]));
      tree.residual.push(/^\s*other\b/i.test(own) ? 1 : 0);
      tree.partsSub.push(/\bparts\b/i.test(`${own} ${labels}`) ? 1 : 0);
      tree.linesOfSub.push([]);
      (tree.subsOfHeading[h] ??= []).push(s);
    }
    // Descendants' words: each distinct label once per heading and per subheading.
    for (const text of [...li.path.slice(1).map((p) => p.description), li.description]) {
      if (!seenH[h]!.has(text)) {
        seenH[h]!.add(text);
        hDocs[h]!.push({ terms: t(text), weight: 0.5 });
      }
      if (!seenS[s]!.has(text)) {
        seenS[s]!.add(text);
        sDocs[s]!.push({ terms: t(text), weight: 1 });
      }
    }
    const l = tree.lines.push({
      hts: li.hts,
      chapter: Number(li.hts.slice(0, 2)),
      h,
      s,
      path: [...li.path.map((p) => p.description), li.description]
        .map((x) => x.replaceAll(PATH_SEP, ' '))
        .join(PATH_SEP),
    });
    tree.linesOfSub[s]!.push(l - 1);
    tree.known.add(li.hts);
    lDocs.push([
      { terms: t(`${GOODS.get(c4) ?? ''} ${GOODS.get(c6) ?? ''}`), weight: params.goods },
      { terms: t(li.description), weight: 3 },
      ...li.path.map((p, i) => ({ terms: t(p.description), weight: i === 0 ? 1 : 1.5 })),
      { terms: hsTerms(c6), weight: 1 },
    ]);
  }
  addTexts(tree, params, inputs.texts ?? [], hIdx, sIdx, hDocs, sDocs, t);

  const { titleH, titleS, ...parts } = tree;
  return {
    ...parts,
    titles: invertTitles(titleH, titleS),
    subIndex: sIdx,
    H: Bm25Index.build(hDocs),
    S: Bm25Index.build(sDocs),
    L: Bm25Index.build(lDocs),
  };
}

/** Search references join their heading's document (and its own words); scope texts their subheading's. */
function addTexts(
  tree: TreeParts,
  p: ClassifierParams,
  texts: readonly LabelText[],
  hIdx: ReadonlyMap<string, number>,
  sIdx: ReadonlyMap<string, number>,
  hDocs: WeightedField[][],
  sDocs: WeightedField[][],
  t: (s: string) => string[],
): void {
  for (const x of texts) {
    const weight = x.source === 'cn-self-explanatory' ? p.scopeTexts : p.searchRefs;
    if (weight <= 0) continue;
    if (x.code.length === 4) {
      const h = hIdx.get(x.code);
      if (h === undefined) continue;
      hDocs[h]!.push({ terms: t(x.text), weight });
      for (const w of t(x.text)) tree.titleH[h]!.add(w);
    } else {
      const s = sIdx.get(x.code);
      if (s === undefined) continue;
      sDocs[s]!.push({ terms: t(x.text), weight });
      if (x.source !== 'cn-self-explanatory') for (const w of t(x.text)) tree.titleS[s]!.add(w);
    }
  }
}
