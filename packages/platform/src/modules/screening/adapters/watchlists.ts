/**
 * Parsers for the watch lists, each in its publisher's own format, to the one entry model.
 * A malformed or truncated file fails with REFDATA_FORMAT naming the file and line.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Problem } from '../../../kernel/problem.js';
import type { EntryAddress, EntryIdentifier, EntryName, EntryType, WatchlistEntry } from '../domain/entry.js';
import { wroEntityNames, wroScopeFields } from '../domain/wro-scope.js';

const fail = (file: string, line: number | string, message: string): Problem =>
  new Problem('REFDATA_FORMAT', `${file}:${line}: ${message}`, '', { file, line });

type Row = string[];

/** csv-parse's own error code for a quote left open at the end of the input (not one of ours). */
const CSV_PARSE_QUOTE_NOT_CLOSED = `CSV_QUOTE_NOT_CLOSED`;

export interface ParseOptions {
  /**
   * Drop a last record that the file cuts off (an unclosed quote at the end) instead of failing,
   * and say so in `warnings`. Off by default: a truncated file is refused.
   */
  readonly dropIncompleteTail?: boolean;
  /** Where dropped records and other tolerated defects are reported. */
  readonly warnings?: string[];
}

/** CSV rows with their first line numbers; csv-parse errors become REFDATA_FORMAT with the line. */
function csvRows(
  text: string,
  file: string,
  opts: { delimiter?: string; expect?: number } & ParseOptions = {},
): [number, Row][] {
  try {
    const records = parseCsv(text, {
      delimiter: opts.delimiter ?? ',',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as { record: Row; info: { lines: number } }[];
    return records.map((r) => {
      if (opts.expect !== undefined && r.record.length !== opts.expect) {
        throw fail(file, r.info.lines, `expected ${opts.expect} fields, found ${r.record.length}`);
      }
      return [r.info.lines, r.record];
    });
  } catch (e) {
    if (e instanceof Problem) throw e;
    const err = e as { code?: string; lines?: number; message: string };
    if (opts.dropIncompleteTail && err.code === CSV_PARSE_QUOTE_NOT_CLOSED && err.lines) {
      // Cut the text before the physical line where the unfinished record starts, and parse again.
      let at = 0;
      for (let l = 1; l < err.lines && at > 0 === l > 1; l++) at = text.indexOf('\n', at) + 1;
      const cut = text.slice(0, at);
      opts.warnings?.push(`${file}:${err.lines}: incomplete last record dropped (${err.message})`);
      return csvRows(cut, file, { ...opts, dropIncompleteTail: false });
    }
    throw fail(file, err.lines ?? '?', err.message);
  }
}

// ---- OFAC legacy CSV (SDN and consolidated non-SDN) ---------------------------------------

/** The four files of one OFAC legacy publication: primary, aliases, addresses, comments. */
export interface OfacFiles {
  readonly primary: { readonly name: string; readonly text: string };
  readonly alt?: { readonly name: string; readonly text: string };
  readonly add?: { readonly name: string; readonly text: string };
  readonly comments?: { readonly name: string; readonly text: string };
}

const nil = (v: string | undefined): string => {
  const t = (v ?? '').trim();
  return t === '-0-' ? '' : t;
};

/** OFAC ends every legacy file with a DOS end-of-file byte; without it the file was cut short. */
function ofacRows(f: { name: string; text: string }, fields: number): [number, Row][] {
  const trimmed = f.text.replace(/\s+$/, '');
  if (!trimmed.endsWith('\x1a')) {
    const lines = trimmed.split('\n').length;
    throw fail(f.name, lines, 'no end-of-file marker (0x1A): the file is truncated');
  }
  const rows = csvRows(trimmed.slice(0, -1), f.name);
  for (const [line, r] of rows) {
    if (r.length !== fields) throw fail(f.name, line, `expected ${fields} fields, found ${r.length}`);
    if (!/^\d+$/.test(r[0]!.trim())) throw fail(f.name, line, `ent_num is not a number: ${r[0]}`);
  }
  return rows;
}

const OFAC_TYPE: Record<string, EntryType> = {
  individual: 'person',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

/** Month abbreviations to their numbers ("Dec" → "12"). */
const MONTHS: Record<string, string> = Object.fromEntries(
  'jan feb mar apr may jun jul aug sep oct nov dec'
    .split(' ')
    .map((m, i) => [m, String(i + 1).padStart(2, '0')]),
);

/** "10 Dec 1948", "Dec 1948", "1948", "circa 1955", "1955 to 1960" → ISO prefixes. */
export function parseLooseDates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:(\d{1,2}) )?(?:([A-Za-z]{3})[a-z]* )?(\d{4})/g)) {
    const [, day, mon, year] = m;
    const mm = mon ? MONTHS[mon.toLowerCase()] : undefined;
    if (mm && day) out.push(`${year}-${mm}-${day.padStart(2, '0')}`);
    else if (mm) out.push(`${year}-${mm}`);
    else out.push(year!);
  }
  return out;
}

