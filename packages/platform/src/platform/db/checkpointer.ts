import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection, so that the thread serving
 * requests never stalls copying the WAL into the database (a PASSIVE checkpoint runs beside
 * writers). Used by the server; bulk commands keep SQLite's automatic checkpoints.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;

  /**
   * Every 50 ms: the writer's own checkpoint (every 2,048 pages, to restart the WAL) then finds
   * about 50 ms of pages to copy and `fsync`. At 250 ms it found up to a quarter second's, and the
   * commits that took it were 11–12 ms at p99 (up to 24–66 ms) on the request thread; the server's
   * p99 at 2,000 filings/s fell from 28.8 to 21.5 ms, for 5–8 % more CPU a filing (a page rewritten
   * often is copied more often; ADR 0030, second amendment).
   */
  constructor(path: string, intervalMs = 50) {
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.module);
      const db = new Database(workerData.path);
      db.pragma('busy_timeout = 1000');
      const timer = setInterval(() => {
        try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next tick */ }
      }, workerData.intervalMs);
      parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
    `;
    this.worker = new Worker(code, {
      eval: true,
      workerData: { path, intervalMs, module: require_resolve('better-sqlite3') },
    });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.worker.once('exit', r));
    // Unreferenced while it runs (it keeps no process alive); waited for when stopped.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}

function require_resolve(name: string): string {
  return fileURLToPath(import.meta.resolve(name));
}
