import { channel } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Cells shared by the serving thread and the checkpointer thread (an Int32Array). */
const HOLD = 0; // 1 while the checkpointer asks the writer to hold its next use of the connection
const BUSY = 1; // 1 while the serving thread holds the connection (one Kysely instance per gate)
const RESTARTS = 2; // restarts of the WAL seen in its header
const HOLDS = 3; // times the checkpointer held the writer
const FLUSHES = 4; // times it flushed the database file before a hold (ADR 0045)
const CELLS = 5;

/**
 * Each wait of a use of the connection for the checkpointer's last copy, as it ends: `{ start, ms }`
 * (`start` in ms since the epoch, `performance.timeOrigin` based). Published only while something
 * subscribes (`bench/server-timeline.js` sets the waits beside a benchmark's slow answers).
 */
export const WAL_HOLD_CHANNEL = 'tradelane:sqlite:wal-hold';
const holdChannel = channel(WAL_HOLD_CHANNEL);

/** The longest a use of the connection waits for the checkpointer's last copy (it takes a few ms). */
const MAX_HOLD_WAIT_MS = 100;

export interface WalCheckpointCounts {
  /** Restarts of the WAL (its header's checkpoint sequence number), whoever made them. */
  readonly restarts: number;
  /** Times the thread held the writer for the last pages. */
  readonly holds: number;
  /** Times it flushed the database file before holding the writer (ADR 0045; none off Linux). */
  readonly flushes: number;
  /** Uses of the connection that waited for such a copy, and how long they waited in all. */
  readonly waits: number;
  readonly waitedSeconds: number;
}

/** What a store reports of its checkpointer thread (the server's metrics). */
export interface WalCheckpoints {
  counts(): WalCheckpointCounts;
}

/**
 * How often the thread copies the WAL (ms). The thread shares the server's core with the serving
 * thread; a pass copies what was committed since the last, and a server filing 2,000 a second
 * commits ~3,000 pages in 250 ms: copying them in one burst held the serving thread back by
 * 100–250 ms several times a minute. Passes every 50 ms copy a fifth as much each (ADR 0037).
 */
export const CHECKPOINT_INTERVAL_MS = 50;

/**
 * The WAL size (pages; 256 MB at 8 KiB) from which the thread restarts it. Each restart holds the
 * writer for the last copy and its two `fsync`s (12–16 ms on this project's VM under load before
 * the database file was flushed ahead of the hold, ADR 0045; ~2 ms since), and every filing that
 * arrives meanwhile waits: at 8,192 pages a server filing 2,000 a second was held twice a second,
 * ~3 % of its filings. At 32,768 it is held every ~2 s; the WAL file reaches ~280 MB (ADR 0041).
 */
export const RESTART_PAGES = 32_768;

export interface CheckpointerOptions {
  /** How often the WAL is copied into the database (ms; default CHECKPOINT_INTERVAL_MS). */
  readonly intervalMs?: number;
  /**
   * WAL size (pages) from which the thread copies it in full, so that the next write restarts it
   * (default RESTART_PAGES).
   */
  readonly restartPages?: number;
  /**
   * The writer is held once a pass finds at most this many pages added since the one before (four
   * passes at most; otherwise the next tick tries again, until the WAL is twice `restartPages`).
   */
  readonly settlePages?: number;
}

/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection, so that the thread serving
 * requests does not copy the WAL into the database (ADR 0030, third amendment). Used by the server;
 * bulk commands keep SQLite's automatic checkpoints.
 *
 * Every `intervalMs` the thread copies what was committed (a PASSIVE checkpoint: writers go on
 * meanwhile). A WAL is only restarted, by the next write, once it was copied in full, which never
 * happens while a busy writer keeps appending. So when the WAL has reached `restartPages`, the thread
 * copies until a pass finds at most `settlePages` new pages (or the WAL is twice `restartPages`),
 * then asks the writer to hold its next use of the connection (`WalGate`), waits for the one in
 * progress to end (at most MAX_HOLD_WAIT_MS), copies the rest and lets the writer go on. The
 * writer's next commit restarts the WAL, with one `fsync` of its new header. Nothing is held while a
 * reader keeps frames from being copied (the hold could not restart the WAL then), nor when the WAL
 * was already copied.
 */
export class BackgroundCheckpointer implements WalCheckpoints {
  private readonly worker: Worker;
  private readonly cells = new Int32Array(new SharedArrayBuffer(CELLS * 4));
  private exited = false;
  /** The serving thread's side: pass every use of the connection through it. */
  readonly gate = new WalGate(this.cells);