interface RemarkFacts {
  birthDates: string[];
  countries: string[];
  identifiers: EntryIdentifier[];
  weakAliases: string[];
}

const ID_SCHEME =
  /^(?:alt\. )?((?:[A-Za-z][A-Za-z./'&-]*\s){1,6}?)(?:No\.?\s)?([A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)(?:\s*\(([^)]*)\))?/;

/** Facts OFAC writes into the remarks: dates of birth, nationality, identifiers, weak aliases. */
export function parseOfacRemarks(remarks: string): RemarkFacts {
  const facts: RemarkFacts = { birthDates: [], countries: [], identifiers: [], weakAliases: [] };
  for (const raw of remarks.split(';')) {
    const part = raw.trim().replace(/\.$/, '');
    for (const m of part.matchAll(/a\.k\.a\.,? '([^']+)'/g)) facts.weakAliases.push(m[1]!);
    const dob = /^(?:alt\. )?DOB (.+)$/.exec(part);
    if (dob) {
      facts.birthDates.push(...parseLooseDates(dob[1]!));
      continue;
    }
    const nat = /^(?:alt\. )?(?:nationality|citizen) (.+)$/i.exec(part);
    if (nat) {
      facts.countries.push(nat[1]!.trim());
      continue;
    }
    if (/^(POB|Linked To|Website|Email|Gender|Title|Organization|Listing Date|Effective Date)/i.test(part))
      continue;
    const id = ID_SCHEME.exec(part);
    if (id) {
      const scheme = id[1]!.trim();
      if (/\b(DOB|POB|a\.k\.a|Date)\b/i.test(scheme)) continue;
      facts.identifiers.push({
        scheme,
        value: id[2]!,
        ...(id[3] ? { country: id[3].trim() } : {}),
      });
    }
  }
  return facts;
}

export function parseOfacLegacy(list: 'ofac-sdn' | 'ofac-cons', files: OfacFiles): WatchlistEntry[] {
  const primary = ofacRows(files.primary, 12);
  const byNum = new Map<
    string,
    {
      names: EntryName[];
      addresses: EntryAddress[];
      remarks: string;
      row: Row;
    }
  >();
  for (const [line, r] of primary) {
    const num = r[0]!.trim();
    if (!nil(r[1])) throw fail(files.primary.name, line, 'empty name');
    byNum.set(num, {
      names: [{ name: nil(r[1]), kind: 'primary' }],
      addresses: [],
      remarks: nil(r[11]),
      row: r,
    });
  }
  if (files.comments) {
    for (const [, r] of ofacRows(files.comments, 2)) {
      const e = byNum.get(r[0]!.trim());
      if (e) e.remarks += nil(r[1]);
    }
  }
  if (files.alt) {
    for (const [, r] of ofacRows(files.alt, 5)) {
      const e = byNum.get(r[0]!.trim());
      const name = nil(r[3]);
      if (e && name) e.names.push({ name, kind: /weak/i.test(nil(r[4])) ? 'weak' : 'alias' });
    }
  }
  if (files.add) {
    for (const [, r] of ofacRows(files.add, 6)) {
      const e = byNum.get(r[0]!.trim());
      if (!e) continue;
      const street = nil(r[2]);
      const cityLine = nil(r[3]);
      const country = nil(r[4]);
      const text = [street, cityLine, country].filter(Boolean).join(', ');
      if (!text) continue;
      e.addresses.push({
        text,
        ...(cityLine ? { city: cityLine.replace(/\s+[A-Z0-9-]*\d[A-Z0-9 -]*$/, '').trim() } : {}),
        ...(country ? { country } : {}),
      });
    }
  }
  const out: WatchlistEntry[] = [];
  for (const [num, e] of byNum) {
    const r = e.row;
    const facts = parseOfacRemarks(e.remarks);
    const names = [...e.names, ...facts.weakAliases.map((name) => ({ name, kind: 'weak' as const }))];
    const vesselFlag = nil(r[9]);
    const title = nil(r[4]);
    const extra: Record<string, string> = {};
    if (title) extra.title = title;
    if (nil(r[5])) extra.call_sign = nil(r[5]);
    if (nil(r[6])) extra.vessel_type = nil(r[6]);
    if (vesselFlag) extra.vessel_flag = vesselFlag;
    if (nil(r[10])) extra.vessel_owner = nil(r[10]);
    out.push({
      id: `${list}:${num}`,
      list,
      sourceId: num,
      type: OFAC_TYPE[nil(r[2]).toLowerCase()] ?? 'organization',
      names,
      addresses: e.addresses,
      countries: [...facts.countries, ...(vesselFlag ? [vesselFlag] : [])],
      identifiers: facts.identifiers,
      programs: nil(r[3])
        .replace(/^\[|\]$/g, '')
        .split('] [')
        .map((p) => p.trim())
        .filter(Boolean),
      birthDates: facts.birthDates,
      ...(e.remarks ? { remarks: e.remarks } : {}),
      ...(Object.keys(extra).length ? { extra } : {}),
    });
  }
  return out;
}

// ---- trade.gov Consolidated Screening List ------------------------------------------------

const CSL_HEADER = ['_id', 'source', 'entity_number', 'type', 'programs', 'name'];
/** Columns kept as list-specific facts; `entity_number` is OFAC's, on rows of Treasury lists. */
const CSL_EXTRA = [
  'entity_number',
  'federal_register_notice',
  'license_requirement',
  'source_list_url',
  'title',
];

const splitMulti = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/;\s*/)
    .map((s) => s.trim())
    .filter(Boolean);

export function parseCsl(text: string, file: string, opts: ParseOptions = {}): WatchlistEntry[] {
  const rows = csvRows(text, file, opts);
  const header = rows[0]?.[1];
  if (!header || CSL_HEADER.some((h, i) => header[i] !== h)) {
    throw fail(
      file,
      1,
      `not a Consolidated Screening List CSV (header starts ${JSON.stringify(header?.slice(0, 6))})`,
    );
  }
  const col = new Map(header.map((h, i) => [h, i]));
  const get = (r: Row, name: string): string => (r[col.get(name) ?? -1] ?? '').trim();
  const out: WatchlistEntry[] = [];
  const seen = new Set<string>();
  for (const [line, r] of rows.slice(1)) {
    if (r[0] === '_id') continue; // the published file repeats its header line
    if (r.length !== header.length)
      throw fail(file, line, `expected ${header.length} fields, found ${r.length}`);
    const id = get(r, '_id');
    const name = get(r, 'name');
    if (!id || !name) throw fail(file, line, 'missing _id or name');
    if (seen.has(id)) continue;
    seen.add(id);
    const type = get(r, 'type').toLowerCase();
    const addresses: EntryAddress[] = splitMulti(get(r, 'addresses')).map((a) => {
      const parts = a.split(',').map((p) => p.trim());
      const last = parts[parts.length - 1] ?? '';
      const country = /^[A-Z]{2}$/.test(last) ? last : undefined;
      const city = parts.length >= 3 ? parts[parts.length - 3] : undefined;
      return { text: a, ...(city ? { city } : {}), ...(country ? { country } : {}) };
    });
    const identifiers: EntryIdentifier[] = splitMulti(get(r, 'ids')).flatMap((s) => {
      const [scheme, value, country] = s.split(',').map((p) => p.trim());
      return scheme && value && /\d/.test(value) ? [{ scheme, value, ...(country ? { country } : {}) }] : [];
    });
    const extra: Record<string, string> = {};
    for (const k of CSL_EXTRA) {
      if (get(r, k)) extra[k] = get(r, k);
    }
    out.push({
      id: `csl:${id}`,
      list: 'csl',
      sourceId: id,
      subList: get(r, 'source'),
      type:
        type === 'individual'
          ? 'person'
          : type === 'entity'
            ? 'organization'
            : type === 'vessel'
              ? 'vessel'
              : 'unknown',
      names: [
        { name, kind: 'primary' },
        ...splitMulti(get(r, 'alt_names')).map((n) => ({ name: n, kind: 'alias' as const })),
      ],
      addresses,
      countries: [...splitMulti(get(r, 'nationalities')), ...splitMulti(get(r, 'citizenships'))],
      identifiers,
      programs: splitMulti(get(r, 'programs')),
      birthDates: splitMulti(get(r, 'dates_of_birth')).flatMap((d) =>
        /^\d{4}(-\d{2}){0,2}$/.test(d) ? [d] : parseLooseDates(d),
      ),
      ...(get(r, 'start_date') ? { listedOn: get(r, 'start_date') } : {}),
      ...(get(r, 'remarks') ? { remarks: get(r, 'remarks') } : {}),
      ...(Object.keys(extra).length ? { extra } : {}),
    });
  }
  return out;
}

// ---- BIS Denied Persons List --------------------------------------------------------------

const DPL_HEADER = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date'];

const usDate = (v: string): string => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v.trim());
  return m ? `${m[3]}-${m[1]}-${m[2]}` : '';
};

