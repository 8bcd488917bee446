import { createHash } from 'node:crypto';
import { Problem } from '../../domain/problem.js';
import type { ParsedDataset } from '../../ports/refdata-source.js';
import { parseCountriesCsv, parsePortsCsv } from './code-lists.js';
import { countRows, editionFromName, parseHtsCsv, parseHtsJson } from './hts-parsers.js';

export type DatasetName = 'hts' | 'ports' | 'countries';

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
  dataset: DatasetName,
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
