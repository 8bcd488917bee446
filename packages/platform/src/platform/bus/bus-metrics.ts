import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Bus } from './bus.js';

/**
 * The bus's Prometheus metrics: messages published, delivered, redelivered and dead-lettered by
 * this process, each group's backlog (consumer lag) and the outbox lag (commit → on the bus).
 */
export function busMetrics(
  registry: Registry,
  bus: Bus,
  groups: readonly { topic: string; group: string }[],
): { observeOutboxLag(lagMs: readonly number[]): void } {
  const counter = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  counter(
    'tradelane_bus_published',
    'Messages this process published to the bus (duplicates left out).',
    () => bus.stats.published,
  );
  counter('tradelane_bus_delivered', 'Group deliveries handled by this process.', () => bus.stats.delivered);
  counter(
    'tradelane_bus_redelivered',
    'Deliveries after the first (a handler failed or a consumer died).',
    () => bus.stats.redelivered,
  );
  counter(
    'tradelane_bus_dead_lettered',
    'Messages this process sent to the dead-letter topic.',
    () => bus.stats.deadLettered,
  );
  new Gauge({
    name: 'tradelane_bus_pending',
    help: 'Messages waiting for a consumer group (its lag), unacknowledged included.',
    labelNames: ['topic', 'group'],
    registers: [registry],
    async collect() {
      for (const g of groups) this.set(g, await bus.pending(g.topic, g.group));
    },
  });
  const lag = new Histogram({
    name: 'tradelane_outbox_lag_seconds',
    help: 'From an outbox event committed to the bus holding it.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  return { observeOutboxLag: (ms) => ms.forEach((v) => lag.observe(v / 1000)) };
}