export function parseDpl(text: string, file: string): WatchlistEntry[] {
  const rows = csvRows(text, file, { delimiter: '\t' });
  const header = rows[0]?.[1];
  if (!header || DPL_HEADER.some((h, i) => header[i] !== h)) {
    throw fail(
      file,
      1,
      'not a Denied Persons List file (expected a tab-separated header Name, Street_Address, …)',
    );
  }
  const out: WatchlistEntry[] = [];
  const count = new Map<string, number>();
  for (const [line, r] of rows.slice(1)) {
    if (r.length !== header.length)
      throw fail(file, line, `expected ${header.length} fields, found ${r.length}`);
    const [name, street, city, state, country, postal, effective, expiration, , , action, fr] = r.map((v) =>
      v.trim(),
    );
    if (!name) throw fail(file, line, 'empty Name');
    // The list has no record id: name and effective date identify an order.
    const base = `${slug(name)}:${usDate(effective!) || 'undated'}`;
    const n = (count.get(base) ?? 0) + 1;
    count.set(base, n);
    const sourceId = n === 1 ? base : `${base}:${n}`;
    const text = [street, city, state, postal, country].filter(Boolean).join(', ');
    out.push({
      id: `bis-dpl:${sourceId}`,
      list: 'bis-dpl',
      sourceId,
      type: 'unknown',
      names: [{ name: name!, kind: 'primary' }],
      addresses: text ? [{ text, ...(city ? { city } : {}), ...(country ? { country } : {}) }] : [],
      countries: country ? [country] : [],
      identifiers: [],
      programs: ['DPL'],
      birthDates: [],
      ...(usDate(effective!) ? { listedOn: usDate(effective!) } : {}),
      extra: {
        ...(usDate(expiration!) ? { expires: usDate(expiration!) } : {}),
        ...(action ? { action } : {}),
        ...(fr ? { federal_register: fr } : {}),
      },
    });
  }
  return out;
}

