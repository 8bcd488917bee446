import type { Bus, BusMessage } from '../../platform/bus/bus.js';
import type { Clock } from '../../kernel/ports.js';
import type { OutboxEvent, OutboxRepository } from './repository.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface OutboxStore {
  readonly outbox: OutboxRepository;
}

/** At most this many filings in a message made of several `shipment.filed` events. */
export const MAX_MESSAGE_SHIPMENTS = 500;

/**
 * The messages a claimed batch becomes, in order: runs of consecutive `shipment.filed` events
 * joined into one message of at most `maxShipments` filings (a server under load writes one event
 * per group commit, a dozen filings each: joined, the consumers write a few hundred filings'
 * party links in one transaction instead of a dozen each). Any other event is a message of its
 * own, and so is an event that alone holds more filings than the cap. A joined message's id names
 * its first and last event; consumers are idempotent by shipment id + revision, so a batch that is
 * claimed again after a relay died and joined otherwise is harmless.
 */
export function relayMessages(
  events: readonly OutboxEvent[],
  maxShipments = MAX_MESSAGE_SHIPMENTS,
): BusMessage[] {
  const out: BusMessage[] = [];
  let run: { first: OutboxEvent; last: OutboxEvent; shipments: unknown[] } | null = null;
  const flush = () => {
    if (!run) return;
    out.push(
      run.first === run.last
        ? messageOf(run.first)
        : {
            topic: run.first.topic,
            key: run.first.key,
            payload: { shipments: run.shipments },
            id: `outbox-${run.first.id}-${run.last.id}`,
          },
    );
    run = null;
  };
  for (const e of events) {
    const shipments = filedShipments(e);
    if (!shipments) {
      flush();
      out.push(messageOf(e));
      continue;
    }
    if (run && run.shipments.length + shipments.length > maxShipments) flush();
    if (run) {
      run.shipments.push(...shipments);
      run.last = e;
    } else run = { first: e, last: e, shipments: [...shipments] };
  }
  flush();
  return out;
}

const messageOf = (e: OutboxEvent): BusMessage => ({
  topic: e.topic,
  key: e.key,
  payload: e.payload,
  id: `outbox-${e.id}`,
});

/** The filings a `shipment.filed` event announces, or null for any other event. */
function filedShipments(e: OutboxEvent): readonly unknown[] | null {
  if (e.topic !== 'shipment.filed') return null;
  const s = (e.payload as { shipments?: unknown } | null)?.shipments;
  return Array.isArray(s) ? s : null;
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
    await this.bus.publish(relayMessages(events));
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