  constructor(path: string, opts: CheckpointerOptions = {}) {
    const code = `
      const fs = require('node:fs');
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.module);
      const { cells, intervalMs, restartPages, settlePages, maxHoldWaitMs } = workerData;
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 1000');
      db.pragma('synchronous = NORMAL');
      // Flushes what the passes copied into the database file (see its use below), through a
      // descriptor this process's SQLite connections hold on it (heldDescriptor).
      const heldDescriptor = ${heldDescriptor.toString()};
      let target = null;
      try {
        target = fs.realpathSync(workerData.path);
      } catch {
        target = null;
      }
      const flush = () => {
        const fd = target === null ? -1 : heldDescriptor(fs, target);
        if (fd < 0) return;
        try {
          fs.fdatasyncSync(fd);
          Atomics.add(cells, ${FLUSHES}, 1);
        } catch {
          // The held pass syncs the file itself.
        }
      };
      // A pass's result, or null when it could not run (another connection checkpointing).
      const passive = () => {
        try {
          const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
          return r && r.busy === 0 && r.log >= 0 ? r : null;
        } catch {
          return null;
        }
      };
      // The WAL header's checkpoint sequence number (bytes 12-15) moves by one at each restart.
      const header = Buffer.alloc(16);
      const sequence = () => {
        let fd = -1;
        try {
          fd = fs.openSync(workerData.path + '-wal', 'r');
          return fs.readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : null;
        } catch {
          return null;
        } finally {
          if (fd >= 0) fs.closeSync(fd);
        }
      };
      let seen = sequence();
      const countRestarts = () => {
        const now = sequence();
        const moved = now !== null && seen !== null ? (now - seen) >>> 0 : 0;
        if (moved > 0 && moved < 1000000) Atomics.add(cells, ${RESTARTS}, moved);
        if (now !== null) seen = now;
      };
      const tick = () => {
        countRestarts();
        let r = passive();
        // Small, or a reader keeps frames from being copied (a hold would not restart it).
        if (!r || r.log < restartPages || r.checkpointed < r.log) return;
        // A pass copies what was committed when it began ('log' is that, not what the writer added
        // meanwhile). Catch up until a pass finds little new, then copy the rest with the writer held.
        let settled = false;
        for (let i = 0; i < 4 && !settled; i++) {
          const before = r.log;
          r = passive();
          if (!r || r.checkpointed < r.log || r.log < restartPages) return;
          // Nothing new since the last pass: copied in full, the next write restarts it.
          if (r.log === before) return;
          settled = r.log - before <= settlePages;
        }
        // A writer that outpaces the copies: tried again at the next tick, unless the WAL has grown
        // to twice the bound, where the writer is held for whatever is left.
        if (!settled && r.log < 2 * restartPages) return;
        // SQLite syncs the database file only at a pass that reaches the WAL's end, which under a
        // busy writer is the held one: that sync wrote every page the passes had copied since the
        // last restart (seconds of copies), and the writer waited for it, 3 ms early in a run and
        // 30-42 ms a minute in on a fast host (issue 22). Flushed here first, with the writer
        // going on, and what it committed meanwhile copied (unsynced: that pass does not reach the
        // WAL's end either), the held pass syncs the pages of those two passes only. The checks
        // are the first pass's: no hold while a reader keeps frames, once the WAL was copied in
        // full (the next write restarts it), or after it restarted.
        flush();
        const before = r.log;
        r = passive();
        if (!r || r.checkpointed < r.log || r.log < restartPages || r.log === before) return;
        Atomics.store(cells, ${HOLD}, 1);
        try {
          const until = Date.now() + maxHoldWaitMs;
          while (Atomics.load(cells, ${BUSY}) !== 0) {
            const left = until - Date.now();
            if (left <= 0) return;
            Atomics.wait(cells, ${BUSY}, 1, left);
          }
          Atomics.add(cells, ${HOLDS}, 1);
          passive();
        } finally {
          Atomics.store(cells, ${HOLD}, 0);
          Atomics.notify(cells, ${HOLD});
        }
      };
      const timer = setInterval(tick, intervalMs);
      parentPort.on('message', () => {
        clearInterval(timer);
        countRestarts();
        db.close();
        process.exit(0);
      });
    `;
    this.worker = new Worker(code, {
      eval: true,
      workerData: {
        path,
        cells: this.cells,
        intervalMs: opts.intervalMs ?? CHECKPOINT_INTERVAL_MS,
        restartPages: opts.restartPages ?? RESTART_PAGES,
        settlePages: opts.settlePages ?? 128,
        maxHoldWaitMs: MAX_HOLD_WAIT_MS,
        module: requireResolve('better-sqlite3'),
      },
    });
    // A thread that failed or ended holds nothing: the writer then checkpoints for itself, at its
    // fallback bound (open-store.ts).
    const release = () => {
      this.exited = true;
      Atomics.store(this.cells, HOLD, 0);
      Atomics.notify(this.cells, HOLD);
    };
    this.worker.on('exit', release);
    this.worker.on('error', (err) => {
      release();
      process.emitWarning(`the SQLite checkpointer thread failed: ${err.message}`);
    });
    this.worker.unref();
  }