// ---- UN Security Council consolidated list (XML) ------------------------------------------

const UN_ARRAYS = new Set([
  'individual',
  'entity',
  'individual_alias',
  'entity_alias',
  'individual_address',
  'entity_address',
  'individual_date_of_birth',
  'individual_document',
  'nationality',
  'value',
]);

type XmlNode = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
const arr = (v: unknown): XmlNode[] =>
  Array.isArray(v) ? (v as XmlNode[]) : v && typeof v === 'object' ? [v as XmlNode] : [];

export function parseUnXml(text: string, file: string): { entries: WatchlistEntry[]; asOf: string | null } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw fail(file, valid.err.line, `XML: ${valid.err.msg}`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    transformTagName: (t) => t.toLowerCase(),
    isArray: (name) => UN_ARRAYS.has(name),
  }).parse(text) as XmlNode;
  const root = doc.consolidated_list as XmlNode | undefined;
  if (!root) throw fail(file, 1, 'no CONSOLIDATED_LIST root element');
  const asOf = str(root['@dateGenerated']).slice(0, 10) || null;
  const out: WatchlistEntry[] = [];
  const people = arr((root.individuals as XmlNode | undefined)?.individual);
  const orgs = arr((root.entities as XmlNode | undefined)?.entity);
  for (const [nodes, person] of [
    [people, true],
    [orgs, false],
  ] as const) {
    for (const n of nodes) {
      const id = str(n.dataid);
      const primary = ['first_name', 'second_name', 'third_name', 'fourth_name']
        .map((k) => str(n[k]))
        .filter(Boolean)
        .join(' ');
      if (!id || !primary) throw fail(file, '?', `UN record ${id || '(no DATAID)'} has no name`);
      const names: EntryName[] = [{ name: primary, kind: 'primary' }];
      const original = str(n.name_original_script);
      if (original) names.push({ name: original, kind: 'alias' });
      for (const a of arr(n[person ? 'individual_alias' : 'entity_alias'])) {
        const name = str(a.alias_name);
        if (name) names.push({ name, kind: /low/i.test(str(a.quality)) ? 'weak' : 'alias' });
      }
      const addresses: EntryAddress[] = arr(n[person ? 'individual_address' : 'entity_address']).flatMap(
        (a) => {
          const city = str(a.city);
          const country = str(a.country);
          const t = [str(a.street), city, str(a.state_province), str(a.zip_code), country]
            .filter(Boolean)
            .join(', ');
          return t ? [{ text: t, ...(city ? { city } : {}), ...(country ? { country } : {}) }] : [];
        },
      );
      const birthDates = arr(n.individual_date_of_birth).flatMap((d) => {
        const date = str(d.date);
        if (date) return [date.slice(0, 10)];
        const year = str(d.year);
        if (year) return [year];
        const from = Number(str(d.from_year));
        const to = Number(str(d.to_year));
        return from && to && to >= from && to - from < 30
          ? Array.from({ length: to - from + 1 }, (_, i) => String(from + i))
          : [];
      });
      const identifiers: EntryIdentifier[] = arr(n.individual_document).flatMap((d) => {
        const value = str(d.number);
        const country = str(d.issuing_country) || str(d.country_of_issue);
        return value
          ? [{ scheme: str(d.type_of_document) || 'Document', value, ...(country ? { country } : {}) }]
          : [];
      });
      const nationality = arr(n.nationality).flatMap((x) => (Array.isArray(x.value) ? x.value.map(str) : []));
      out.push({
        id: `un-sc:${id}`,
        list: 'un-sc',
        sourceId: id,
        subList: str(n.un_list_type),
        type: person ? 'person' : 'organization',
        names,
        addresses,
        countries: [...new Set(nationality.filter(Boolean))],
        identifiers,
        programs: [str(n.un_list_type)].filter(Boolean),
        birthDates,
        ...(str(n.listed_on) ? { listedOn: str(n.listed_on) } : {}),
        ...(str(n.comments1) ? { remarks: str(n.comments1) } : {}),
        extra: { reference_number: str(n.reference_number) },
      });
    }
  }
  return { entries: out, asOf };
}

