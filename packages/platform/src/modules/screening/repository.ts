import type { ScreenQuery } from './domain/screening-index.js';

/** An officer's decision that a (party, list entry) pair is not a true match. */
export interface ScreeningDecision {
  readonly id: string;
  readonly tenant: string;
  /** Digest of the party's screened data: a changed party is screened afresh. */
  readonly partyKey: string;
  readonly entryId: string;
  /** Digest of the entry as decided on: a changed entry is flagged again. */
  readonly entryHash: string;
  readonly decision: 'false_positive';
  readonly reason: string;
  readonly officer: string;
  readonly createdAt: string;
}

/** One hit as remembered for a party, to tell new hits from known ones on re-screening. */
export interface RememberedHit {
  readonly entryId: string;
  readonly entryHash: string;
  readonly score: number;
}

/** A party seen in a filing, with what it was last screened against. */
export interface ScreenedParty {
  readonly tenant: string;
  readonly partyKey: string;
  readonly party: ScreenQuery;
  /** Where it was seen last (a shipment id). */
  readonly seenIn: string;
  readonly hits: readonly RememberedHit[];
  /** Key of the list versions it was last screened with. */
  readonly listsKey: string;
  readonly screenedAt: string;
}

export interface ScreeningAlert {
  readonly id: string;
  readonly tenant: string;
  readonly partyKey: string;
  readonly party: ScreenQuery;
  readonly seenIn: string;
  readonly entryId: string;
  readonly list: string;
  readonly score: number;
  readonly matchedName: string;
  /** The list versions that produced the hit. */
  readonly listsKey: string;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
}

export interface ScreeningRepository {
  addDecision(d: ScreeningDecision): Promise<void>;
  decisionsFor(tenant: string, partyKey: string): Promise<ScreeningDecision[]>;
  /** Every decision (they are few: officers make them one by one). */
  allDecisions(): Promise<ScreeningDecision[]>;
  /** Inserts or replaces the remembered state of parties. */
  upsertParties(parties: readonly ScreenedParty[]): Promise<void>;
  /** Parties in key order, `limit` at a time after `afterKey` (for re-screening in pages). */
  parties(afterKey: { tenant: string; partyKey: string } | null, limit: number): Promise<ScreenedParty[]>;
  party(tenant: string, partyKey: string): Promise<ScreenedParty | null>;
  addAlerts(alerts: readonly ScreeningAlert[]): Promise<void>;
  /** Alerts newest first; `open` true: unacknowledged only, false: acknowledged only, absent: all. */
  alerts(tenant: string | null, opts: { open?: boolean; limit: number }): Promise<ScreeningAlert[]>;
  acknowledgeAlert(tenant: string, id: string, at: string): Promise<boolean>;
}
