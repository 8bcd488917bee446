import { createHash } from 'node:crypto';
import { Problem } from '../../../kernel/problem.js';
import type { ParsedDataset } from '../source.js';
import { parseCountriesCsv, parsePortsCsv } from './code-lists.js';
import { countRows, editionFromName, parseHtsCsv, parseHtsJson } from '../../tariff/index.js';
import {
  parseCsl,
  parseDpl,
  parseOfacLegacy,
  parseUflpa,
  parseUnXml,
  parseWro,
} from '../../screening/index.js';
import { WATCHLISTS, type WatchlistEntry, type WatchlistName } from '../../screening/index.js';
import type { EntityLink, RegistryEntity } from '../../parties/index.js';
import { parseGleifJson } from '../../parties/index.js';
import { parsePgaFiles } from '../../pga/index.js';
import {
  CORPUS_DATASETS,
  parseCorpus,
  parseHsCsv,
  parseLabeled,
  type CorpusDataset,
} from '../../classification/index.js';

export type DatasetName =
  | 'hts'
  | 'ports'
  | 'countries'
  | 'gleif'
  | 'pga-flags'
  | 'hs-nomenclature'
  | 'labeled-rulings'
  | 'labeled-operator'
  | CorpusDataset
  | WatchlistName;

/** One file of a data set (OFAC publishes one list as four files). */
export interface DataFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The checksum of a data set: of its bytes, or of its files' names and checksums. */
export function datasetSha256(files: readonly DataFile[]): string {
  if (files.length === 1) return sha256(files[0]!.bytes);
  return sha256(new TextEncoder().encode(files.map((f) => `${f.name}:${sha256(f.bytes)}\n`).join('')));
}