// ---- UFLPA Entity List and CBP Withhold Release Orders ------------------------------------

function headed(
  text: string,
  file: string,
  expected: readonly string[],
): { rows: [number, Row][]; col: Map<string, number> } {
  const rows = csvRows(text, file);
  const header = rows[0]?.[1] ?? [];
  const missing = expected.filter((h) => !header.includes(h));
  if (missing.length) throw fail(file, 1, `missing column(s) ${missing.join(', ')}`);
  for (const [line, r] of rows.slice(1)) {
    if (r.length !== header.length)
      throw fail(file, line, `expected ${header.length} fields, found ${r.length}`);
  }
  return { rows: rows.slice(1), col: new Map(header.map((h, i) => [h, i])) };
}

export function parseUflpa(text: string, file: string): WatchlistEntry[] {
  const { rows, col } = headed(text, file, ['name', 'aliases', 'list_section', 'date_added']);
  const get = (r: Row, k: string) => (r[col.get(k)!] ?? '').trim();
  return rows.map(([line, r]) => {
    const name = get(r, 'name');
    if (!name) throw fail(file, line, 'empty name');
    const aliases = splitMulti(get(r, 'aliases')).map((a) =>
      a.replace(/\s*\((?:formerly known as|former name)[^)]*\)\s*$/i, '').trim(),
    );
    const sourceId = slug(name);
    return {
      id: `uflpa:${sourceId}`,
      list: 'uflpa',
      sourceId,
      type: 'organization',
      names: [
        { name, kind: 'primary' as const },
        ...aliases.filter(Boolean).map((n) => ({ name: n, kind: 'alias' as const })),
      ],
      addresses: [],
      countries: [],
      identifiers: [],
      programs: ['UFLPA'],
      birthDates: [],
      ...(get(r, 'date_added') ? { listedOn: get(r, 'date_added') } : {}),
      extra: {
        ...(get(r, 'list_section') ? { list_section: get(r, 'list_section') } : {}),
        ...(get(r, 'federal_register_citation')
          ? { federal_register: get(r, 'federal_register_citation') }
          : {}),
        ...(get(r, 'source_url') ? { source_url: get(r, 'source_url') } : {}),
      },
    };
  });
}

