/**
 * Partner-agency (PGA) requirements: which agencies flag a tariff line, whether their data is
 * required or may be, which disclaim codes are allowed, and what the filer should do — explained,
 * and biased toward filing when unsure. Catalogues are data (CBP's flag codes, disclaim codes and
 * HTS flags as loaded); inferred interest is labelled as such, never presented as CBP's flag.
 */
import { sharedDetails, type Finding } from '../../../kernel/finding.js';
import {
  agencySpec,
  messageSetFindings,
  obligationMode,
  type DeclarationView,
  type MessageSetPolicy,
  type MessageSetRecords,
} from './pga-message-set.js';
import type { Shipment } from '../../../kernel/shipment.js';
import { htsDigits } from '../../../kernel/hts-code.js';
import { deepFreeze } from '../../../kernel/frozen.js';

export type Requirement = 'required' | 'may' | 'unknown';

export interface PgaFlag {
  readonly code: string;
  readonly agency: string;
  readonly program: string;
  readonly meaning: string;
  /** As the catalogue states it: yes, no, conditional, or '' when no source says. */
  readonly disclaimAllowed: string;
}

export interface DisclaimCode {
  readonly code: string;
  readonly meaning: string;
  /** Agencies and programs a source ties the code to, as written. */
  readonly agencies: string;
}

export interface HtsFlagRule {
  /** HTS digits the rule covers (a heading, a subheading or a full number). */
  readonly prefix: string;
  /** Flag codes; empty when the source names the agency but not the code. */
  readonly flags: readonly string[];
  readonly agency: string;
  readonly note: string;
}

export interface InferenceRule {
  readonly prefix: string;
  readonly agency: string;
  readonly program: string;
  readonly reason: string;
  readonly authority: string;
}

export interface PgaCatalogue {
  readonly flags: ReadonlyMap<string, PgaFlag>;
  readonly disclaims: ReadonlyMap<string, DisclaimCode>;
  readonly rules: readonly HtsFlagRule[];
  readonly inference: readonly InferenceRule[];
  /** Rules and inference by prefix: a number is looked up by its 10 to 2 first digits. */
  readonly rulesByPrefix: ReadonlyMap<string, readonly HtsFlagRule[]>;
  readonly inferenceByPrefix: ReadonlyMap<string, readonly InferenceRule[]>;
  /** What each agency program's message set must carry, and the documents agencies want. */
  readonly messageSets: MessageSetPolicy | null;
}

function byPrefix<T extends { prefix: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(it.prefix, [...(m.get(it.prefix) ?? []), it]);
  return m;
}

/** Entries whose prefix starts the number, longest prefix first. */
function matching<T>(index: ReadonlyMap<string, readonly T[]>, hts: string): T[] {
  const out: T[] = [];
  for (let len = Math.min(10, hts.length); len >= 2; len--) {
    const hit = index.get(hts.slice(0, len));
    if (hit) out.push(...hit);
  }
  return out;
}

export function buildCatalogue(
  flags: readonly PgaFlag[],
  disclaims: readonly DisclaimCode[],
  rules: readonly HtsFlagRule[],
  inference: readonly InferenceRule[],
  messageSets: MessageSetPolicy | null = null,
): PgaCatalogue {
  return {
    messageSets,
    flags: new Map(flags.map((f) => [f.code, f])),
    disclaims: new Map(disclaims.map((d) => [d.code, d])),
    rules,
    inference,
    rulesByPrefix: byPrefix(rules),
    inferenceByPrefix: byPrefix(inference),
  };
}

/**
 * Required or may: the catalogue's own wording first ("always require", "is required", "may"),
 * then ACE's convention that a flag ending in 1 means data may be required and its pair ending in 2
 * that it is required (FD1/FD2, AQ1/AQ2, DT1/DT2, EP1/EP2).
 */
export function requirementOf(f: PgaFlag | undefined, code: string): Requirement {
  const m = (f?.meaning ?? '').toLowerCase();
  if (/always require|is required|are required|believes .* is required|will be rejected|rejection/.test(m)) {
    return 'required';
  }
  if (/\bmay\b|conditional|likely/.test(m)) return 'may';
  if (code.endsWith('1')) return 'may';
  if (code.endsWith('2')) return 'required';
  return 'unknown';
}

