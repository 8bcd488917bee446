/** CBP's PGA catalogues as compiled in `cbp-pga-flags/` (three CSV files) to the domain's model. */
import { parse } from 'csv-parse/sync';
import { Problem } from '../../../kernel/problem.js';
import { htsDigits } from '../../../kernel/hts-code.js';
import type { DisclaimCode, HtsFlagRule, PgaFlag } from '../domain/pga.js';

export interface PgaFiles {
  readonly flags: readonly PgaFlag[];
  readonly disclaims: readonly DisclaimCode[];
  readonly rules: readonly HtsFlagRule[];
}

function rows(text: string, file: string, required: readonly string[]): Record<string, string>[] {
  let out: Record<string, string>[];
  try {
    out = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new Problem('REFDATA_FORMAT', `${file}:${err.lines ?? '?'}: ${err.message}`, '', { file });
  }
  const missing = required.filter((c) => out.length > 0 && !(c in out[0]!));
  if (missing.length)
    throw new Problem('REFDATA_FORMAT', `${file}:1: missing column(s) ${missing.join(', ')}`, '', { file });
  return out;
}

export function parsePgaFiles(files: readonly { name: string; text: string }[]): PgaFiles {
  const get = (name: string) => {
    const f = files.find((x) => x.name === name);
    if (!f) throw new Problem('REFDATA_FORMAT', `cbp-pga-flags: ${name} is missing`);
    return f;
  };
  const fl = get('flag-codes.csv');
  const dc = get('disclaim-codes.csv');
  const hx = get('hts-flag-examples.csv');
  const flags = rows(fl.text, fl.name, ['flag_code', 'agency']).map((r, i) => {
    const code = (r.flag_code ?? '').trim().toUpperCase();
    if (!/^[A-Z0-9]{2,4}$/.test(code))
      throw new Problem('REFDATA_FORMAT', `${fl.name}:${i + 2}: bad flag code "${r.flag_code}"`);
    return {
      code,
      agency: (r.agency ?? '').trim(),
      program: (r.agency_program ?? '').trim(),
      meaning: (r.meaning ?? '').trim(),
      disclaimAllowed: (r.disclaim_allowed ?? '').trim().toLowerCase(),
    };
  });
  const disclaims = rows(dc.text, dc.name, ['code', 'meaning']).map((r, i) => {
    const code = (r.code ?? '').trim().toUpperCase();
    if (!/^[A-Z]$/.test(code))
      throw new Problem('REFDATA_FORMAT', `${dc.name}:${i + 2}: bad disclaim code "${r.code}"`);
    return { code, meaning: (r.meaning ?? '').trim(), agencies: (r.agencies ?? '').trim() };
  });
  const rules = rows(hx.text, hx.name, ['hts_number', 'flags', 'agency']).map((r, i) => {
    const prefix = htsDigits(r.hts_number ?? '');
    if (!/^\d{4,10}$/.test(prefix))
      throw new Problem('REFDATA_FORMAT', `${hx.name}:${i + 2}: bad HTS number "${r.hts_number}"`);
    return {
      prefix,
      flags: (r.flags ?? '')
        .split(/[;,\s]+/)
        .map((f) => f.trim().toUpperCase())
        .filter(Boolean),
      agency: (r.agency ?? '').trim(),
      note: (r.note ?? '').trim(),
    };
  });
  return { flags, disclaims, rules };
}
