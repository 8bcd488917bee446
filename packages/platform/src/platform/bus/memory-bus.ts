import {
  DEAD_LETTER_TOPIC,
  defaultBackoff,
  errorText,
  type Bus,
  type BusMessage,
  type BusOptions,
  type BusStats,
  type DeadLetter,
  type Delivered,
  type Handler,
  type SubscribeOptions,
} from './bus.js';

interface Group {
  readonly name: string;
  readonly handlers: Handler[];
  next: number;
  /** Delivered and not yet handled (retries waiting included). */
  pending: number;
}

/**
 * The embedded bus: delivers in process, in publish order. A group's handlers take turns; a
 * failed delivery is retried after the backoff while the process lives, then dead-lettered.
 * Deduplication remembers the last `dedupWindow` ids.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory';
  readonly stats: BusStats = { published: 0, delivered: 0, redelivered: 0, deadLettered: 0 };
  private readonly groups = new Map<string, Map<string, Group>>();
  private readonly live = new Map<string, Handler[]>();
  private readonly seen = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly maxDeliver: number;
  private readonly backoff: (n: number) => number;
  private seq = 0;
  private closed = false;

  constructor(
    opts: BusOptions = {},
    private readonly dedupWindow = 100_000,
  ) {
    this.maxDeliver = opts.maxDeliver ?? 5;
    this.backoff = opts.backoffMs ?? defaultBackoff;
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    for (const m of messages) {
      if (this.closed) throw new Error('bus closed');
      const id = m.id ?? `mem-${++this.seq}`;
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      if (this.seen.size > this.dedupWindow) this.seen.delete(this.seen.values().next().value!);
      this.stats.published++;
      for (const h of this.live.get(m.topic) ?? []) {
        await h({ ...m, id, deliveries: 1 }).catch(() => undefined);
      }
      for (const g of this.groups.get(m.topic)?.values() ?? []) {
        g.pending++;
        await this.deliver(g, { topic: m.topic, key: m.key, payload: m.payload, id, deliveries: 1 });
      }
    }
  }

  private async deliver(g: Group, m: Delivered): Promise<void> {
    const h = g.handlers[g.next++ % g.handlers.length]!;
    this.stats.delivered++;
    if (m.deliveries > 1) this.stats.redelivered++;
    try {
      await h(m);
      g.pending--;
    } catch (err) {
      if (m.deliveries >= this.maxDeliver) {
        g.pending--;
        this.stats.deadLettered++;
        const dead: DeadLetter = { ...m, group: g.name, error: errorText(err) };
        await this.publish([
          { topic: DEAD_LETTER_TOPIC, key: m.key, id: `dead:${g.name}:${m.id}`, payload: dead },
        ]).catch(() => undefined);
        return;
      }
      if (this.closed) return;
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (!this.closed) void this.deliver(g, { ...m, deliveries: m.deliveries + 1 });
      }, this.backoff(m.deliveries));
      this.timers.add(t);
    }
  }

  async subscribe(topic: string, handler: Handler, opts: SubscribeOptions = {}): Promise<void> {
    if (opts.group === undefined) {
      this.live.set(topic, [...(this.live.get(topic) ?? []), handler]);
      return;
    }
    const groups = this.groups.get(topic) ?? new Map<string, Group>();
    const g = groups.get(opts.group) ?? { name: opts.group, handlers: [], next: 0, pending: 0 };
    g.handlers.push(handler);
    groups.set(opts.group, g);
    this.groups.set(topic, groups);
  }

  async pending(topic: string, group: string): Promise<number> {
    return this.groups.get(topic)?.get(group)?.pending ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.groups.clear();
    this.live.clear();
  }
}
