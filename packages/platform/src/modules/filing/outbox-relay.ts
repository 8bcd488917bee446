import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../kernel/ports.js';
import type { OutboxRepository } from './repository.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface OutboxStore {
  readonly outbox: OutboxRepository;
}

/**
 * Moves committed outbox events to the bus, oldest first; marks them published only after the bus
 * accepted them (at-least-once: consumers are idempotent by shipment id + revision). Relays in
 * several processes each claim their own events for a lease; one that dies mid-batch lets its
 * events go when the lease ends, and the bus drops the copy it may have published already (the
 * message id is the outbox event id).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: OutboxStore,
    private readonly bus: Bus,
    private readonly clock: Clock,
    private readonly batch = 500,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly opts: {
      /** How long a claimed batch is this relay's (default 30 s). */
      readonly leaseMs?: number;
      /** Each published event's lag: from its commit to the bus's acknowledgement, in ms. */
      readonly onLag?: (lagMs: readonly number[]) => void;
    } = {},
  ) {}

  /** Publishes one batch; returns how many events it moved. */
  async once(): Promise<number> {
    const now = this.clock.now();
    const until = new Date(Date.parse(now) + (this.opts.leaseMs ?? 30_000)).toISOString();
    const events = await this.store.outbox.claim(this.batch, now, until);
    if (events.length === 0) return 0;
    await this.bus.publish(
      events.map((e) => ({ topic: e.topic, key: e.key, payload: e.payload, id: `outbox-${e.id}` })),
    );
    const at = this.clock.now();
    await this.store.outbox.markPublished(
      events.map((e) => e.id),
      at,
    );
    const done = Date.parse(at);
    this.opts.onLag?.(events.map((e) => Math.max(0, done - Date.parse(e.createdAt))));
    return events.length;
  }

  start(intervalMs = 200): void {
    const tick = async () => {
      this.running = this.once();
      let moved = 0;
      try {
        moved = await this.running;
      } catch (err) {
        moved = 0; // the next tick retries; nothing was marked published
        this.onError(err);
      }
      this.running = null;
      if (this.timer !== null) this.timer = setTimeout(tick, moved === this.batch ? 0 : intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
