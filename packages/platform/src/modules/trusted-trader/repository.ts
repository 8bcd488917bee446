import type { LedgerCell, LedgerFacts, LedgerHours } from './domain/benefit-report.js';
import type { LedgerEntry } from './domain/ledger.js';
import type { Member, MemberEvent } from './domain/lifecycle.js';
import type { MapFinding, NexusFinding, SupplyChain } from './domain/supply-chain.js';

/** A supply-chain map as stored, with its shape warnings and its last nexus check. */
export interface StoredSupplyChain {
  readonly member: string;
  readonly product: string;
  readonly map: SupplyChain;
  readonly warnings: readonly MapFinding[];
  readonly nexus: readonly NexusFinding[];
  /** When the nexus was last checked, and against which list versions. */
  readonly checkedAt: string;
  readonly lists: readonly string[];
  readonly updatedAt: string;
}

export interface TrustedTraderRepository {
  /** A new member (an application) and its first event. */
  insert(m: Member, event: MemberEvent): Promise<void>;
  /**
   * Writes a changed member and its events if the stored version is still `expectedVersion`;
   * false when someone else changed it first (nothing is written).
   */
  update(m: Member, expectedVersion: number, events: readonly MemberEvent[]): Promise<boolean>;
  get(id: string): Promise<Member | null>;
  /** Members, oldest application first; a tenant's only when given. */
  list(filter: { tenant?: string | null; status?: string | undefined }): Promise<Member[]>;
  /** A member's events (all members' when no id), oldest first. */
  events(memberId?: string): Promise<MemberEvent[]>;
  putSupplyChain(row: StoredSupplyChain): Promise<void>;
  supplyChain(memberId: string, product: string): Promise<StoredSupplyChain | null>;
  supplyChains(memberId?: string): Promise<StoredSupplyChain[]>;
  /**
   * A cheap digest of the program's state: it changes whenever a member, an event or a map is
   * written (by any process), so that a process reloads them only then.
   */
  changeStamp(): Promise<string>;
}

/** One decision in the benefit ledger (built by the domain's ledgerEntryOf). */
export type { LedgerEntry };

/** What happened to the goods after the decision (officers' actions, or the simulator's draws). */
export interface LedgerOutcome {
  readonly shipmentId: string;
  readonly exam?: boolean;
  readonly held?: boolean;
  readonly releasedAt?: string;
}

/** Which entries: decided in [from, to), and with a sequence number in (afterSeq, throughSeq]. */
export interface LedgerRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly afterSeq?: number | undefined;
  readonly throughSeq?: number | undefined;
}

/** What the report does with each cell, hours count and entry not yet folded into cells. */
export interface CellVisitor {
  cell(c: LedgerCell): void;
  hours(h: LedgerHours): void;
  entry(r: LedgerFacts): void;
}

/** Whole months, `YYYY-MM`: from (inclusive) to (exclusive). */
export interface LedgerMonths {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface BenefitLedgerRepository {
  /** Appends entries (the filing's transaction appends its own; see ShipmentRepository). */
  append(rows: readonly LedgerEntry[]): Promise<void>;
  /** Records outcomes on the latest entry of each filing; the count of entries changed. */
  outcomes(rows: readonly LedgerOutcome[]): Promise<number>;
  /** Entries after `afterSeq` in order, `limit` at most, within the range when given. */
  scan(
    afterSeq: number,
    limit: number,
    range?: LedgerRange,
  ): Promise<{ readonly last: number; readonly rows: readonly LedgerFacts[] }>;
  /**
   * Every entry decided in [from, to), in order, to `visit` (which must not keep the object: it
   * may be reused). Returns how many were visited.
   */
  each(range: LedgerRange, visit: (r: LedgerFacts) => void): Promise<number>;
  /**
   * The months in [from, to) (`YYYY-MM`; all when absent) as the report reads them (ADR 0033):
   * the ledger's cells, their release hours other than 0, and the entries not yet folded into
   * cells, one by one. No visitor may keep the object it is given. Returns how many cells and
   * entries were visited.
   */
  cells(months: LedgerMonths, visit: CellVisitor): Promise<number>;
  /**
   * Folds up to `limit` entries not yet in the cells into them, in one transaction; how many
   * sequence numbers that moved past (0: none was left). Where the cells are kept with each
   * write (PostgreSQL) none is ever left.
   */
  fold(limit: number): Promise<number>;
  /** The last entry's sequence number (0 when empty): the ledger is split into parts by it. */
  lastSeq(): Promise<number>;
  entry(shipmentId: string): Promise<LedgerEntry | null>;
  count(): Promise<number>;
}
