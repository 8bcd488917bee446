/**
 * Evidence beside the name: country, birth year, type (declared or read from the name's words),
 * identifiers and city; and the threshold that applies to an entry.
 */
import type { CountryResolver } from './countries.js';
import type { EntryType, WatchlistEntry } from './entry.js';
import { normalizeName, type NormalizedName } from './normalize.js';
import { EVIDENCE, type Contribution } from './score.js';

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

/** The prepared facts of the entries (EntryFacts.data), one element per entry. */
export interface EntryFactsData {
  readonly countries: (readonly string[])[];
  readonly birthYears: (readonly number[])[];
  readonly cities: (readonly string[])[];
  readonly types: EntryType[];
  readonly byIdentifier: Map<string, number[]>;
}

/** Whether a value is the facts of `entries` entries (a cached one is checked). */
export function isEntryFactsData(v: unknown, entries: number): v is EntryFactsData {
  const d = v as Partial<EntryFactsData> | null;
  const perEntry = [d?.countries, d?.birthYears, d?.cities, d?.types];
  return (
    perEntry.every((a) => Array.isArray(a) && a.length === entries) &&
    d!.countries!.every((a) => Array.isArray(a)) &&
    d!.birthYears!.every((a) => Array.isArray(a)) &&
    d!.cities!.every((a) => Array.isArray(a)) &&
    d!.byIdentifier instanceof Map
  );
}

/** The facts of each entry that evidence is weighed against, prepared when an index is built. */
export class EntryFacts {
  private readonly countries: (readonly string[])[] = [];
  private readonly birthYears: (readonly number[])[] = [];
  private readonly cities: (readonly string[])[] = [];
  /** The entry's type, or for an untyped entry (the BIS lists) what its names say. */
  private readonly types: EntryType[] = [];
  readonly byIdentifier = new Map<string, number[]>();

  /** `data`: the facts of the same entries prepared earlier (the artefact cache; EntryFacts.data). */
  constructor(
    entries: readonly WatchlistEntry[],
    resolver: CountryResolver,
    hintOf: (name: string) => NormalizedName['hint'] = (name) => normalizeName(name).hint,
    data?: EntryFactsData,
  ) {
    if (data) {
      this.countries = data.countries;
      this.birthYears = data.birthYears;
      this.cities = data.cities;
      this.types = data.types;
      this.byIdentifier = data.byIdentifier;
      return;
    }
    entries.forEach((e, ei) => {
      this.types.push(
        e.type !== 'unknown'
          ? e.type
          : e.names.some((n) => hintOf(n.name) === 'organization')
            ? 'organization'
            : 'unknown',
      );
      const cs = new Set<string>();
      for (const c of e.countries) {
        const code = resolver.resolve(c);
        if (code) cs.add(code);
      }
      for (const a of e.addresses) {
        const code = resolver.resolve(a.country);
        if (code) cs.add(code);
      }
      this.countries.push([...cs]);
      this.birthYears.push(
        e.birthDates.map((d) => Number(d.slice(0, 4))).filter((y) => Number.isInteger(y) && y > 1000),
      );
      this.cities.push(
        e.addresses.flatMap((a) => (a.city ? [normalizeName(a.city).tokens.join(' ')] : [])).filter((c) => c),
      );
      for (const id of e.identifiers) {
        const v = normalizeIdentifier(id.value);
        if (v.length < 4) continue;
        const list = this.byIdentifier.get(v);
        if (list) {
          if (list[list.length - 1] !== ei) list.push(ei);
        } else this.byIdentifier.set(v, [ei]);
      }
    });
  }

  /** The prepared facts as plain data (kept by the artefact cache). */
  data(): EntryFactsData {
    return {
      countries: this.countries,
      birthYears: this.birthYears,
      cities: this.cities,
      types: this.types,
      byIdentifier: this.byIdentifier,
    };
  }

  /** The score change from the evidence, each contribution appended to `out`. */
  weigh(p: QueryEvidence, ei: number, entry: WatchlistEntry, out: Contribution[]): number {
    let delta = 0;
    const add = (feature: Contribution['feature'], contribution: number, detail: string) => {
      delta += contribution;
      out.push({ feature, contribution, detail });
    };
    const ids = p.ids.filter((v) => this.byIdentifier.get(v)?.includes(ei));
    if (ids.length > 0) add('identifier', EVIDENCE.identifierMatch, `identifier ${ids[0]} is on the entry`);
    const cs = this.countries[ei]!;
    if (p.country && cs.length > 0) {
      if (cs.includes(p.country)) add('country', EVIDENCE.countryMatch, `${p.country} is on the entry`);
      else add('country', EVIDENCE.countryMismatch, `${p.country} not among ${cs.join(', ')}`);
    }
    const years = this.birthYears[ei]!;
    if (p.birthYear !== null && years.length > 0) {
      if (years.some((y) => Math.abs(y - p.birthYear!) <= 1)) {
        add('birth_date', EVIDENCE.birthYearMatch, `born ${years.join(' or ')}`);
      } else add('birth_date', EVIDENCE.birthYearMismatch, `entry born ${years.join(' or ')}`);
    }
    if (p.type && p.type !== 'unknown') {
      if (entry.type !== 'unknown' && p.type !== entry.type) {
        add('type', EVIDENCE.typeMismatch, `entry is a ${entry.type}`);
      }
    } else if (p.hint && this.types[ei] !== 'unknown' && p.hint !== this.types[ei]) {
      add(
        'type_hint',
        EVIDENCE.typeHintMismatch,
        `the name reads as ${p.hint === 'person' ? 'a person' : 'an organization'}; the entry is ${
          entry.type === 'unknown' ? 'named as ' : ''
        }a ${this.types[ei]}`,
      );
    }
    if (p.cityText) {
      const city = this.cities[ei]!.find((c) => p.cityText.includes(` ${c} `));
      if (city) add('city', EVIDENCE.cityMatch, `city ${city} is on the entry`);
    }
    return delta;
  }
}
