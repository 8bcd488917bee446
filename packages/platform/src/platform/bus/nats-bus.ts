import type * as JetStream from '@nats-io/jetstream';
import type {
  Consumer,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import type * as Transport from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  DEAD_LETTER_TOPIC,
  defaultBackoff,
  errorText,
  type Bus,
  type BusMessage,
  type BusOptions,
  type BusStats,
  type DeadLetter,
  type Handler,
  type SubscribeOptions,
} from './bus.js';

/** The two client modules, loaded by `openBus` only when a nats:// URL asks for them. */
export interface NatsModules {
  readonly transport: typeof Transport;
  readonly jetstream: typeof JetStream;
}

export interface NatsBusOptions extends BusOptions {
  readonly url: string;
  /** Subject prefix and stream name: deployments (and test runs) sharing one server differ here. */
  readonly prefix?: string;
  /** A delivery not acknowledged within this is given to another consumer (default 30 s). */
  readonly ackWaitMs?: number;
  /** How long the stream keeps messages (default 7 days). */
  readonly maxAgeMs?: number;
  /** Publish deduplication window (default 2 min). */
  readonly duplicateWindowMs?: number;
  readonly onError?: (err: unknown, context: string) => void;
}

const nanos = (ms: number) => Math.round(ms * 1_000_000);
const token = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

interface Body {
  readonly key: string;
  readonly payload: unknown;
  readonly id: string;
}

