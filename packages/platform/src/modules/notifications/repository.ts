/** A filer's webhook: where status changes of its filings are posted, signed with its secret. */
export interface Webhook {
  readonly id: string;
  readonly tenant: string;
  readonly url: string;
  readonly secret: string;
  /** Event types it wants (`shipment.decided`, `shipment.status`). */
  readonly events: readonly string[];
  readonly createdAt: string;
}

export interface Delivery {
  readonly id: number;
  readonly webhookId: string;
  readonly eventId: string;
  readonly payload: string;
  readonly attempts: number;
  readonly nextAt: string;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly lastError: string | null;
}

/** What became of a registration within the tenant's limit (`addWithin`). */
export type AddOutcome = 'added' | 'limit' | 'duplicate';

export interface WebhookRepository {
  /**
   * Adds the webhook unless its tenant already has `limit` active ones (`limit`), or an active one
   * with the same URL and the same events, in the same order (`duplicate`). Counted and added
   * atomically: registrations side by side, in any process, never leave more than `limit`.
   */
  addWithin(w: Webhook, limit: number): Promise<AddOutcome>;
  list(tenant: string): Promise<Webhook[]>;
  /** Soft delete: deliveries already queued are dropped. */
  remove(tenant: string, id: string, at: string): Promise<boolean>;
  /** Active webhooks of these tenants. */
  forTenants(tenants: readonly string[]): Promise<Webhook[]>;
  /** Queues deliveries; one per (webhook, event) — a replayed event is not delivered twice. */
  enqueue(
    rows: readonly { webhookId: string; eventId: string; payload: string; at: string }[],
  ): Promise<void>;
  /**
   * Claims pending deliveries due at `now`, oldest first, with their webhook: each is hidden from
   * every other caller until `leaseUntil` (its `next_at` moves there), so that processes delivering
   * side by side never post one delivery twice; one that dies holding it lets it go at the lease end.
   */
  due(now: string, limit: number, leaseUntil: string): Promise<(Delivery & { webhook: Webhook })[]>;
  /** Records an attempt: delivered, or retried at `nextAt`, or given up. */
  settle(
    id: number,
    outcome: {
      status: Delivery['status'];
      attempts: number;
      nextAt: string;
      error: string | null;
      at: string;
    },
  ): Promise<void>;
  deliveries(webhookId: string, limit: number): Promise<Delivery[]>;
}