/** Text of a list file: UTF-8, or Windows-1252 for older OFAC files that are not. */
function decodeLenient(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface DatasetOptions {
  readonly hint?: EditionHint;
  /** Drop a list's incomplete last record instead of refusing the file. */
  readonly dropIncompleteTail?: boolean;
}

const LISTS: ReadonlySet<string> = new Set(WATCHLISTS);

/** Parses any data set from its files. */
export function parseFiles(
  dataset: DatasetName,
  files: readonly DataFile[],
  opts: DatasetOptions = {},
): ParsedDataset {
  if (LISTS.has(dataset)) return parseWatchlist(dataset as WatchlistName, files, opts);
  if (dataset === 'gleif') return parseGleif(files);
  if (dataset === 'pga-flags') {
    const body = parsePgaFiles(files.map((f) => ({ name: f.name, text: decode(f.bytes, f.name) })));
    return {
      kind: 'document',
      dataset: 'pga-flags',
      body,
      rowCounts: { flags: body.flags.length, disclaims: body.disclaims.length, rules: body.rules.length },
    };
  }
  if (dataset === 'hs-nomenclature') {
    const f = files.find((x) => /harmonized-system/i.test(x.name)) ?? files[0]!;
    const body = parseHsCsv(decode(f.bytes, f.name), f.name);
    return { kind: 'document', dataset, body, rowCounts: { codes: Object.keys(body.descriptions).length } };
  }
  if ((CORPUS_DATASETS as readonly string[]).includes(dataset)) {
    const f = files[0]!;
    const body = parseCorpus(dataset as CorpusDataset, decode(f.bytes, f.name), f.name);
    return {
      kind: 'document',
      dataset: dataset as CorpusDataset,
      body,
      rowCounts: { examples: body.examples.length, texts: body.texts.length },
    };
  }
  if (dataset === 'labeled-rulings' || dataset === 'labeled-operator') {
    const examples = files.flatMap((f) => {
      const r = parseLabeled(
        decode(f.bytes, f.name),
        dataset === 'labeled-rulings' ? 'cbp-ruling' : 'operator-history',
      );
      if (r.examples.length === 0 && r.problems.length > 0) {
        throw new Problem('REFDATA_FORMAT', `${f.name}: no usable example (${r.problems[0]!.message})`);
      }
      return r.examples;
    });
    return { kind: 'document', dataset, body: { examples }, rowCounts: { examples: examples.length } };
  }
  const f = files[0]!;
  return parseDataset(dataset as 'hts' | 'ports' | 'countries', f.name, f.bytes, opts.hint);
}

/** GLEIF API responses (level 1 records and relationship records), all files together. */
function parseGleif(files: readonly DataFile[]): ParsedDataset {
  const entities = new Map<string, RegistryEntity>();
  const links: EntityLink[] = [];
  let asOf: string | undefined;
  for (const f of files) {
    const r = parseGleifJson(decode(f.bytes, f.name), f.name);
    for (const e of r.entities) entities.set(e.id, e);
    links.push(...r.links);
    if (r.asOf && (!asOf || r.asOf > asOf)) asOf = r.asOf;
  }
  return {
    kind: 'registry',
    dataset: 'gleif',
    entities: [...entities.values()],
    links,
    rowCounts: { entities: entities.size, links: links.length },
    ...(asOf ? { asOf } : {}),
  };
}

/** Parses a watch list from its files. */
export function parseWatchlist(
  dataset: WatchlistName,
  files: readonly DataFile[],
  opts: DatasetOptions = {},
): ParsedDataset {
  const warnings: string[] = [];
  const text = (f: DataFile) => decodeLenient(f.bytes);
  const named = (re: RegExp) => {
    const f = files.find((x) => re.test(x.name));
    return f ? { name: f.name, text: text(f) } : undefined;
  };
  const first = files[0]!;
  let entries: WatchlistEntry[];
  let asOf: string | undefined;
  switch (dataset) {
    case 'ofac-sdn':
    case 'ofac-cons': {
      const prefix = dataset === 'ofac-sdn' ? '' : 'cons_';
      const primary = named(dataset === 'ofac-sdn' ? /^sdn\.csv$/i : /^cons_prim\.csv$/i);
      if (!primary) throw new Problem('REFDATA_FORMAT', `${dataset}: the primary file is missing`);
      const alt = named(new RegExp(`^${prefix}alt\\.csv$`, 'i'));
      const add = named(new RegExp(`^${prefix}add\\.csv$`, 'i'));
      const comments = named(new RegExp(`^${dataset === 'ofac-sdn' ? 'sdn_' : 'cons_'}comments\\.csv$`, 'i'));
      entries = parseOfacLegacy(dataset, {
        primary,
        ...(alt ? { alt } : {}),
        ...(add ? { add } : {}),
        ...(comments ? { comments } : {}),
      });
      break;
    }
    case 'csl':
      entries = parseCsl(text(first), first.name, {
        dropIncompleteTail: opts.dropIncompleteTail ?? false,
        warnings,
      });
      break;
    case 'bis-dpl':
      entries = parseDpl(text(first), first.name);
      break;
    case 'un-sc': {
      const r = parseUnXml(text(first), first.name);
      entries = r.entries;
      asOf = r.asOf ?? undefined;
      break;
    }
    case 'uflpa':
      entries = parseUflpa(text(first), first.name);
      break;
    case 'cbp-wro':
      entries = parseWro(text(first), first.name);
      break;
  }
  return {
    kind: 'watchlist',
    dataset,
    entries,
    rowCounts: { entries: entries.length, names: entries.reduce((n, e) => n + e.names.length, 0) },
    ...(asOf ? { asOf } : {}),
    warnings,
  };
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array, name: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Problem('REFDATA_FORMAT', `${name}: not valid UTF-8`);
  }
}

export interface EditionHint {
  readonly edition: string;
  readonly effectiveFrom: string;
}

/** Parses the bytes of one data set file; the format follows the file name's extension. */
export function parseDataset(
  dataset: 'hts' | 'ports' | 'countries',
  name: string,
  bytes: Uint8Array,
  hint?: EditionHint,
): ParsedDataset {
  const text = decode(bytes, name);
  switch (dataset) {
    case 'hts': {
      const ed = hint ?? editionFromName(name);
      if (!ed) {
        throw new Problem(
          'REFDATA_EDITION_UNKNOWN',
          `${name}: cannot tell the HTSUS edition from the name; name it like hts_2026_basic_edition.csv or set TRADELANE_HTS_EDITION and TRADELANE_HTS_EFFECTIVE_FROM`,
        );
      }
      const rows =
        /\.json$/i.test(name) || text.trimStart().startsWith('[') ? parseHtsJson(text) : parseHtsCsv(text);
      return {
        kind: 'tariff',
        dataset: 'hts',
        edition: ed.edition,
        effectiveFrom: ed.effectiveFrom,
        rows,
        rowCounts: countRows(rows),
      };
    }
    case 'ports': {
      const entries = parsePortsCsv(text);
      return { kind: 'codes', dataset: 'ports', entries, rowCounts: { codes: entries.length } };
    }
    case 'countries': {
      const entries = parseCountriesCsv(text);
      return { kind: 'codes', dataset: 'countries', entries, rowCounts: { codes: entries.length } };
    }
  }
}
