import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Cells shared by the serving thread and the checkpointer thread (an Int32Array). */
const HOLD = 0; // 1 while the checkpointer asks the writer to hold its next transaction
const BUSY = 1; // 1 while the serving thread holds the connection
const RESTARTS = 2; // WALs the checkpointer copied in full (the next write restarts them)
const HOLDS = 3; // times the checkpointer held the writer
const CELLS = 4;

/** The longest a transaction waits for the checkpointer's last copy (it takes a few ms). */
const MAX_HOLD_WAIT_MS = 100;

export interface WalCheckpointCounts {
  /** WALs the thread copied in full with the writer held (each restarted by the next write). */
  readonly restarts: number;
  /** Times the thread held the writer for the last pages. */
  readonly holds: number;
  /** Uses of the connection that waited for such a copy, and how long they waited in all. */
  readonly waits: number;
  readonly waitedSeconds: number;
}

export interface CheckpointerOptions {
  /** How often the WAL is copied into the database (ms). */
  readonly intervalMs?: number;
  /** WAL size (pages) from which the thread copies it in full, so that the next write restarts it. */
  readonly restartPages?: number;
  /** What may be left uncopied (pages) when the writer is held for the last copy. */
  readonly settlePages?: number;
}

/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection, so that the thread serving
 * requests neither copies the WAL into the database nor waits for the disk (ADR 0030, third
 * amendment). Used by the server; bulk commands keep SQLite's automatic checkpoints.
 *
 * Every `intervalMs` the thread copies what was committed (a PASSIVE checkpoint: writers go on
 * meanwhile). A WAL is only restarted, by the next write, once it was copied in full, which never
 * happens while a busy writer keeps appending. So when the WAL has reached `restartPages`, the thread
 * copies until at most `settlePages` are left, then asks the writer to hold its next transaction
 * (`WalGate`), waits for the one in progress to end, copies the rest and lets the writer go on: the
 * writer is held for one small copy and its `fsync`s, and its next commit restarts the WAL.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly cells = new Int32Array(new SharedArrayBuffer(CELLS * 4));
  /** The serving thread's side: pass every transaction through it. */
  readonly gate = new WalGate(this.cells);

  constructor(path: string, opts: CheckpointerOptions = {}) {
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.module);
      const { cells, intervalMs, restartPages, settlePages, maxHoldWaitMs } = workerData;
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 1000');
      const passive = () => {
        try { return db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch { return null; /* busy: next tick */ }
      };
      const tick = () => {
        let r = passive();
        if (!r || r.log < restartPages) return;
        // A pass copies what was committed when it began ('log' is that, not what the writer added
        // meanwhile). Catch up until a pass finds little new, then copy the rest with the writer held.
        for (let i = 0; i < 4; i++) {
          const before = r.log;
          r = passive();
          if (!r) return;
          if (r.log - before <= settlePages) break;
        }
        Atomics.store(cells, ${HOLD}, 1);
        try {
          const until = Date.now() + maxHoldWaitMs;
          while (Atomics.load(cells, ${BUSY}) !== 0) {
            const left = until - Date.now();
            if (left <= 0) return;
            Atomics.wait(cells, ${BUSY}, 1, left);
          }
          Atomics.add(cells, ${HOLDS}, 1);
          r = passive();
          if (r && r.log === r.checkpointed) Atomics.add(cells, ${RESTARTS}, 1);
        } finally {
          Atomics.store(cells, ${HOLD}, 0);
          Atomics.notify(cells, ${HOLD});
        }
      };
      const timer = setInterval(tick, intervalMs);
      parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
    `;
    this.worker = new Worker(code, {
      eval: true,
      workerData: {
        path,
        cells: this.cells,
        intervalMs: opts.intervalMs ?? 250,
        restartPages: opts.restartPages ?? 8192,
        settlePages: opts.settlePages ?? 128,
        maxHoldWaitMs: MAX_HOLD_WAIT_MS,
        module: require_resolve('better-sqlite3'),
      },
    });
    this.worker.unref();
  }

  /** What the thread and the gate did so far (the server's metrics). */
  counts(): WalCheckpointCounts {
    return {
      restarts: Atomics.load(this.cells, RESTARTS),
      holds: Atomics.load(this.cells, HOLDS),
      waits: this.gate.waits,
      waitedSeconds: this.gate.waitedMs / 1000,
    };
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.worker.once('exit', r));
    // Unreferenced while it runs (it keeps no process alive); waited for when stopped.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}

/**
 * The writer's side of the hold: `enter` before using the connection (it waits while the
 * checkpointer copies the last pages, at most MAX_HOLD_WAIT_MS), `leave` after. The two flags are
 * set and read in opposite orders on the two threads (sequentially consistent atomics), so the
 * checkpointer never copies while a transaction runs that it did not wait for.
 */
export class WalGate {
  /** Times a use of the connection waited for the checkpointer, and for how long in all. */
  waits = 0;
  waitedMs = 0;

  constructor(private readonly cells: Int32Array) {}

  async enter(): Promise<void> {
    const cells = this.cells;
    Atomics.store(cells, BUSY, 1);
    if (Atomics.load(cells, HOLD) === 0) return;
    const from = performance.now();
    this.waits++;
    try {
      for (;;) {
        this.leave();
        const wait = Atomics.waitAsync(cells, HOLD, 1, MAX_HOLD_WAIT_MS);
        // An asynchronous wait does not keep the event loop alive; a timer does, meanwhile.
        const alive = setTimeout(() => undefined, MAX_HOLD_WAIT_MS);
        const timedOut = wait.async && (await wait.value) === 'timed-out';
        clearTimeout(alive);
        Atomics.store(cells, BUSY, 1);
        if (timedOut || Atomics.load(cells, HOLD) === 0) return;
      }
    } finally {
      this.waitedMs += performance.now() - from;
    }
  }

  leave(): void {
    Atomics.store(this.cells, BUSY, 0);
    Atomics.notify(this.cells, BUSY);
  }
}

function require_resolve(name: string): string {
  return fileURLToPath(import.meta.resolve(name));
}
