/**
 * The classifier's corpora in their publishers' formats (each folder's SOURCE.md in the shared
 * data says where they come from). Two kinds come out:
 *
 * - **labeled examples** — a description and the code an authority gave it, each with its
 *   provenance (`source`, `ref`: the ruling number or row) and a weight measured on the rulings'
 *   tuning share (docs/classification.md): CBP rulings 2022–2026 by subject phrase
 *   (`precedents.jsonl`), CBP rulings Jun–Sep 2026 with the officer's description, older CBP and
 *   UK advance rulings (`hts-labeled-cbp-atar-routelock`), UK parcel descriptions (FPO);
 * - **label texts** — words about a code, not goods as someone declared them: the UK tariff's
 *   search references (everyday term → heading or subheading) and the EU's self-explanatory texts
 *   (one scope text per HS 6). They join the tariff's own documents.
 *
 * UK codes agree with the US only to six digits, and the 1990–2009 CBP rulings' ten digits are
 * of older editions: those examples are labeled at six digits. Codes that are not HS 2022 are
 * mapped when the change was one to one (aircraft parts 8803 → 8807) and dropped otherwise; every
 * drop is counted with its reason.
 */
import { parse } from 'csv-parse/sync';
import { Problem } from '../../../kernel/problem.js';
import { htsDigits } from '../../../kernel/hts-code.js';
import type { LabeledExample, LabelText } from '../domain/model.js';
import { SOURCE_WEIGHTS, type CorpusDataset } from '../domain/corpora.js';

export { CORPUS_DATASETS, SOURCE_WEIGHTS, type CorpusDataset } from '../domain/corpora.js';
export type { LabelText } from '../domain/model.js';

export interface CorpusFile {
  readonly examples: LabeledExample[];
  readonly texts: LabelText[];
  /** Rows left out, by reason. */
  readonly dropped: Record<string, number>;
}

/** HS 2017 codes with one HS 2022 successor (everything else not in HS 2022 is dropped). */
export const HS2022_SUCCESSOR: Readonly<Record<string, string>> = {
  '8803': '8807',
  '880310': '880710',
  '880320': '880720',
  '880330': '880730',
  '880390': '880790',
};

/** An HS 2022 code for `code` (4, 6, 8 or 10 digits), or null when `valid` says it has none. */
export function toHs2022(code: string, valid?: (hs6: string) => boolean): string | null {
  if (code.length === 4) return HS2022_SUCCESSOR[code] ?? code;
  // A mapped subheading keeps its six digits: the national ones were of the old edition.
  const mapped = HS2022_SUCCESSOR[code.slice(0, 6)];
  if (mapped) return mapped;
  return !valid || valid(code.slice(0, 6)) ? code : null;
}

/** Ruling boilerplate a subject line keeps around the goods ("origin of …", "… from China"). */
const SUBJECT_NOISE: readonly RegExp[] = [
  /\b(?:the\s+)?(?:country\s+of\s+)?origin\s+(?:and\s+marking\s+)?of\s+/gi,
  /\bUnited States-Mexico-Canada Agreement\s*\(USMCA\)\s*(?:eligibility\s+)?of\s+/gi,
  /\bsection 301 trade remedies (?:to|of)\s+/gi,
  /;\s*19 CFR [^;]*/gi,
  /;\s*tariff shift\b/gi,
  /\bfrom\s+[A-Z][\w.'’ -]*$/g,
  /,?\s*in (?:dosage|bulk powder) form,?/gi,
  /\(CAS No\.[^)]*\)/gi,
];

/** A ruling's subject phrase without its boilerplate. */
export function cleanSubject(s: string): string {
  let out = s;
  for (const r of SUBJECT_NOISE) out = out.replace(r, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

/** The procedural sentence some rulings open with ("In your letter dated … you requested …"). */
const PROCEDURAL = /^\s*(?:in your letter[^.]*\.|this is in response to[^.]*\.|we have received[^.]*\.)\s*/i;

const digits = (s: unknown): string => (typeof s === 'string' ? htsDigits(s) : '');

function jsonLines(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      try {
        const v = JSON.parse(raw) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
        else throw new Error('not an object');
      } catch (e) {
        throw new Problem('REFDATA_FORMAT', `${file}:${i + 1}: ${(e as Error).message}`);
      }
    });
  return out;
}