/** Disclaim codes limited to one agency (ACE Agency Tariff Code Reference Guide). */
const CODE_AGENCY: Readonly<Record<string, RegExp>> = { E: /\bFWS\b/, F: /\bFDA\b/, G: /APHIS/ };

/** The disclaim codes a flag accepts: none on a required flag or where the catalogue says no. */
export function allowedDisclaims(
  cat: PgaCatalogue,
  flag: PgaFlag | undefined,
  req: Requirement,
  agency: string,
): string[] {
  if (req === 'required' || flag?.disclaimAllowed === 'no') return [];
  return [...cat.disclaims.keys()].filter((c) => !CODE_AGENCY[c] || CODE_AGENCY[c].test(agency)).sort();
}

export interface AgencyDetermination {
  readonly agency: string;
  readonly program: string;
  readonly flags: readonly { code: string | null; requirement: Requirement; meaning: string }[];
  /** `cbp`: a flag loaded from CBP's data; `inferred`: our inference from the tariff. */
  readonly basis: 'cbp' | 'inferred';
  readonly requirement: Requirement;
  readonly allowedDisclaims: readonly string[];
  readonly recommendation: {
    readonly action: 'file' | 'file_or_disclaim';
    readonly disclaim?: string;
    readonly reasons: readonly string[];
  };
}

export interface Determination {
  readonly hts: string;
  readonly agencies: readonly AgencyDetermination[];
}

const rank: Record<Requirement, number> = { required: 2, unknown: 1, may: 0 };

/** Determinations already made, per catalogue and number: every line of every filing asks. */
const determined = new WeakMap<PgaCatalogue, Map<string, Determination>>();
/**
 * Numbers kept per catalogue: every statistical line of the tariff (19,768 in the 2026 edition)
 * with room to spare. A line's answer is ~160 bytes of JSON on average (three in four flag no
 * agency) and ~1.5 KB at most with its findings' details and their text, so the memo holds at most
 * ~50 MB however many other numbers filers send (it then starts again).
 */
const DETERMINED_MAX = 40_000;

/**
 * What the agencies want for one tariff line (10 digits, no dots). A catalogue never changes, so
 * each number's answer is made once and shared (frozen: no caller may change what others read).
 */
export function determine(cat: PgaCatalogue, hts: string): Determination {
  let memo = determined.get(cat);
  if (memo === undefined) determined.set(cat, (memo = new Map()));
  let d = memo.get(hts);
  if (d === undefined) {
    d = deepFreeze(determineOnce(cat, hts));
    if (memo.size >= DETERMINED_MAX) memo.clear();
    memo.set(hts, d);
  }
  return d;
}

function determineOnce(cat: PgaCatalogue, hts: string): Determination {
  const byAgency = new Map<
    string,
    {
      program: string;
      flags: { code: string | null; requirement: Requirement; meaning: string }[];
      flag?: PgaFlag;
    }
  >();
  for (const r of matching(cat.rulesByPrefix, hts)) {
    const codes = r.flags.length > 0 ? r.flags : [null];
    for (const code of codes) {
      const f = code ? cat.flags.get(code) : undefined;
      const agency = f?.agency ?? r.agency;
      const entry = byAgency.get(agency) ?? { program: f?.program ?? '', flags: [] };
      if (entry.flags.some((x) => x.code === code)) continue;
      entry.flags.push({
        code,
        requirement: code ? requirementOf(f, code) : 'unknown',
        meaning: f?.meaning || (code ? '' : `flagged by ${r.agency}; the source does not give the flag code`),
      });
      if (f && !entry.flag) entry.flag = f;
      byAgency.set(agency, entry);
    }
  }
  const agencies: AgencyDetermination[] = [];
  for (const [agency, e] of byAgency) {
    const requirement = e.flags.reduce<Requirement>(
      (acc, f) => (rank[f.requirement] > rank[acc] ? f.requirement : acc),
      'may',
    );
    const allowed = allowedDisclaims(cat, e.flag, requirement, agency);
    agencies.push({
      agency,
      program: e.program,
      flags: e.flags,
      basis: 'cbp',
      requirement,
      allowedDisclaims: allowed,
      recommendation: recommend(requirement, allowed),
    });
  }
  if (agencies.length === 0) {
    // No CBP flag loaded for this number: the tariff's chapter or heading suggests an interest.
    const seen = new Set<string>();
    for (const r of matching(cat.inferenceByPrefix, hts)) {
      if (seen.has(r.agency)) continue;
      seen.add(r.agency);
      agencies.push({
        agency: r.agency,
        program: r.program,
        flags: [{ code: null, requirement: 'unknown', meaning: `inferred: ${r.reason} (${r.authority})` }],
        basis: 'inferred',
        requirement: 'unknown',
        allowedDisclaims: [],
        recommendation: {
          action: 'file_or_disclaim',
          reasons: [
            `no CBP flag is loaded for ${hts}; ${r.agency} likely has an interest: ${r.reason}`,
            'check the agency flags in ACE for this number before filing',
          ],
        },
      });
    }
  }
  return { hts, agencies };
}