/**
 * The scale-out bus on NATS JetStream. One stream holds every topic (`<prefix>.<topic>`); each group
 * is a durable pull consumer per topic, shared by every process that subscribes with that group, so
 * each message is handled once across them. Handlers' failures are nak'ed with the backoff; at
 * `maxDeliver` the message is published to the dead-letter topic and terminated. A live
 * subscription is an ordered consumer from now on (the event stream of every node).
 *
 * A group member takes ONE message at a time, when its handler is free, and tells the server it is
 * still working on it every third of the ack wait: the ack wait runs out only when the process died
 * (or froze). It used to take 64 ahead of its handler (`consume`); with a slow handler they waited
 * there past the ack wait, were delivered again and again, and once the server's delivery bound was
 * reached it gave up on them: a worker killed then lost them (the fault run of docs/operations.md).
 * The server bounds nothing now; a message handed out more than `maxDeliver + 2` times without an
 * answer (every member that took it died) is dead-lettered, never dropped in silence.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats';
  readonly stats: BusStats = { published: 0, delivered: 0, redelivered: 0, deadLettered: 0 };
  private readonly subs: { stop: () => void; loop: Promise<void> }[] = [];
  /** Group messages this process holds (taken, not yet answered): kept alive on the server. */
  private readonly held = new Set<JsMsg>();
  private heartbeat: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly maxDeliver: number;
  private readonly backoff: (n: number) => number;
  private readonly stream: string;
  private readonly prefix: string;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly mods: NatsModules,
    private readonly opts: NatsBusOptions,
  ) {
    this.maxDeliver = opts.maxDeliver ?? 5;
    this.backoff = opts.backoffMs ?? defaultBackoff;
    this.prefix = token(opts.prefix ?? 'tradelane');
    this.stream = this.prefix.toUpperCase();
  }

  /** Connects and makes sure the stream exists with these settings. */
  static async open(mods: NatsModules, opts: NatsBusOptions): Promise<NatsBus> {
    const nc = await mods.transport.connect({
      servers: opts.url.replace(/^nats:\/\//, ''),
      name: `tradelane-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    try {
      const jsm = await mods.jetstream.jetstreamManager(nc);
      const bus = new NatsBus(nc, mods.jetstream.jetstream(nc), jsm, mods, opts);
      await bus.ensureStream();
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private async ensureStream(): Promise<void> {
    const cfg = {
      subjects: [`${this.prefix}.>`],
      max_age: nanos(this.opts.maxAgeMs ?? 7 * 86_400_000),
      duplicate_window: nanos(this.opts.duplicateWindowMs ?? 120_000),
    };
    try {
      await this.jsm.streams.info(this.stream);
      await this.jsm.streams.update(this.stream, cfg);
    } catch (err) {
      if (!/not found/i.test(errorText(err))) throw err;
      await this.jsm.streams.add({
        name: this.stream,
        ...cfg,
        retention: this.mods.jetstream.RetentionPolicy.Limits,
        storage: this.mods.jetstream.StorageType.File,
      });
    }
  }

  private subject(topic: string): string {
    return `${this.prefix}.${topic}`;
  }

  private topicOf(subject: string): string {
    return subject.slice(this.prefix.length + 1);
  }

  async publish(messages: readonly BusMessage[]): Promise<void> {
    await Promise.all(
      messages.map(async (m) => {
        const id = m.id;
        const body: Body = { key: m.key, payload: m.payload, id: id ?? '' };
        const ack = await this.js.publish(
          this.subject(m.topic),
          JSON.stringify(body),
          id === undefined ? {} : { msgID: id },
        );
        if (!ack.duplicate) this.stats.published++;
      }),
    );
  }

  async subscribe(topic: string, handler: Handler, opts: SubscribeOptions = {}): Promise<void> {
    const { jetstream } = this.mods;
    if (opts.group === undefined) {
      const consumer = await this.js.consumers.get(this.stream, {
        filter_subjects: this.subject(topic),
        deliver_policy: jetstream.DeliverPolicy.New,
      });
      const messages = await consumer.consume();
      this.run(messages, async (m) => {
        await handler({ topic, ...this.body(m), deliveries: 1 }).catch((err: unknown) =>
          this.opts.onError?.(err, `live subscriber of ${topic}`),
        );
      });
      return;
    }
    const group = opts.group;
    const durable = `${token(group)}--${token(topic)}`;
    const config = {
      durable_name: durable,
      filter_subject: this.subject(topic),
      ack_policy: jetstream.AckPolicy.Explicit,
      deliver_policy: jetstream.DeliverPolicy.All,
      ack_wait: nanos(this.ackWaitMs),
      // Unbounded on the server: a bound there drops a message in silence (dead-lettering is ours).
      max_deliver: -1,
      max_ack_pending: 10_000,
    };
    try {
      await this.jsm.consumers.add(this.stream, config);
    } catch (err) {
      if (!/already (exists|in use)/i.test(errorText(err))) throw err;
      // Created before (by another process, or by a version that bounded deliveries on the server).
      await this.jsm.consumers
        .update(this.stream, durable, { ack_wait: config.ack_wait, max_deliver: -1 })
        .catch((e: unknown) => this.opts.onError?.(e, `consumer ${durable}: settings not updated`));
    }
    const consumer = await this.js.consumers.get(this.stream, durable);
    this.pull(consumer, durable, async (m) => {
      const deliveries = m.info.deliveryCount;
      this.stats.delivered++;
      if (deliveries > 1) this.stats.redelivered++;
      const body = this.body(m);
      if (deliveries > this.maxDeliver + 2) {
        // Every member that took it died with it (a message that kills its handler's process).
        const error = `handed out ${deliveries} times without an answer`;
        await this.deadLetter(m, { topic, ...body, group, deliveries, error });
        return;
      }
      try {
        await handler({ topic, ...body, deliveries });
        m.ack();
      } catch (err) {
        if (deliveries < this.maxDeliver) {
          m.nak(this.backoff(deliveries));
          return;
        }
        await this.deadLetter(m, { topic, ...body, group, deliveries, error: errorText(err) });
      }
    });
  }

  private get ackWaitMs(): number {
    return this.opts.ackWaitMs ?? 30_000;
  }

  private async deadLetter(m: JsMsg, dead: DeadLetter): Promise<void> {
    try {
      await this.publish([
        { topic: DEAD_LETTER_TOPIC, key: dead.key, id: `dead:${dead.group}:${dead.id}`, payload: dead },
      ]);
      this.stats.deadLettered++;
      m.term();
    } catch (e) {
      m.nak(this.backoff(dead.deliveries)); // the dead letter was not stored: keep the message
      this.opts.onError?.(e, 'dead letter');
    }
  }

  /**
   * A group member's loop: takes the next message when the handler is free (waiting up to 5 s for
   * one), holds it (see `keepAlive`) until answered. The connection lost (a NATS restart) is waited
   * out: the client reconnects and the loop pulls again.
   */
  private pull(consumer: Consumer, name: string, each: (m: JsMsg) => Promise<void>): void {
    let stopped = false;
    let failing = false;
    let waiting: ConsumerMessages | null = null;
    const next = async (): Promise<JsMsg | null> => {
      waiting = await consumer.fetch({ max_messages: 1, expires: 5_000 });
      try {
        for await (const m of waiting) return m;
        return null;
      } finally {
        waiting = null;
      }
    };
    const loop = (async () => {
      while (!this.closing && !stopped) {
        let m: JsMsg | null;
        try {
          m = await next();
          failing = false;
        } catch (err) {
          if (this.closing || stopped) break;
          if (!failing) this.opts.onError?.(err, `consumer ${name}: pull failed; retrying`);
          failing = true;
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        if (m === null) continue;
        this.held.add(m);
        this.keepAlive();
        try {
          await each(m);
        } catch (err) {
          // Only the answer itself can fail here (the connection lost): the message comes again.
          this.opts.onError?.(err, `consumer ${name}: answering a message failed`);
        } finally {
          this.held.delete(m);
        }
      }
    })();
    this.subs.push({
      stop: () => {
        stopped = true;
        (waiting as ConsumerMessages | null)?.stop();
      },
      loop,
    });
  }

  /** Tells the server, every third of the ack wait, that the held messages are being worked on. */
  private keepAlive(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(
      () => {
        for (const m of this.held) m.working();
      },
      Math.max(50, Math.floor(this.ackWaitMs / 3)),
    );
    this.heartbeat.unref();
  }

  private body(m: JsMsg): { key: string; payload: unknown; id: string } {
    const b = m.json<Body>();
    return { key: b.key, payload: b.payload, id: b.id || `${this.stream}:${m.seq}` };
  }

  private run(messages: ConsumerMessages, each: (m: JsMsg) => Promise<void>): void {
    const loop = (async () => {
      for await (const m of messages) {
        if (this.closing) break;
        await each(m);
      }
    })().catch((err: unknown) => {
      if (!this.closing) this.opts.onError?.(err, 'consumer stopped');
    });
    this.subs.push({ stop: () => messages.stop(), loop });
  }

  async pending(topic: string, group: string): Promise<number> {
    try {
      const info = await this.jsm.consumers.info(this.stream, `${token(group)}--${token(topic)}`);
      return info.num_pending + info.num_ack_pending;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const s of this.subs) s.stop();
    await Promise.all(this.subs.map((s) => s.loop));
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.nc.drain().catch(() => this.nc.close());
  }

  /** Removes the stream and everything in it (tests and benchmarks with their own prefix). */
  async destroy(): Promise<void> {
    await this.jsm.streams.delete(this.stream).catch(() => undefined);
  }
}
