/**
 * Evidence beside the name: country, birth year, type (declared or read from the name's words),
 * identifiers and city; and the threshold that applies to an entry.
 */
import type { CountryResolver } from './countries.js';
import type { EntryType, WatchlistEntry } from './entry.js';
import { normalizeName, type NormalizedName } from './normalize.js';
import { EVIDENCE, type Contribution } from './score.js';
import { isOffsets } from '../../../kernel/offsets.js';

export interface ScreeningThresholds {
  /** Policy version, recorded with every decision. */
  readonly version: string;
  readonly default: number;
  /** Per list (data set name), overriding the default. */
  readonly lists?: Readonly<Record<string, number>>;
  /** Per program (OFAC program, UN regime, …), overriding the list; the lowest applies. */
  readonly programs?: Readonly<Record<string, number>>;
}

/** The threshold of an entry: the lowest of its programs' thresholds, else its list's, else the default. */
export function thresholdFor(e: WatchlistEntry, t: ScreeningThresholds): number {
  let th: number | undefined;
  for (const p of e.programs) {
    const v = t.programs?.[p];
    if (v !== undefined && (th === undefined || v < th)) th = v;
  }
  return th ?? t.lists?.[e.list] ?? t.default;
}

export const normalizeIdentifier = (v: string): string => v.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();

/** What the query says beside its name, prepared once. */
export interface QueryEvidence {
  readonly country: string | null;
  readonly type: EntryType | null;
  /** The type the name's own words suggest (legal form, "Group", a title). */
  readonly hint: 'organization' | 'person' | null;
  readonly birthYear: number | null;
  readonly cityText: string;
  readonly ids: readonly string[];
}

/** Entry types as codes (EntryFactsData). */
const TYPES: readonly EntryType[] = ['person', 'organization', 'vessel', 'aircraft', 'unknown'];
const UNKNOWN = TYPES.indexOf('unknown');
const NONE: readonly number[] = [];
const typeCode = (t: EntryType): number => {
  const c = TYPES.indexOf(t);
  return c < 0 ? UNKNOWN : c;
};

/**
 * The prepared facts of the entries (EntryFacts.data) in few objects (ADR 0039): entry `e`'s
 * countries are `countries[countryStart[e] .. countryStart[e + 1])`, likewise its birth years and
 * cities; types as codes of {@link TYPES}.
 */
export interface EntryFactsData {
  readonly countryStart: Int32Array;
  readonly countries: string[];
  readonly yearStart: Int32Array;
  readonly years: Int32Array;
  readonly cityStart: Int32Array;
  readonly cities: string[];
  /** The type as published. */
  readonly declared: Uint8Array;
  /** The type weighed: as published, or for an untyped entry (the BIS lists) what its names say. */
  readonly types: Uint8Array;
  /** A normalized identifier: the entry that carries it, or -(k + 1) for several (`shared[k]`). */
  readonly byIdentifier: Map<string, number>;
  readonly shared: number[][];
}

/** Whether a value is the facts of `entries` entries (a cached one is checked). */
export function isEntryFactsData(v: unknown, entries: number): v is EntryFactsData {
  const d = v as Partial<EntryFactsData> | null;
  const csr = (start: unknown, values: unknown): boolean =>
    (Array.isArray(values) || values instanceof Int32Array) && isOffsets(start, entries, values.length);
  const entry = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < entries;
  return (
    !!d &&
    csr(d.countryStart, d.countries) &&
    d.years instanceof Int32Array &&
    csr(d.yearStart, d.years) &&
    csr(d.cityStart, d.cities) &&
    d.countries!.every((x) => typeof x === 'string') &&
    d.cities!.every((x) => typeof x === 'string') &&
    [d.declared, d.types].every(
      (a) => a instanceof Uint8Array && a.length === entries && a.every((t) => t < TYPES.length),
    ) &&
    Array.isArray(d.shared) &&
    d.shared.every((l) => Array.isArray(l) && l.length > 1 && l.every(entry)) &&
    d.byIdentifier instanceof Map &&
    [...d.byIdentifier].every(
      ([k, x]) =>
        typeof k === 'string' && (entry(x) || (Number.isInteger(x) && x < 0 && -x - 1 < d.shared!.length)),
    )
  );
}

/** The facts of each entry that evidence is weighed against, prepared when an index is built. */
export class EntryFacts {
  constructor(private readonly d: EntryFactsData) {}

