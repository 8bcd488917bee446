/** One record of a watch list, in the one model every list is normalized to. */

/** The watch lists Tradelane reads, by data set name. */
export const WATCHLISTS = ['ofac-sdn', 'ofac-cons', 'csl', 'bis-dpl', 'un-sc', 'uflpa', 'cbp-wro'] as const;
export type WatchlistName = (typeof WATCHLISTS)[number];
/** Lists whose hits are forced-labor signals rather than denied-party hits. */
export const FORCED_LABOR_LISTS: ReadonlySet<string> = new Set(['uflpa', 'cbp-wro']);

export type EntryType = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';
export type NameKind = 'primary' | 'alias' | 'weak';

export interface EntryName {
  readonly name: string;
  readonly kind: NameKind;
}

export interface EntryAddress {
  /** The address as published, one line. */
  readonly text: string;
  readonly city?: string;
  readonly country?: string;
}

export interface EntryIdentifier {
  /** As the publisher names it: "Passport", "Tax ID No.", "LEI", "IMO"… */
  readonly scheme: string;
  readonly value: string;
  readonly country?: string;
}

export interface WatchlistEntry {
  /** Stable across loads: `${list}:${sourceId}`. */
  readonly id: string;
  /** Data set the entry came from (ofac-sdn, csl, un-sc, …). */
  readonly list: string;
  /** The publisher's own record id: OFAC ent_num, UN DATAID, CSL _id, … */
  readonly sourceId: string;
  /** Sub-list inside a combined publication (CSL source, UN regime), when there is one. */
  readonly subList?: string;
  readonly type: EntryType;
  readonly names: readonly EntryName[];
  readonly addresses: readonly EntryAddress[];
  /** Countries as published (names or ISO codes): nationality, citizenship, addresses. */
  readonly countries: readonly string[];
  readonly identifiers: readonly EntryIdentifier[];
  readonly programs: readonly string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly birthDates: readonly string[];
  readonly listedOn?: string;
  readonly remarks?: string;
  /**
   * Extra facts a list carries (UFLPA sub-list, …). Withhold Release Orders: `order_type`,
   * `merchandise`, `status`, and the order's scope — `scope` (entity, region or product),
   * `region` (the area a region order names) and `scope_basis` (how it was read: wro-scope.ts).
   */
  readonly extra?: Readonly<Record<string, string>>;
}
