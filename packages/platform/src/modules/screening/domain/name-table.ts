/**
 * The listed names as the index reads them: every reading of every name of every entry (in entry
 * order), its words as vocabulary ids with their weights and classes, and the vocabulary.
 */
import { CORE, wordClasses, type WordClass } from './descriptors.js';
import type { NameKind, WatchlistEntry } from './entry.js';
import { thresholdFor, type ScreeningThresholds } from './evidence.js';
import { nameReadings, type NormalizedName } from './normalize.js';
import { SCREEN_SCORE } from './score.js';
import { SpellingTable, isSpellingTableData, type SpellingTableData } from './spelling.js';
import {
  AS_GLUED,
  AS_WORD,
  Vocabulary,
  VocabularyBuilder,
  isVocabularyData,
  type VocabularyData,
} from './vocabulary.js';

export const KIND_CODE: Record<NameKind, number> = { primary: 0, alias: 1, weak: 2 };
export const KINDS: readonly NameKind[] = ['primary', 'alias', 'weak'];

/**
 * Weights of a name's tokens: core words their length, descriptors a small fixed weight (the
 * query's and the listed name's: see SCREEN_SCORE), never more than their length.
 */
export function weigh(
  tokens: readonly string[],
  classes: readonly WordClass[],
  descriptor: number,
): number[] {
  return tokens.map((t, i) =>
    t.length > 1 && classes[i] !== CORE ? Math.min(descriptor, t.length) : t.length,
  );
}

/** Core words of a name that are words, not initials. */
export function coreCount(tokens: readonly string[], classes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) if (classes[i] === CORE && tokens[i]!.length > 1) n++;
  return n;
}

/** Names in CSR form over vocabulary ids; entry `e` owns names [entryNameStart[e], entryNameStart[e + 1]). */
export interface NameTable {
  readonly nameEntry: Int32Array;
  readonly nameKind: Uint8Array;
  readonly nameTokStart: Int32Array;
  readonly nameToks: Int32Array;
  readonly nameTokWeight: Float64Array;
  readonly nameTokClass: Uint8Array;
  readonly nameWeight: Float64Array;
  /** Vocabulary id of the joined form, or -1. */
  readonly nameGlued: Int32Array;
  readonly nameHasInitial: Uint8Array;
  /** Core words of each name (not initials), at most 2: one means strict word similarity. */
  readonly nameCores: Uint8Array;
  readonly nameText: readonly string[];
  /** Each name as spelt (NormalizedName.full) and the letters of its words (tokens). */
  readonly nameSpelling: readonly string[];
  readonly nameLetters: Int32Array;
  readonly spelling: SpellingTable;
  readonly vocab: Vocabulary;
  readonly entryThreshold: Float64Array;
  readonly entryNameStart: Int32Array;
  readonly minThreshold: number;
  /** The readings of a listed name, normalized once (names repeat across lists). */
  readonly readings: (name: string) => NormalizedName[];
}

/** Normalizes each listed name once (names repeat across lists). */
function readingsMemo(): (name: string) => NormalizedName[] {
  const readingsOf = new Map<string, NormalizedName[]>();
  return (name: string): NormalizedName[] => {
    let r = readingsOf.get(name);
    if (!r) {
      r = nameReadings(name);
      readingsOf.set(name, r);
    }
    return r;
  };
}

/**
 * A name table as plain data (the artefact cache keeps it): the tables, the vocabulary's and the
 * spelling table's.
 */
export type NameTableData = Omit<
  NameTable,
  'readings' | 'vocab' | 'nameText' | 'nameSpelling' | 'spelling'
> & {
  readonly nameText: string[];
  readonly nameSpelling: string[];
  readonly vocab: VocabularyData;
  readonly spelling: SpellingTableData;
};

export function nameTableData(t: NameTable): NameTableData {
  const { readings: _readings, vocab, nameText, nameSpelling, spelling, ...tables } = t;
  return {
    ...tables,
    nameText: [...nameText],
    nameSpelling: [...nameSpelling],
    vocab: vocab.data(),
    spelling: spelling.data(),
  };
}

/** The table again from its data (the readings are normalized afresh, on demand). */
export function restoreNameTable(d: NameTableData): NameTable {
  return {
    ...d,
    spelling: new SpellingTable(d.nameSpelling, d.nameLetters, d.spelling),
    vocab: new Vocabulary({ data: d.vocab }),
    readings: readingsMemo(),
  };
}

