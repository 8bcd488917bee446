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
   * Every 250 ms. At 50 ms the writer's own checkpoint (every 2,048 pages, to restart the WAL) found
   * less to copy and `fsync`, and fewer commits were slow (p99 of the server's 20 s runs 28.8 →
   * 21.5 ms), but the thread's copying cost 2–16 % more CPU a filing, and in 60 s runs, where the
   * one core the benchmark gives the server nears saturation, p99 was worse (ADR 0030, second
   * amendment). Kept at 250 ms.
   */
  constructor(path: string, intervalMs = 250) {
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
