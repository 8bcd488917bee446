/** The hash before the first decision. */
export const GENESIS = '0'.repeat(64);

/** A decision to append (the store numbers and chains it). */
export interface NewDecision {
  readonly shipmentId: string;
  readonly revision: number;
  readonly tenant: string;
  readonly lane: string;
  readonly score: number;
  /** The decision record exactly as hashed (JSON text). */
  readonly record: string;
  readonly createdAt: string;
  /**
   * An automated decision's selecting rules (and RANDOM), when its writer has them at hand: what
   * the rule counters add (rule_counts). Absent, they are read from the record. Not stored.
   */
  readonly selecting?: readonly string[];
}

/** A lane decision as stored: one link of the append-only, hash-chained log. */
export interface StoredDecision extends NewDecision {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * What a link's hash covers: the previous hash, the link's number, the filing and revision, the
 * lane and the record. Any edit of a stored row, or a row removed or inserted, breaks the chain.
 */
export function chainText(prevHash: string, seq: number, d: NewDecision): string {
  return `${prevHash}\n${seq}\n${d.shipmentId}\n${d.revision}\n${d.tenant}\n${d.lane}\n${d.score}\n${d.createdAt}\n${d.record}`;
}

export interface DecisionRepository {
  /** Appends decisions to the chain, in order, in one transaction. */
  append(rows: readonly NewDecision[]): Promise<StoredDecision[]>;
  /** A filing's decisions, oldest first. */
  forShipment(shipmentId: string): Promise<StoredDecision[]>;
  /** The decisions of several filings, each filing's oldest first. */
  forShipments(shipmentIds: readonly string[]): Promise<StoredDecision[]>;
  /** The chain from a sequence number on, in order (for verification). */
  chain(afterSeq: number, limit: number): Promise<StoredDecision[]>;
  /** The newest links with this lane, newest first, below `beforeSeq` when given (the queue). */
  byLane(lane: string, limit: number, beforeSeq?: number): Promise<StoredDecision[]>;
  /** The chain's head: the last sequence number and hash. */
  head(): Promise<{ seq: number; hash: string }>;
  /**
   * Per rule, the sums of its counters (rule_counts, ADR 0029) over the UTC days from `from`
   * (inclusive) to `to` (exclusive); null: unbounded.
   */
  ruleCounts(
    from?: string | null,
    to?: string | null,
  ): Promise<{ rule: string; selected: number; exams: number; found: number }[]>;
  /** How many links stored before the rule counters are still to be counted (0: none). */
  ruleBacklog(): Promise<number>;
  /**
   * Counts up to `limit` of those links into the rule counters and moves the backlog past them,
   * in one transaction (processes side by side take turns on the backlog's row). Returns how
   * many are left.
   */
  recountRules(limit: number): Promise<number>;
  /** Rule sets by the SHA-256 of their text, kept for replay. */
  saveRuleSet(sha256: string, version: string, body: string, at: string): Promise<void>;
  ruleSet(sha256: string): Promise<string | null>;
}