  /** What the thread and the gate did so far (the server's metrics). */
  counts(): WalCheckpointCounts {
    return {
      restarts: Atomics.load(this.cells, RESTARTS),
      holds: Atomics.load(this.cells, HOLDS),
      flushes: Atomics.load(this.cells, FLUSHES),
      waits: this.gate.waits,
      waitedSeconds: this.gate.waitedMs / 1000,
    };
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((r) => this.worker.once('exit', r));
    // Unreferenced while it runs (it keeps no process alive); waited for when stopped.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}

/**
 * The writer's side of the hold: `enter` before using the connection, `leave` after. `enter`
 * returns at once unless the checkpointer is copying the last pages; then a promise that resolves
 * when it is done, or after MAX_HOLD_WAIT_MS in all. The two flags are set and read in opposite
 * orders on the two threads (sequentially consistent atomics), so the thread never starts its last
 * copy while a use of the connection runs that it did not wait for; only one that waited out the
 * limit can overlap that copy, which then fails to restart the WAL and is tried again.
 */
export class WalGate {
  /** Times a use of the connection waited for the checkpointer, and for how long in all. */
  waits = 0;
  waitedMs = 0;

  constructor(private readonly cells: Int32Array) {}

  enter(): Promise<void> | undefined {
    Atomics.store(this.cells, BUSY, 1);
    return Atomics.load(this.cells, HOLD) === 0 ? undefined : this.waitForHold();
  }

  leave(): void {
    Atomics.store(this.cells, BUSY, 0);
    Atomics.notify(this.cells, BUSY);
  }

  private async waitForHold(): Promise<void> {
    const cells = this.cells;
    const from = performance.now();
    this.waits++;
    // An asynchronous wait does not keep the event loop alive; a timer does, meanwhile.
    const alive = setTimeout(() => undefined, MAX_HOLD_WAIT_MS + 50);
    try {
      for (;;) {
        this.leave();
        const left = MAX_HOLD_WAIT_MS - (performance.now() - from);
        const wait = left > 0 ? Atomics.waitAsync(cells, HOLD, 1, left) : null;
        if (wait?.async) await wait.value;
        Atomics.store(cells, BUSY, 1);
        if (Atomics.load(cells, HOLD) === 0 || performance.now() - from >= MAX_HOLD_WAIT_MS) return;
      }
    } finally {
      clearTimeout(alive);
      const ms = performance.now() - from;
      this.waitedMs += ms;
      if (holdChannel.hasSubscribers) holdChannel.publish({ start: performance.timeOrigin + from, ms });
    }
  }
}

/**
 * A file descriptor this process already holds on `file` (a real path), found in /proc/self/fd, or
 * -1 (none, or not Linux). The checkpointer thread flushes the database file through it: fsync on
 * any descriptor flushes the file, and one opened for the purpose would, once closed, drop every
 * POSIX lock SQLite holds on the file for the whole process (sqlite.org/howtocorrupt.html, 2.2).
 * Self-contained (it reads only its arguments): the thread's code is built from its source.
 */
export function heldDescriptor(
  fs: { readdirSync(path: string): string[]; readlinkSync(path: string): string },
  file: string,
): number {
  let names: string[];
  try {
    names = fs.readdirSync('/proc/self/fd');
  } catch {
    return -1;
  }
  for (const name of names) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${name}`) === file) return Number(name);
    } catch {
      // Closed since the directory was read.
    }
  }
  return -1;
}

function requireResolve(name: string): string {
  return fileURLToPath(import.meta.resolve(name));
}