export function parseWro(text: string, file: string): WatchlistEntry[] {
  const { rows, col } = headed(text, file, ['date', 'type', 'country', 'merchandise', 'entity', 'status']);
  const get = (r: Row, k: string) => (r[col.get(k)!] ?? '').trim();
  const count = new Map<string, number>();
  return rows.map(([line, r]) => {
    const entity = get(r, 'entity');
    const merchandise = get(r, 'merchandise');
    const kind = get(r, 'type');
    if (!merchandise) throw fail(file, line, 'empty merchandise');
    if (kind !== 'WRO' && kind !== 'Finding')
      throw fail(file, line, `type must be WRO or Finding, not ${JSON.stringify(kind)}`);
    const base = `${get(r, 'date') || 'undated'}:${slug(entity || merchandise).slice(0, 60)}`;
    const n = (count.get(base) ?? 0) + 1;
    count.set(base, n);
    const sourceId = n === 1 ? base : `${base}:${n}`;
    const scope = wroScopeFields({ entity, merchandise, scope: get(r, 'scope'), region: get(r, 'region') });
    if (typeof scope === 'string') throw fail(file, line, scope);
    const vessel = /\bvessel\b/i.test(merchandise) || /^(the )?vessel\b/i.test(entity);
    return {
      id: `cbp-wro:${sourceId}`,
      list: 'cbp-wro',
      sourceId,
      type: vessel ? 'vessel' : 'organization',
      // Region- or country-wide orders name no producer: kept for the forced-labor signals, not screened by name.
      names: wroEntityNames(entity),
      addresses: [],
      countries: [get(r, 'country')].filter(Boolean),
      identifiers: [],
      programs: [kind],
      birthDates: [],
      ...(get(r, 'date') ? { listedOn: get(r, 'date') } : {}),
      extra: {
        order_type: kind,
        merchandise,
        ...scope,
        ...(get(r, 'status') ? { status: get(r, 'status') } : {}),
        ...(get(r, 'source_url') ? { source_url: get(r, 'source_url') } : {}),
      },
    };
  });
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
