/**
 * The pipeline bus: in-process when embedded, NATS JetStream when scaled out. Both keep one
 * contract (`bus.contract.ts`): at-least-once delivery, publishers deduplicated by message id,
 * work shared by a group, failed handlers retried with backoff and then dead-lettered.
 */
export interface BusMessage {
  readonly topic: string;
  readonly key: string;
  readonly payload: unknown;
  /**
   * Deduplication id (the outbox event id): a message published again with the same id within the
   * bus's window is stored and delivered once. Without one, every publish is a new message.
   */
  readonly id?: string;
}

/** A message as a handler receives it: with its id and how many times it has been delivered. */
export interface Delivered extends BusMessage {
  readonly id: string;
  /** 1 on the first delivery; more after a handler failed or a consumer died holding it. */
  readonly deliveries: number;
}

export interface SubscribeOptions {
  /**
   * Work shared by a group (durable): each message is handled by ONE subscriber of the group, in
   * whichever process; a handler that throws gets the message again after a backoff, and after
   * `maxDeliver` deliveries it goes to the dead-letter topic. Without a group the subscription is
   * live: every subscriber in every process hears each message once, from now on, no retries
   * (the event stream).
   */
  readonly group?: string;
}

export type Handler = (m: Delivered) => Promise<void>;

/** Where a message goes after `maxDeliver` failed deliveries; its payload is a `DeadLetter`. */
export const DEAD_LETTER_TOPIC = 'bus.dead-letter';

export interface DeadLetter {
  readonly topic: string;
  readonly key: string;
  readonly id: string;
  readonly group: string;
  readonly deliveries: number;
  readonly error: string;
  readonly payload: unknown;
}

/** Counters of the bus in this process (for /metrics). */
export interface BusStats {
  published: number;
  delivered: number;
  redelivered: number;
  deadLettered: number;
}

export interface BusOptions {
  /** Deliveries before a message goes to the dead-letter topic (default 5). */
  readonly maxDeliver?: number;
  /** Wait before delivery n+1 after a failed delivery n (default 250 ms × 4^(n-1), at most 60 s). */
  readonly backoffMs?: (deliveries: number) => number;
}

export const defaultBackoff = (n: number): number => Math.min(60_000, 250 * 4 ** (n - 1));

export interface Bus {
  /** Resolves once the bus holds every message (NATS: stored in the stream). */
  publish(messages: readonly BusMessage[]): Promise<void>;
  /** Resolves once the subscription is in place (messages published after it reach it). */
  subscribe(topic: string, handler: Handler, opts?: SubscribeOptions): Promise<void>;
  /** Messages waiting for a group (its consumer's backlog, unacknowledged included). */
  pending(topic: string, group: string): Promise<number>;
  readonly stats: BusStats;
  readonly kind: 'memory' | 'nats';
  close(): Promise<void>;
}

export const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);