function recommend(req: Requirement, allowed: readonly string[]): AgencyDetermination['recommendation'] {
  if (req === 'required') {
    return { action: 'file', reasons: ['the flag says the data is required; a disclaim is not accepted'] };
  }
  if (req === 'unknown') {
    return {
      action: 'file',
      reasons: ['whether the data is required is not known: file it (safer than a reject)'],
    };
  }
  return allowed.includes('A')
    ? {
        action: 'file_or_disclaim',
        disclaim: 'A',
        reasons: [
          'the data may be required: file it if the product is regulated, else disclaim with A (not regulated)',
        ],
      }
    : { action: 'file', reasons: ['the data may be required and no disclaim code is known to fit: file it'] };
}

/** One declaration for a line: the agency's message set, or a disclaim (both with a PG01). */
export interface PgaDeclaration extends DeclarationView {
  readonly flag?: string | undefined;
  readonly message_set?: (MessageSetRecords & Readonly<Record<string, unknown>>) | undefined;
}

const sameAgency = (a: string, b: string): boolean => {
  const norm = (s: string) =>
    s
      .toUpperCase()
      .replace(/^USDA\s+/, '')
      .split(/\s+/)[0]!;
  return norm(a) === norm(b);
};

/** The declarations of a line that answer one agency. */
export function declarationsFor<T extends { agency: string }>(declared: readonly T[], agency: string): T[] {
  return declared.filter((x) => sameAgency(x.agency, agency));
}

/** The PGA stage: every line against the agencies that flag it, with the remedy. */
export function pgaFindings(s: Shipment, cat: PgaCatalogue | null): Finding[] {
  if (!cat) return [];
  return s.lines.flatMap((line, i) => {
    const hts = htsDigits(line.hts);
    // The validation stage reports malformed numbers.
    if (!/^\d{10}$/.test(hts)) return [];
    return lineFindings(cat, hts, line.pga ?? [], `lines[${i}]`, entryType(s));
  });
}

/** The entry type a filing states (CBP's two digits, e.g. "01", "11", "21"), if any. */
function entryType(s: Shipment): string | undefined {
  const t = (s as { entry_type?: unknown }).entry_type;
  return typeof t === 'string' ? t : undefined;
}

const detailsOf = new WeakMap<AgencyDetermination, Readonly<Record<string, unknown>>>();

/** A finding's details for an agency's determination: made once, shared and serialized once. */
function findingDetails(a: AgencyDetermination): Readonly<Record<string, unknown>> {
  let d = detailsOf.get(a);
  if (d === undefined) {
    d = sharedDetails({
      agency: a.agency,
      program: a.program,
      basis: a.basis,
      flags: a.flags,
      allowed_disclaims: a.allowedDisclaims,
      recommendation: a.recommendation,
    });
    detailsOf.set(a, d);
  }
  return d;
}