  /** Prepares the facts of `entries` (in index order). */
  static build(
    entries: readonly WatchlistEntry[],
    resolver: CountryResolver,
    hintOf: (name: string) => NormalizedName['hint'] = (name) => normalizeName(name).hint,
  ): EntryFacts {
    const n = entries.length;
    const d = {
      countryStart: new Int32Array(n + 1),
      countries: [] as string[],
      yearStart: new Int32Array(n + 1),
      cityStart: new Int32Array(n + 1),
      cities: [] as string[],
      declared: new Uint8Array(n),
      types: new Uint8Array(n),
      byIdentifier: new Map<string, number>(),
      shared: [] as number[][],
    };
    const years: number[] = [];
    entries.forEach((e, ei) => {
      const type =
        e.type !== 'unknown'
          ? e.type
          : e.names.some((n) => hintOf(n.name) === 'organization')
            ? 'organization'
            : 'unknown';
      d.declared[ei] = typeCode(e.type);
      d.types[ei] = typeCode(type);
      const cs = new Set<string>();
      for (const c of e.countries) {
        const code = resolver.resolve(c);
        if (code) cs.add(code);
      }
      for (const a of e.addresses) {
        const code = resolver.resolve(a.country);
        if (code) cs.add(code);
      }
      d.countries.push(...cs);
      d.countryStart[ei + 1] = d.countries.length;
      for (const b of e.birthDates) {
        const y = Number(b.slice(0, 4));
        if (Number.isInteger(y) && y > 1000) years.push(y);
      }
      d.yearStart[ei + 1] = years.length;
      for (const a of e.addresses) {
        const city = a.city ? normalizeName(a.city).tokens.join(' ') : '';
        if (city) d.cities.push(city);
      }
      d.cityStart[ei + 1] = d.cities.length;
      for (const id of e.identifiers) {
        const v = normalizeIdentifier(id.value);
        if (v.length < 4) continue;
        const at = d.byIdentifier.get(v);
        if (at === undefined) d.byIdentifier.set(v, ei);
        else if (at >= 0) {
          if (at === ei) continue;
          d.shared.push([at, ei]);
          d.byIdentifier.set(v, -d.shared.length);
        } else {
          const list = d.shared[-at - 1]!;
          if (list[list.length - 1] !== ei) list.push(ei);
        }
      }
    });
    return new EntryFacts({ ...d, years: Int32Array.from(years) });
  }

  /** The prepared facts as plain data (kept by the artefact cache). */
  data(): EntryFactsData {
    return this.d;
  }

  /** The entries that carry a normalized identifier, in order. */
  withIdentifier(v: string): readonly number[] {
    const at = this.d.byIdentifier.get(v);
    return at === undefined ? NONE : at >= 0 ? [at] : this.d.shared[-at - 1]!;
  }

  /** Whether entry `ei` carries a normalized identifier. */
  private carries(v: string, ei: number): boolean {
    const at = this.d.byIdentifier.get(v);
    return at === undefined ? false : at >= 0 ? at === ei : this.d.shared[-at - 1]!.includes(ei);
  }

  /** The countries (ISO codes) entry `ei` names. */
  countriesOf(ei: number): string[] {
    return this.d.countries.slice(this.d.countryStart[ei], this.d.countryStart[ei + 1]);
  }

  /** The score change from the evidence, each contribution appended to `out`. */
  weigh(p: QueryEvidence, ei: number, out: Contribution[]): number {
    const d = this.d;
    let delta = 0;
    const add = (feature: Contribution['feature'], contribution: number, detail: string) => {
      delta += contribution;
      out.push({ feature, contribution, detail });
    };
    const id = p.ids.find((v) => this.carries(v, ei));
    if (id !== undefined) add('identifier', EVIDENCE.identifierMatch, `identifier ${id} is on the entry`);
    const c0 = d.countryStart[ei]!;
    const c1 = d.countryStart[ei + 1]!;
    if (p.country && c1 > c0) {
      let has = false;
      for (let i = c0; i < c1 && !has; i++) has = d.countries[i] === p.country;
      if (has) add('country', EVIDENCE.countryMatch, `${p.country} is on the entry`);
      else
        add('country', EVIDENCE.countryMismatch, `${p.country} not among ${this.countriesOf(ei).join(', ')}`);
    }
    const y0 = d.yearStart[ei]!;
    const y1 = d.yearStart[ei + 1]!;
    if (p.birthYear !== null && y1 > y0) {
      let near = false;
      for (let i = y0; i < y1 && !near; i++) near = Math.abs(d.years[i]! - p.birthYear) <= 1;
      const years = d.years.subarray(y0, y1).join(' or ');
      if (near) add('birth_date', EVIDENCE.birthYearMatch, `born ${years}`);
      else add('birth_date', EVIDENCE.birthYearMismatch, `entry born ${years}`);
    }
    const declared = TYPES[d.declared[ei]!]!;
    const type = TYPES[d.types[ei]!]!;
    if (p.type && p.type !== 'unknown') {
      if (declared !== 'unknown' && p.type !== declared) {
        add('type', EVIDENCE.typeMismatch, `entry is a ${declared}`);
      }
    } else if (p.hint && d.types[ei] !== UNKNOWN && p.hint !== type) {
      add(
        'type_hint',
        EVIDENCE.typeHintMismatch,
        `the name reads as ${p.hint === 'person' ? 'a person' : 'an organization'}; the entry is ${
          declared === 'unknown' ? 'named as ' : ''
        }a ${type}`,
      );
    }
    if (p.cityText) {
      for (let i = d.cityStart[ei]!; i < d.cityStart[ei + 1]!; i++) {
        const city = d.cities[i]!;
        if (p.cityText.includes(` ${city} `)) {
          add('city', EVIDENCE.cityMatch, `city ${city} is on the entry`);
          break;
        }
      }
    }
    return delta;
  }
}
