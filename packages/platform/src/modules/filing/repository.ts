import { findingsJson, type Finding } from '../../kernel/finding.js';
import { flat } from '../../kernel/text/flat.js';
import type { DataVersion } from '../reference/index.js';
import type { ShipmentType } from '../../kernel/shipment.js';
import type { StageCountOf } from '../../kernel/stage.js';
import type { NewDecision } from '../risk/index.js';
import { decisionBrief, selectingRules, type DecisionRecord } from '../risk/index.js';
import type { Shipment } from '../../kernel/shipment.js';
import { ledgerEntryOf } from '../trusted-trader/index.js';
import type { LedgerEntry } from '../trusted-trader/index.js';

export type FilingStatus = 'accepted' | 'rejected';

/** What identifies a filing and its outcome, stored or about to be. */
interface FilingHeader {
  readonly id: string;
  readonly tenant: string;
  readonly reference: string;
  readonly type: ShipmentType;
  readonly status: FilingStatus;
  readonly revision: number;
  readonly arrivalDate: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly createdAt: string;
}

/** A filing as stored: what was filed, what the pipeline found, and with which data. */
export interface StoredShipment extends FilingHeader {
  readonly shipment: unknown;
  readonly findings: readonly Finding[];
  readonly versions: readonly DataVersion[];
  /** The lane decision (its record as chained), when the risk stage ran. */
  readonly decision?: DecisionRecord | null;
}

/**
 * A filing ready to write, its JSON columns already serialized (so that the work can be done off
 * the writing thread). `bodyJson` may be the filing exactly as it arrived.
 */
export interface NewShipmentRow extends FilingHeader {
  readonly bodyJson: string;
  readonly findingsJson: string;
  readonly versionsJson: string;
  /** A digest of versionsJson: the same set of data versions serves many filings. */
  readonly versionsKey: string;
  /** The lane decision, appended to the decision chain when the filing is inserted. */
  readonly decision: NewDecision | null;
  /** The benefit-ledger entry of an accepted filing's decision, written in the same transaction. */
  readonly ledger: LedgerEntry | null;
  /** `{lane, score, signals, holds}` as JSON, for result lines (not stored). */
  readonly briefJson: string | null;
  /** The port of entry as filed, when it is a string (a column, for lists and counts). */
  readonly port: string | null;
  /** What the filing adds to the stages' counters (stage_counts, ADR 0029). */
  readonly counts: readonly StageCountOf[];
}

/** The port of entry of a filing as filed, if it names one. */
export function portOf(shipment: unknown): string | null {
  const t = (shipment as { transport?: { port_of_entry?: unknown } } | null)?.transport;
  return typeof t?.port_of_entry === 'string' ? t.port_of_entry : null;
}

/** The row to write for a filing, given its serialized data-version set (and, if known, its text). */
export function newShipmentRow(
  s: StoredShipment,
  versions: { readonly json: string; readonly key: string },
  bodyJson?: string,
  counts: readonly StageCountOf[] = [],
): NewShipmentRow {
  const d = s.decision;
  return {
    counts,
    briefJson: d ? flat(JSON.stringify(decisionBrief(d))) : null,
    decision: d
      ? {
          shipmentId: s.id,
          revision: s.revision,
          tenant: s.tenant,
          lane: d.lane,
          score: d.score,
          record: flat(JSON.stringify(d)),
          createdAt: s.createdAt,
          selecting: selectingRules(d),
        }
      : null,
    ledger: d && s.status === 'accepted' ? ledgerEntryOf(s.shipment as Shipment, d, s.createdAt, s) : null,
    port: portOf(s.shipment),
    id: s.id,
    tenant: s.tenant,
    reference: s.reference,
    type: s.type,
    status: s.status,
    revision: s.revision,
    arrivalDate: s.arrivalDate,
    bodyJson: bodyJson ?? JSON.stringify(s.shipment),
    findingsJson: findingsJson(s.findings),
    versionsJson: versions.json,
    versionsKey: versions.key,
    idempotencyKey: s.idempotencyKey,
    requestHash: s.requestHash,
    createdAt: s.createdAt,
  };
}

/** An event to publish, written in the same transaction as the state it announces. */
export interface OutboxEvent {
  readonly id: number;
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  readonly createdAt: string;
}