/** The PGA findings of one line: its declarations against what the agencies want. */
export function lineFindings(
  cat: PgaCatalogue,
  hts: string,
  declared: readonly PgaDeclaration[],
  at: string,
  entry?: string,
): Finding[] {
  const out: Finding[] = [];
  const d = determine(cat, hts);
  declared.forEach((decl, j) => {
    const p = `${at}.pga[${j}]`;
    out.push(...messageSetFindings(cat.messageSets, decl, p, { entryType: entry }));
    if (decl.disclaim && !cat.disclaims.has(decl.disclaim)) {
      out.push({
        code: 'PGA_DISCLAIM_UNKNOWN',
        severity: 'error',
        path: `${p}.disclaim`,
        message: `unknown disclaim code "${decl.disclaim}"; known: ${[...cat.disclaims.keys()].join(', ')}`,
      });
    }
    if (decl.flag && !cat.flags.has(decl.flag)) {
      out.push({
        code: 'PGA_FLAG_UNKNOWN',
        severity: 'warning',
        path: `${p}.flag`,
        message: `flag "${decl.flag}" is not in the loaded catalogue`,
      });
    }
    if (!d.agencies.some((a) => sameAgency(a.agency, decl.agency))) {
      out.push({
        code: 'PGA_AGENCY_NOT_FLAGGED',
        severity: 'warning',
        path: `${p}.agency`,
        message: `${decl.agency} does not flag ${hts}: the declaration is not needed`,
      });
    }
  });
  for (const a of d.agencies) {
    const decls = declarationsFor(declared, a.agency);
    const data = decls.some((x) => x.message_set && !x.disclaim);
    const disclaim = decls.find((x) => x.disclaim && !x.message_set)?.disclaim;
    const details = findingDetails(a);
    if (a.basis === 'inferred') {
      if (!data && !disclaim) {
        out.push({
          code: 'PGA_INFERRED_INTEREST',
          severity: 'info',
          path: `${at}.hts`,
          message: a.recommendation.reasons.join('; '),
          details,
        });
      }
      continue;
    }
    if (disclaim && !a.allowedDisclaims.includes(disclaim)) {
      out.push({
        code: 'PGA_DISCLAIM_NOT_ALLOWED',
        severity: 'error',
        path: `${at}.pga`,
        message: `${a.agency} does not accept disclaim ${disclaim} here (${a.requirement === 'required' ? 'the flag requires the data' : `allowed: ${a.allowedDisclaims.join(', ') || 'none'}`})`,
        details,
      });
    } else if (!data && !disclaim) {
      out.push(
        a.requirement !== 'required'
          ? {
              code: 'PGA_DATA_OR_DISCLAIM',
              severity: 'warning',
              path: `${at}.pga`,
              message: `${a.agency} ${a.requirement === 'may' ? 'may require' : 'flags'} ${hts}: ${a.recommendation.reasons[0]}`,
              details,
            }
          : {
              code: 'PGA_DATA_REQUIRED',
              severity: 'error',
              path: `${at}.pga`,
              message: `${a.agency} requires its PGA message set for ${hts} (flag ${a.flags.map((f) => f.code ?? 'not stated').join(', ')}): ${a.recommendation.reasons[0]}`,
              details,
            },
      );
    }
  }
  return out;
}

/** One agency's answer for a line, in the shape filers ask for before filing. */
export interface AgencyAnswer {
  readonly agency: string;
  readonly program: string;
  readonly flag: string | null;
  readonly flags: readonly string[];
  readonly requirement: 'required' | 'may';
  /** False when no source states whether the data is required (then treated as required). */
  readonly requirement_stated: boolean;
  readonly source: 'cbp_flag' | 'inferred';
  readonly allowed_disclaims: readonly string[];
  /** The PG01 agency code and the programs whose message set may answer this agency. */
  readonly message_set: { readonly pg01_agency: string; readonly programs: readonly string[] } | null;
  readonly recommendation: {
    readonly action: 'file' | 'disclaim';
    readonly code?: string;
    readonly reasons: readonly string[];
  };
}

