/** What the screen is asked and what it answers. */
import type { EntryType, NameKind, WatchlistEntry } from './entry.js';
import type { Contribution, NameScore } from './score.js';

export interface ScreenQuery {
  readonly name: string;
  readonly country?: string | undefined;
  readonly type?: EntryType | undefined;
  readonly address?: string | undefined;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly birthDate?: string | undefined;
  readonly identifiers?: readonly string[] | undefined;
}

/** One listed party that matched: its primary entry, every entry that lists it, and why. */
export interface ScreenMatch {
  /** The primary publisher's entry (OFAC before the CSL's copy; see consolidate.ts). */
  readonly entry: WatchlistEntry;
  /** Every entry that lists the party, the primary first. */
  readonly sources: readonly WatchlistEntry[];
  /** The entry whose name matched best (the primary or another source). */
  readonly matchedEntry: WatchlistEntry;
  readonly score: number;
  readonly threshold: number;
  readonly matchedName: string;
  readonly nameKind: NameKind;
  readonly explanation: {
    readonly name: NameScore;
    readonly features: readonly Contribution[];
  };
}

export interface ScreenOptions {
  /** Report matches at or above this score instead of each entry's threshold. */
  readonly minScore?: number;
  readonly limit?: number;
}