export interface ShipmentRepository {
  /**
   * Inserts filings and their `shipment.filed` outbox events in one transaction. Returns, per row,
   * whether it was inserted: false means its (tenant, idempotency key) already exists.
   */
  insertMany(rows: readonly NewShipmentRow[]): Promise<boolean[]>;
  /** A filing by id; with a tenant, only that tenant's. */
  get(id: string, tenant: string | null): Promise<StoredShipment | null>;
  findByIdempotencyKey(tenant: string, key: string): Promise<StoredShipment | null>;
  /**
   * The tenant's filings stored under any of these idempotency keys, by key (keys not used are
   * absent): a bulk chunk's retry check in one query per 500 keys, not one per line.
   */
  findByIdempotencyKeys(tenant: string, keys: readonly string[]): Promise<Map<string, StoredShipment>>;
  /** Filings of every tenant in id order, `limit` after `afterId` (for re-screening). */
  page(afterId: string | null, limit: number): Promise<StoredShipment[]>;
  count(): Promise<number>;
  /**
   * Filings newest first (created_at, then id, descending), `limit` after the keyset position
   * `after`, filtered; read through the list indexes (tenant, [lane,] created_at, id) or
   * (created_at, lane, port, id) — never a scan of the table.
   */
  list(q: ShipmentListQuery): Promise<ShipmentSummary[]>;
  /** Filings by id, without their bodies (any tenant); missing ids are left out. */
  summaries(ids: readonly string[]): Promise<ShipmentSummary[]>;
  /**
   * Filings' bodies by id (any tenant), without their decisions or data versions: what reading
   * parties in bulk needs (one query per 500 ids, not one per filing). Missing ids are left out.
   */
  bodies(ids: readonly string[]): Promise<{ id: string; tenant: string; shipment: unknown }[]>;
  /**
   * Filings created on the UTC days [from, to) (dates), counted by lane and port: a sum over the
   * counters written with each filing (filing_counts, ADR 0024), never a count of the filings.
   */
  countByLaneAndPort(
    from: string,
    to: string,
  ): Promise<{ lane: string | null; port: string | null; n: number }[]>;
  /**
   * A stage's counters summed per key over the UTC days [from, to) (dates; null: unbounded), for
   * one tenant or (null) every tenant: a sum over the rows written with each filing
   * (stage_counts, ADR 0029), a few per day and key, never a read of the filings.
   */
  stageCounts(
    stage: string,
    tenant: string | null,
    from: string | null,
    to: string | null,
  ): Promise<{ key: string; n: number }[]>;
  /**
   * How many filings stored before the stage counters are still to be counted (0: none), counted
   * up to `cap` (the backlog may hold millions).
   */
  backlogLeft(cap: number): Promise<number>;
  /** Up to `limit` of those filings, with their bodies, for the recount. */
  backlog(limit: number): Promise<{ id: string; tenant: string; createdAt: string; shipment: unknown }[]>;
  /**
   * Adds recounted filings' stage counts and takes them off the backlog, in one transaction;
   * a filing another process has taken off meanwhile is not counted twice.
   */
  recounted(
    filings: readonly { id: string; tenant: string; createdAt: string; counts: readonly StageCountOf[] }[],
  ): Promise<void>;
}

/** Where a list page starts: after this filing in the list's order. */
export interface ListPosition {
  readonly createdAt: string;
  readonly id: string;
}

export interface ShipmentListQuery {
  /** Only this tenant's filings; null: every tenant's (officers). */
  readonly tenant: string | null;
  readonly status?: FilingStatus | undefined;
  readonly lane?: string | undefined;
  /** Exactly this reference. */
  readonly reference?: string | undefined;
  /** Filed at or after this instant (ISO 8601). */
  readonly from?: string | undefined;
  /** Filed before this instant (ISO 8601). */
  readonly to?: string | undefined;
  readonly after?: ListPosition | null | undefined;
  readonly limit: number;
}

/** A filing in a list: what identifies it and its outcome, not its body. */
export interface ShipmentSummary {
  readonly id: string;
  readonly tenant: string;
  readonly reference: string;
  readonly type: string;
  readonly status: FilingStatus;
  readonly lane: string | null;
  readonly port: string | null;
  readonly arrivalDate: string;
  readonly createdAt: string;
}

export interface OutboxRepository {
  /** Oldest unpublished events first. */
  pending(limit: number): Promise<OutboxEvent[]>;
  /**
   * Claims up to `limit` unpublished events nobody holds (or whose claim ended before `now`) until
   * `until`, oldest first: relays in several processes each get their own (PostgreSQL:
   * `FOR UPDATE SKIP LOCKED`; SQLite: one writer at a time).
   */
  claim(limit: number, now: string, until: string): Promise<OutboxEvent[]>;
  markPublished(ids: readonly number[], at: string): Promise<void>;
  /** How many events wait to be published, and when the oldest was written (index outbox_pending). */
  backlog(): Promise<{ pending: number; oldestAt: string | null }>;
}