function csvRows(text: string, file: string, needed: readonly string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new Problem('REFDATA_FORMAT', `${file}:${err.lines ?? '?'}: ${err.message}`);
  }
  const missing = rows.length > 0 ? needed.filter((c) => !(c in rows[0]!)) : [];
  if (missing.length > 0) {
    throw new Problem('REFDATA_FORMAT', `${file}:1: expected the columns ${needed.join(', ')}`);
  }
  return rows;
}

class Collector {
  readonly examples: LabeledExample[] = [];
  readonly texts: LabelText[] = [];
  readonly dropped: Record<string, number> = {};
  constructor(private readonly valid?: (hs6: string) => boolean) {}
  drop(reason: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }
  example(description: string, code: string, source: string, ref: string): void {
    const d = description.replace(/\s+/g, ' ').trim().slice(0, 4000);
    if (d.length < 2) return this.drop('no description');
    if (!/^(\d{6}|\d{8}|\d{10})$/.test(code)) return this.drop('no 6-, 8- or 10-digit code');
    const hts = toHs2022(code, this.valid);
    if (!hts) return this.drop('not an HS 2022 subheading');
    this.examples.push({ description: d, hts, source, ref, weight: SOURCE_WEIGHTS[source] ?? 1 });
  }
  text(code: string, text: string, source: string): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return this.drop('no text');
    const c = toHs2022(code, code.length >= 6 ? this.valid : undefined);
    if (!c || !/^\d{4}(\d{2})?$/.test(c)) return this.drop('not an HS 2022 heading or subheading');
    this.texts.push({ code: c, text: t, source });
  }
  done(): CorpusFile {
    return { examples: this.examples, texts: this.texts, dropped: this.dropped };
  }
}

/**
 * `hts-labeled-cbp-cross-precedents/precedents.jsonl`: subject phrase → HS 6. Rows already in the
 * first rulings set (`in_existing_train`) are dropped, so that no ruling counts twice.
 */
export function parsePrecedents(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  for (const r of jsonLines(text, 'precedents.jsonl')) {
    if (r.in_existing_train === true) {
      c.drop('already in the CBP rulings set');
      continue;
    }
    const d = typeof r.description === 'string' ? cleanSubject(r.description) : '';
    c.example(d, digits(r.hs6), 'cbp-precedent', String(r.ruling_number ?? ''));
  }
  return c.done();
}

/**
 * `hts-labeled-cbp-cross-2026-descriptions/rulings.jsonl`: the officer's description → 10 digits
 * (the subject when the extract is only a letterhead); rows already in the first rulings set
 * dropped.
 */
export function parseRulings2026(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  for (const r of jsonLines(text, 'rulings.jsonl')) {
    if (r.in_existing_train === true) {
      c.drop('already in the CBP rulings set');
      continue;
    }
    const subject = typeof r.subject === 'string' ? cleanSubject(r.subject) : '';
    const body = typeof r.description === 'string' ? r.description : '';
    const d = r.description_is_letterhead === true ? subject : `${subject}. ${body}`;
    c.example(d, digits(r.hts) || digits(r.hs6), 'cbp-ruling-2026', String(r.ruling_number ?? ''));
  }
  return c.done();
}

/**
 * `hts-labeled-cbp-atar-routelock/rulings.jsonl`: US rulings of 1990–2009 and UK advance rulings,
 * labeled at six digits (older US editions; UK national digits); US codes that are not HS 2022
 * are mapped or dropped.
 */
export function parseAtar(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  for (const r of jsonLines(text, 'rulings.jsonl')) {
    const uk = r.jurisdiction === 'UK';
    const d = typeof r.description === 'string' ? r.description.replace(PROCEDURAL, '') : '';
    const hs6 = digits(r.hs6);
    if (r.hs6_valid_hs2022 === false && !HS2022_SUCCESSOR[hs6] && !HS2022_SUCCESSOR[hs6.slice(0, 4)]) {
      c.drop('not an HS 2022 subheading');
      continue;
    }
    c.example(d, hs6, uk ? 'uk-atar' : 'cbp-ruling-pre2010', String(r.ruling_number ?? r.id ?? ''));
  }
  return c.done();
}