export interface ShipmentDetermination {
  readonly reference: string | null;
  readonly lines: readonly { line: number; hts: string; agencies: readonly AgencyAnswer[] }[];
  /** What ACE would reject: errors of the PGA stage. */
  readonly rejects: readonly { code: string; path: string; message: string }[];
  readonly warnings: readonly { code: string; path: string; message: string }[];
}

function answer(
  cat: PgaCatalogue,
  a: AgencyDetermination,
  decls: readonly PgaDeclaration[],
  entry: string | undefined,
): AgencyAnswer {
  const spec = agencySpec(cat.messageSets, a.agency);
  const codes = a.flags.map((f) => f.code).filter((c): c is string => c !== null);
  const meaning = (c: string) => cat.disclaims.get(c)?.meaning || c;
  let rec: AgencyAnswer['recommendation'];
  const declared = decls.find((d) => d.disclaim && a.allowedDisclaims.includes(d.disclaim))?.disclaim;
  if (a.basis === 'inferred') {
    rec = { action: 'file', reasons: [...a.recommendation.reasons] };
  } else if (a.requirement !== 'may') {
    rec = { action: 'file', reasons: [...a.recommendation.reasons] };
  } else if (declared) {
    rec = {
      action: 'disclaim',
      code: declared,
      reasons: [
        `the data may be required and the disclaim you declared (${declared}: ${meaning(declared)}) is accepted`,
      ],
    };
  } else if (entry === '21' && a.allowedDisclaims.includes('F') && spec?.agency === 'FDA') {
    rec = {
      action: 'disclaim',
      code: 'F',
      reasons: [
        'entry type 21: US goods returned to a warehouse without leaving the US may be disclaimed with F',
      ],
    };
  } else {
    rec = {
      action: 'file',
      reasons: [
        decls.some((d) => d.message_set && !d.disclaim)
          ? 'the data may be required and you send it: keep it'
          : `the data may be required: file it if ${a.agency} regulates the product` +
            (a.allowedDisclaims.includes('A') ? `; if it does not, disclaim with A (${meaning('A')})` : ''),
      ],
    };
  }
  return {
    agency: a.agency,
    program: a.program,
    flag: codes[0] ?? null,
    flags: codes,
    requirement: a.requirement === 'may' ? 'may' : 'required',
    requirement_stated: a.requirement !== 'unknown',
    source: a.basis === 'cbp' ? 'cbp_flag' : 'inferred',
    allowed_disclaims: a.allowedDisclaims,
    message_set: spec ? { pg01_agency: spec.pg01_code, programs: spec.programs.map((p) => p.program) } : null,
    recommendation: rec,
  };
}

const brief = (f: Finding) => ({ code: f.code, path: f.path, message: f.message });

/** What determineShipment reads of a filing. */
export interface PgaQuery {
  readonly reference: string | null;
  readonly entry_type?: unknown;
  readonly lines: readonly { readonly hts: string; readonly pga?: readonly PgaDeclaration[] | undefined }[];
}

/** Per shipment: what every line's agencies want, and what the declared PGA data would get. */
export function determineShipment(cat: PgaCatalogue, s: PgaQuery): ShipmentDetermination {
  const entry = typeof s.entry_type === 'string' ? s.entry_type : undefined;
  const lines: ShipmentDetermination['lines'][number][] = [];
  const findings: Finding[] = [];
  s.lines.forEach((line, i) => {
    const hts = htsDigits(line.hts);
    if (!/^\d{10}$/.test(hts)) {
      findings.push({
        code: 'HTS_INVALID_FORMAT',
        severity: 'error',
        path: `lines[${i}].hts`,
        message: `"${line.hts}" is not a 10-digit HTS number`,
      });
      return;
    }
    const declared = line.pga ?? [];
    const d = determine(cat, hts);
    lines.push({
      line: i,
      hts,
      agencies: d.agencies.map((a) => answer(cat, a, declarationsFor(declared, a.agency), entry)),
    });
    findings.push(...lineFindings(cat, hts, declared, `lines[${i}]`, entry));
  });
  return {
    reference: s.reference,
    lines,
    rejects: findings.filter((f) => f.severity === 'error').map(brief),
    warnings: findings.filter((f) => f.severity !== 'error').map(brief),
  };
}

