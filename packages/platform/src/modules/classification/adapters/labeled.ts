/**
 * Classifier inputs in their publishers' formats: the HS nomenclature (datasets/harmonized-system
 * CSV: section, hscode, description, parent, level), CBP rulings as compiled in
 * `hts-labeled-cbp-cross-rulings/train.jsonl`, and an operator's labeled history (NDJSON
 * `{"description", "hts"}` or CSV with `description` and `hts` or `hts10` columns).
 */
import { parse } from 'csv-parse/sync';
import type { LabeledExample } from '../domain/model.js';
import { Problem } from '../../../kernel/problem.js';
import { htsDigits } from '../../../kernel/hts-code.js';

export interface HsNomenclature {
  /** code (2, 4 or 6 digits) → description. */
  readonly descriptions: Readonly<Record<string, string>>;
}

export function parseHsCsv(text: string, file: string): HsNomenclature {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new Problem('REFDATA_FORMAT', `${file}:${err.lines ?? '?'}: ${err.message}`);
  }
  if (rows.length === 0 || !('hscode' in rows[0]!) || !('description' in rows[0]!)) {
    throw new Problem('REFDATA_FORMAT', `${file}:1: expected the columns hscode and description`);
  }
  const descriptions: Record<string, string> = {};
  rows.forEach((r, i) => {
    const code = (r.hscode ?? '').trim();
    if (code === 'TOTAL') return;
    if (!/^\d{2}(\d{2}){0,2}$/.test(code)) {
      throw new Problem('REFDATA_FORMAT', `${file}:${i + 2}: bad HS code "${r.hscode}"`);
    }
    descriptions[code] = (r.description ?? '').trim();
  });
  return { descriptions };
}

const digits = (s: unknown): string => (typeof s === 'string' ? htsDigits(s) : '');

/** A labeled example's problem, naming its line: the rest of the file still loads. */
export interface LabeledProblem {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

export interface LabeledFile {
  readonly examples: LabeledExample[];
  readonly problems: LabeledProblem[];
}

function check(description: unknown, hts: string, line: number, source: string, out: LabeledFile): void {
  if (typeof description !== 'string' || description.trim() === '') {
    out.problems.push({ line, code: 'LABELED_DESCRIPTION_MISSING', message: `line ${line}: no description` });
    return;
  }
  if (!/^(\d{6}|\d{8}|\d{10})$/.test(hts)) {
    out.problems.push({
      line,
      code: 'LABELED_HTS_INVALID',
      message: `line ${line}: "${hts}" is not a 6-, 8- or 10-digit HTS number`,
    });
    return;
  }
  out.examples.push({ description: description.trim().slice(0, 4000), hts, source });
}

/**
 * Labeled examples from NDJSON (`description` and `hts`, or the rulings' `hts10`/`hts_codes`) or
 * CSV (`description` and `hts` or `hts10` columns); the first non-blank character tells which.
 */
export function parseLabeled(text: string, source: string): LabeledFile {
  const out: LabeledFile = { examples: [], problems: [] };
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) {
    body.split('\n').forEach((raw, i) => {
      if (!raw.trim()) return;
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(raw) as Record<string, unknown>;
      } catch (e) {
        out.problems.push({
          line: i + 1,
          code: 'MALFORMED_JSON',
          message: `line ${i + 1}: ${(e as Error).message}`,
        });
        return;
      }
      const codes = Array.isArray(v.hts_codes) ? v.hts_codes : [];
      const hts = digits(v.hts) || digits(v.hts10) || digits(codes[0]);
      check(v.description, hts, i + 1, source, out);
    });
    return out;
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(body, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<
      string,
      string
    >[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new Problem('LABELED_FORMAT', `${source}:${err.lines ?? '?'}: ${err.message}`);
  }
  if (rows.length > 0 && !('description' in rows[0]!)) {
    throw new Problem(
      'LABELED_FORMAT',
      `${source}:1: expected a description column and an hts or hts10 column`,
    );
  }
  rows.forEach((r, i) => check(r.description, digits(r.hts) || digits(r.hts10), i + 2, source, out));
  return out;
}
