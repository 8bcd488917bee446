import type { Finding } from '../domain/finding.js';
import type { DataVersion } from '../domain/reference.js';
import type { ShipmentType } from '../domain/shipment.js';

export type FilingStatus = 'accepted' | 'rejected';

/** A filing as stored: what was filed, what the pipeline found, and with which data. */
export interface StoredShipment {
  readonly id: string;
  readonly tenant: string;
  readonly reference: string;
  readonly type: ShipmentType;
  readonly status: FilingStatus;
  readonly revision: number;
  readonly arrivalDate: string;
  readonly shipment: unknown;
  readonly findings: readonly Finding[];
  readonly versions: readonly DataVersion[];
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly createdAt: string;
}

/**
 * A filing ready to write, its JSON columns already serialized (so that the work can be done off
 * the writing thread). `bodyJson` may be the filing exactly as it arrived.
 */
export interface NewShipmentRow {
  readonly id: string;
  readonly tenant: string;
  readonly reference: string;
  readonly type: ShipmentType;
  readonly status: FilingStatus;
  readonly revision: number;
  readonly arrivalDate: string;
  readonly bodyJson: string;
  readonly findingsJson: string;
  readonly versionsJson: string;
  /** A digest of versionsJson: the same set of data versions serves many filings. */
  readonly versionsKey: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly createdAt: string;
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
  count(): Promise<number>;
}

export interface OutboxRepository {
  /** Oldest unpublished events first. */
  pending(limit: number): Promise<OutboxEvent[]>;
  markPublished(ids: readonly number[], at: string): Promise<void>;
}