/** One agency's paperless tally over filings. */
export interface PaperlessTally {
  agency: string;
  /** Line obligations flagged by CBP for this agency. */
  obligations: number;
  electronic: number;
  paper: number;
  missing: number;
  /** Documents uploaded for this agency (all electronic). */
  documents: number;
}

/** An agency's tally in `into` (by the message-set policy's name for it), made empty at first. */
function tallyOf(cat: PgaCatalogue, into: Map<string, PaperlessTally>): (agency: string) => PaperlessTally {
  return (agency) => {
    const key = agencySpec(cat.messageSets, agency)?.agency ?? agency;
    let t = into.get(key);
    if (!t)
      into.set(key, (t = { agency: key, obligations: 0, electronic: 0, paper: 0, missing: 0, documents: 0 }));
    return t;
  };
}

/**
 * Adds one filing to the per-agency tallies: each CBP-flagged (line, agency) obligation met
 * electronically (message set, or a disclaim other than D), on paper (disclaim D, or a permit the
 * agency still wants as a paper original) or not at all.
 */
export function tallyPaperless(cat: PgaCatalogue, s: PgaQuery, into: Map<string, PaperlessTally>): void {
  const get = tallyOf(cat, into);
  for (const line of s.lines) {
    const hts = htsDigits(line.hts);
    if (!/^\d{10}$/.test(hts)) continue;
    for (const a of determine(cat, hts).agencies) {
      if (a.basis !== 'cbp') continue;
      const t = get(a.agency);
      t.obligations++;
      t[obligationMode(cat.messageSets, a.agency, declarationsFor(line.pga ?? [], a.agency))]++;
    }
  }
}

const MODES = ['obligations', 'electronic', 'paper', 'missing'] as const;

/**
 * What one filing adds to the PGA stage's counters (stage_counts, ADR 0029): `filings` one, and per
 * agency `AGENCY:obligations`, `:electronic`, `:paper`, `:missing` — its CBP-flagged line
 * obligations as tallyPaperless counts them, with the catalogue in force when it was filed.
 */
export function paperlessCounts(cat: PgaCatalogue, s: PgaQuery): { key: string; n: number }[] {
  const tallies = new Map<string, PaperlessTally>();
  tallyPaperless(cat, s, tallies);
  const out = [{ key: 'filings', n: 1 }];
  for (const t of tallies.values())
    for (const m of MODES) if (t[m] > 0) out.push({ key: `${t.agency}:${m}`, n: t[m] });
  return out;
}

/**
 * The per-agency tallies from the summed counters: the PGA stage's (paperlessCounts) and the
 * documents' (key: the agency a document was uploaded for, '' for none).
 */
export function paperlessFromCounts(
  cat: PgaCatalogue,
  pga: readonly { key: string; n: number }[],
  documents: readonly { key: string; n: number }[],
): { filings: number; tallies: PaperlessTally[] } {
  const into = new Map<string, PaperlessTally>();
  const get = tallyOf(cat, into);
  let filings = 0;
  for (const { key, n } of pga) {
    if (key === 'filings') {
      filings += n;
      continue;
    }
    const at = key.lastIndexOf(':');
    const mode = key.slice(at + 1) as (typeof MODES)[number];
    if (at > 0 && MODES.includes(mode)) get(key.slice(0, at))[mode] += n;
  }
  for (const { key, n } of documents) if (key) get(key).documents += n;
  return { filings, tallies: [...into.values()] };
}

/** Paperless rate: obligations met electronically over those met at all (null when none was). */
export function paperlessRate(t: PaperlessTally): number | null {
  const met = t.electronic + t.paper;
  return met === 0 ? null : t.electronic / met;
}

/** The PGA inference rules shipped as policy data, with their version. */
export interface PgaInference {
  readonly version: string;
  readonly sha256: string;
  readonly rules: readonly InferenceRule[];
  readonly messageSets?: MessageSetPolicy | null;
  readonly messageSetsSha256?: string;
}