/**
 * `uk-hmrc-fpo-parcel-references/fpo_extra_references.csv`: parcel descriptions → UK codes,
 * labeled at six digits; rows whose code is not an HS 2022 subheading dropped.
 */
export function parseFpo(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  csvRows(text, 'fpo_extra_references.csv', ['description', 'hs6']).forEach((r, i) => {
    if (/^false$/i.test(r.hs6_valid_hs2022 ?? '')) return c.drop('not an HS 2022 subheading');
    c.example(r.description ?? '', digits(r.hs6), 'uk-fpo', `row ${i + 2}`);
  });
  return c.done();
}

/**
 * `uk-trade-tariff-search-references/search_references.csv`: everyday terms → the heading (or
 * subheading) they belong to, as label texts. References to a whole chapter say too little and
 * are dropped.
 */
export function parseSearchReferences(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  for (const r of csvRows(text, 'search_references.csv', ['title', 'heading', 'hs6'])) {
    const code = digits(r.hs6) || digits(r.heading);
    if (!/^\d{4}(\d{2})?$/.test(code)) {
      c.drop('a chapter reference');
      continue;
    }
    c.text(code, r.title ?? '', 'uk-search-reference');
  }
  return c.done();
}

/**
 * `cn2022-self-explanatory-texts/cn_self_explanatory_texts.csv`: one scope text per HS 6 — its
 * `HS6` row, else its CN 8 rows together.
 */
export function parseCnTexts(text: string, valid?: (hs6: string) => boolean): CorpusFile {
  const c = new Collector(valid);
  const byHs6 = new Map<string, { own: string | null; cn8: string[] }>();
  for (const r of csvRows(text, 'cn_self_explanatory_texts.csv', ['code', 'level', 'description'])) {
    const hs6 = digits(r.hs6) || digits(r.code).slice(0, 6);
    if (!/^\d{6}$/.test(hs6)) {
      c.drop('no HS 6 code');
      continue;
    }
    const e = byHs6.get(hs6) ?? { own: null, cn8: [] };
    if (r.level === 'HS6') e.own = r.description ?? '';
    else e.cn8.push(r.description ?? '');
    byHs6.set(hs6, e);
  }
  for (const [hs6, e] of byHs6) c.text(hs6, e.own ?? e.cn8.join('; '), 'cn-self-explanatory');
  return c.done();
}

/** The corpora by data set name: the folder and file they are read from, and their parser. */
export const CORPORA: Readonly<
  Record<
    CorpusDataset,
    { folder: string; file: string; parse: (text: string, valid?: (hs6: string) => boolean) => CorpusFile }
  >
> = {
  'labeled-precedents': {
    folder: 'hts-labeled-cbp-cross-precedents',
    file: 'precedents.jsonl',
    parse: parsePrecedents,
  },
  'labeled-rulings-2026': {
    folder: 'hts-labeled-cbp-cross-2026-descriptions',
    file: 'rulings.jsonl',
    parse: parseRulings2026,
  },
  'labeled-atar': { folder: 'hts-labeled-cbp-atar-routelock', file: 'rulings.jsonl', parse: parseAtar },
  'labeled-fpo': {
    folder: 'uk-hmrc-fpo-parcel-references',
    file: 'fpo_extra_references.csv',
    parse: parseFpo,
  },
  'tariff-search-references': {
    folder: 'uk-trade-tariff-search-references',
    file: 'search_references.csv',
    parse: parseSearchReferences,
  },
  'cn-texts': {
    folder: 'cn2022-self-explanatory-texts',
    file: 'cn_self_explanatory_texts.csv',
    parse: parseCnTexts,
  },
};

/** Parses a corpus data set's file; refuses one that yields nothing usable. */
export function parseCorpus(dataset: CorpusDataset, text: string, file: string): CorpusFile {
  const out = CORPORA[dataset].parse(text);
  if (out.examples.length === 0 && out.texts.length === 0) {
    throw new Problem('REFDATA_FORMAT', `${file}: no usable row`);
  }
  return out;
}