/** Whether a value is a name table's data with consistent sizes (a cached one is checked). */
export function isNameTableData(v: unknown, entries: number): v is NameTableData {
  const d = v as Partial<NameTableData> | null;
  if (!d || !isVocabularyData(d.vocab) || !isSpellingTableData(d.spelling) || !Array.isArray(d.nameText))
    return false;
  const N = d.nameText.length;
  const ints = [d.nameEntry, d.nameGlued] as unknown[];
  const bytes = [d.nameKind, d.nameHasInitial, d.nameCores] as unknown[];
  return (
    ints.every((a) => a instanceof Int32Array && a.length === N) &&
    bytes.every((a) => a instanceof Uint8Array && a.length === N) &&
    d.nameWeight instanceof Float64Array &&
    d.nameWeight.length === N &&
    d.nameTokStart instanceof Int32Array &&
    d.nameTokStart.length === N + 1 &&
    d.nameToks instanceof Int32Array &&
    d.nameToks.length === d.nameTokStart[N] &&
    d.nameTokWeight instanceof Float64Array &&
    d.nameTokWeight.length === d.nameToks.length &&
    d.nameTokClass instanceof Uint8Array &&
    d.nameTokClass.length === d.nameToks.length &&
    d.entryThreshold instanceof Float64Array &&
    d.entryThreshold.length === entries &&
    d.entryNameStart instanceof Int32Array &&
    d.entryNameStart.length === entries + 1 &&
    d.entryNameStart[entries] === N &&
    typeof d.minThreshold === 'number' &&
    d.nameText.every((x) => typeof x === 'string') &&
    Array.isArray(d.nameSpelling) &&
    d.nameSpelling.length === N &&
    d.nameSpelling.every((x) => typeof x === 'string') &&
    d.nameLetters instanceof Int32Array &&
    d.nameLetters.length === N
  );
}

export function buildNameTable(
  entries: readonly WatchlistEntry[],
  thresholds: ScreeningThresholds,
): NameTable {
  const nameEntry: number[] = [];
  const nameKind: number[] = [];
  const tokStart: number[] = [0];
  const toks: number[] = [];
  const tokWeight: number[] = [];
  const tokClass: number[] = [];
  const weight: number[] = [];
  const glued: number[] = [];
  const hasInitial: number[] = [];
  const cores: number[] = [];
  const text: string[] = [];
  const spellings: string[] = [];
  const letters: number[] = [];
  const vb = new VocabularyBuilder();
  // Names repeat across lists (the CSL copies OFAC's): normalize each once.
  const readings = readingsMemo();
  const entryThreshold = new Float64Array(entries.length);
  const entryNameStart = new Int32Array(entries.length + 1);
  let minThreshold = 1;
  entries.forEach((e, ei) => {
    const th = thresholdFor(e, thresholds);
    entryThreshold[ei] = th;
    if (th < minThreshold) minThreshold = th;
    const seen = new Set<string>();
    for (const n of e.names) {
      // Every reading of the name is a name of the entry ("AL-QAIDA" as al qaida and alqaida).
      for (const norm of readings(n.name)) {
        if (norm.tokens.length === 0) continue;
        const sig = norm.tokens.join(' ');
        if (seen.has(sig)) continue; // the same name twice (aka spelled as the primary)
        seen.add(sig);
        const ni = nameEntry.length;
        nameEntry.push(ei);
        nameKind.push(KIND_CODE[n.kind]);
        text.push(n.name);
        spellings.push(norm.full);
        letters.push(norm.tokens.reduce((a, t) => a + t.length, 0));
        const classes: WordClass[] =
          e.type === 'person' ? norm.tokens.map(() => CORE) : wordClasses(norm.tokens);
        const weights = weigh(norm.tokens, classes, SCREEN_SCORE.listedDescriptorWeight);
        let w = 0;
        let initial = 0;
        const single = norm.tokens.length === 1;
        const ids = new Set<number>();
        norm.tokens.forEach((t, k) => {
          const id = vb.word(t, single ? AS_WORD | AS_GLUED : AS_WORD);
          toks.push(id);
          tokWeight.push(weights[k]!);
          tokClass.push(classes[k]!);
          w += weights[k]!;
          if (t.length === 1) initial = 1;
          if (!ids.has(id)) vb.post(id, ni * 2);
          ids.add(id);
        });
        tokStart.push(toks.length);
        weight.push(w);
        hasInitial.push(initial);
        cores.push(Math.min(2, coreCount(norm.tokens, classes)));
        if (norm.glued) {
          const gid = vb.word(norm.glued, AS_GLUED);
          glued.push(gid);
          vb.post(gid, ni * 2 + 1);
        } else glued.push(-1);
      }
    }
    entryNameStart[ei + 1] = nameEntry.length;
  });
  return {
    nameEntry: Int32Array.from(nameEntry),
    nameKind: Uint8Array.from(nameKind),
    nameTokStart: Int32Array.from(tokStart),
    nameToks: Int32Array.from(toks),
    nameTokWeight: Float64Array.from(tokWeight),
    nameTokClass: Uint8Array.from(tokClass),
    nameWeight: Float64Array.from(weight),
    nameGlued: Int32Array.from(glued),
    nameHasInitial: Uint8Array.from(hasInitial),
    nameCores: Uint8Array.from(cores),
    nameText: text,
    nameSpelling: spellings,
    nameLetters: Int32Array.from(letters),
    spelling: new SpellingTable(spellings, letters),
    vocab: new Vocabulary(vb),
    entryThreshold,
    entryNameStart,
    minThreshold,
    readings,
  };
}
