import { Gauge, type Registry } from 'prom-client';
import type { WalCheckpointCounts, WalCheckpoints } from './checkpointer.js';

/**
 * The SQLite checkpointer thread's Prometheus metrics (ADR 0030, third amendment): the WAL's
 * restarts, the thread's holds of the writer, and what the writer waited for them.
 */
export function walMetrics(registry: Registry, wal: WalCheckpoints): void {
  const gauge = (name: string, help: string, read: (c: WalCheckpointCounts) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(wal.counts()));
      },
    });
  gauge(
    'tradelane_sqlite_wal_restarts',
    'Restarts of the WAL (its header counts them): each follows a copy of the WAL in full.',
    (c) => c.restarts,
  );
  gauge(
    'tradelane_sqlite_wal_holds',
    'Times the checkpointer thread held the writer for the last pages.',
    (c) => c.holds,
  );
  gauge(
    'tradelane_sqlite_wal_flushes',
    'Times that thread flushed the database file before holding the writer (ADR 0045).',
    (c) => c.flushes,
  );
  gauge(
    'tradelane_sqlite_wal_hold_waits',
    'Uses of the database connection that waited for such a copy.',
    (c) => c.waits,
  );
  gauge('tradelane_sqlite_wal_hold_wait_seconds', 'Time those uses waited, in all.', (c) => c.waitedSeconds);
}
