import type { WatchlistEntry } from '../screening/index.js';
import type { TariffRow } from '../tariff/index.js';

export type SnapshotStatus = 'active' | 'superseded' | 'failed';

/** One load of one data set: where from, which edition, checksum and counts. */
export interface SnapshotMeta {
  readonly id: string;
  readonly dataset: string;
  readonly source: string;
  readonly edition: string | null;
  readonly effectiveFrom: string | null;
  readonly asOf: string;
  readonly sha256: string;
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly status: SnapshotStatus;
  readonly error: string | null;
  /** Defects tolerated on the operator's instruction (an incomplete last record dropped). */
  readonly notes?: readonly string[];
  readonly createdAt: string;
}

export interface RefdataRepository {
  /**
   * Stores the rows and makes the snapshot active in one transaction; the previous active snapshot
   * of the same data set (and edition) becomes superseded.
   */
  saveTariff(meta: SnapshotMeta, rows: readonly TariffRow[]): Promise<void>;
  saveCodeList(meta: SnapshotMeta, entries: readonly (readonly [string, string])[]): Promise<void>;
  saveWatchlist(meta: SnapshotMeta, entries: readonly WatchlistEntry[]): Promise<void>;
  /** Stores a small data set whole (a JSON document) and makes the snapshot active. */
  saveDocument(meta: SnapshotMeta, body: unknown): Promise<void>;
  document(snapshotId: string): Promise<unknown>;
  /** Records a load whose rows live elsewhere (registry data) as the active snapshot. */
  saveMeta(meta: SnapshotMeta): Promise<void>;
  /** Records a failed load; the active snapshot stays as it was. */
  recordFailure(meta: SnapshotMeta): Promise<void>;
  list(): Promise<SnapshotMeta[]>;
  active(): Promise<SnapshotMeta[]>;
  tariffRows(snapshotId: string): Promise<TariffRow[]>;
  codeList(snapshotId: string): Promise<[string, string][]>;
  /**
   * A watch-list snapshot's entries in order: each entry's id and its JSON as saved
   * (`JSON.stringify` of the entry; the index parses an entry when it reports it).
   */
  watchlistJson(snapshotId: string): Promise<{ ids: string[]; bodies: string[] }>;
}
