import type { ShipmentRepository, NewShipmentRow } from './repository.js';

/**
 * What a group commit took: its transaction's time (ms, start to end), its number of filings, and
 * whether it was written (false: the transaction failed and its filings were answered with the error).
 */
export type CommitObserver = (ms: number, rows: number, written: boolean) => void;

/** Runs `fn` after `ms` milliseconds (0: on the next turn of the event loop); gives a cancel. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const nodeSchedule: Schedule = (fn, ms) => {
  if (ms <= 0) {
    const h = setImmediate(fn);
    return () => clearImmediate(h);
  }
  const h = setTimeout(fn, ms);
  return () => clearTimeout(h);
};

/**
 * Group commit for the hot path: concurrent single filings are written together, in one
 * transaction, instead of one each.
 *
 * A commit has a fixed cost besides its rows (on SQLite every page it touched is written to the
 * WAL whole: a transaction of one filing took ~0.5 ms, one of 17–64 filings ~0.07 ms a filing;
 * ADR 0030). So commits are spaced: a filing that arrives `spacingMs` or more after the last
 * commit began is written on the next turn of the event loop, as alone as it came (an idle server
 * adds no wait); one that arrives sooner waits for the rest of that spacing, with whatever else
 * arrives meanwhile.
 *
 * One transaction at a time: what arrives while one is in flight waits for it to end and is
 * written in the next, all together (a batch is cut when the writer is free, not when it is
 * scheduled). On PostgreSQL a transaction is several round trips: cut at scheduling, batches
 * stayed at ~1.2 filings and a server answered ~430 filings/s at 1,000/s offered (ADR 0030).
 * At most `maxBatch` rows go in one transaction; a full batch is written as soon as the writer
 * is free.
 */
export class ShipmentWriter {
  private queue: {
    row: NewShipmentRow;
    resolve: (inserted: boolean) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private cancel: (() => void) | null = null;
  /** The transaction in flight, if any. */
  private inFlight: Promise<void> | null = null;
  /** When the last commit was started (`now()`); -Infinity before the first. */
  private lastStart = -Infinity;
  private readonly observers = new Set<CommitObserver>();

  constructor(
    private readonly repo: ShipmentRepository,
    private readonly maxBatch = 256,
    private readonly spacingMs = 0,
    private readonly now: () => number = () => performance.now(),
    private readonly schedule: Schedule = nodeSchedule,
  ) {}

  write(row: NewShipmentRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.kick();
      else this.plan();
    });
  }

  /**
   * Calls `fn` after each commit, written or failed, with its time and size (a server's metrics:
   * a slow commit holds every filing in it, and those that arrive meanwhile). Returns a remover.
   */
  observe(fn: CommitObserver): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      this.kick();
      await this.inFlight;
    }
  }

  /** Schedules the next commit by the spacing, unless one is scheduled or in flight. */
  private plan(): void {
    if (this.cancel || this.inFlight || this.queue.length === 0) return;
    const wait = this.lastStart + this.spacingMs - this.now();
    this.cancel = this.schedule(() => this.kick(), wait > 0 ? wait : 0);
  }

  private kick(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    const started = (this.lastStart = this.now());
    this.inFlight = (async () => {
      let written = false;
      try {
        const inserted = await this.repo.insertMany(batch.map((b) => b.row));
        written = true;
        batch.forEach((b, i) => b.resolve(inserted[i] ?? false));
      } catch (e) {
        for (const b of batch) b.reject(e);
      } finally {
        this.observed(started, batch.length, written);
        this.inFlight = null;
        // What arrived meanwhile: a full batch at once, else by the spacing.
        if (this.queue.length >= this.maxBatch) this.kick();
        else this.plan();
      }
    })();
  }

  /** Tells the observers, after the batch is answered; one that throws is ignored. */
  private observed(started: number, rows: number, written: boolean): void {
    if (this.observers.size === 0) return;
    const ms = this.now() - started;
    for (const fn of this.observers) {
      try {
        fn(ms, rows, written);
      } catch {
        // a broken metric must stop neither the other observers nor the writer
      }
    }
  }
}
