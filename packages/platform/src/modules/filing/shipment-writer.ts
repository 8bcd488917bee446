import type { ShipmentRepository, NewShipmentRow } from './repository.js';

/**
 * Group commit for the hot path: concurrent single filings are written together, in one
 * transaction per turn of the event loop (or every `maxBatch` rows), instead of one each.
 */
export class ShipmentWriter {
  private queue: {
    row: NewShipmentRow;
    resolve: (inserted: boolean) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: ShipmentRepository,
    private readonly maxBatch = 256,
  ) {}

  write(row: NewShipmentRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.kick();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.kick());
      }
    });
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    this.kick();
    await this.flushing;
  }

  private kick(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.flushing.then(async () => {
      try {
        const inserted = await this.repo.insertMany(batch.map((b) => b.row));
        batch.forEach((b, i) => b.resolve(inserted[i] ?? false));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    });
  }
}
