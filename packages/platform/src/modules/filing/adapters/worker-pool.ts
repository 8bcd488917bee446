import { Worker } from 'node:worker_threads';
import type { FiledChunk } from '../filing-service.js';
import { resultJson } from '../result-lines.js';
import type { LineChunk } from '../../../platform/ingest/line-chunks.js';

export interface ChunkRequest {
  readonly seq: number;
  readonly firstLine: number;
  readonly bytes: Uint8Array;
  /** The traffic simulator's clock for the chunk, and the membership version to decide with. */
  readonly sim?: SimChunk | undefined;
}

export interface SimChunk {
  readonly at: string;
  readonly stepMs: number;
  readonly membership: number;
}
export type ChunkResponse =
  { readonly seq: number; readonly chunk: FiledChunk } | { readonly seq: number; readonly fatal: string };

/** A worker ran out of its heap: a setting to change (TRADELANE_WORKER_HEAP_MB), not a bug. */
export class WorkerMemoryError extends Error {
  override readonly name = 'WorkerMemoryError';
}

/**
 * Files NDJSON chunks in worker threads: each parses, runs the stages and writes its chunk in one
 * transaction, taking turns at the database through a lock shared in memory (a writer that waits
 * wakes the moment the other is done, instead of polling SQLite's busy handler). Only result lines
 * come back. Results are given back in input order.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (r: ChunkResponse) => void>();
  private failure: Error | null = null;
  private seq = 0;

  /** Shared with every worker: one Int32, 0 = free, 1 = a worker is writing. */
  private readonly writeLock = new SharedArrayBuffer(4);

  /**
   * `heapMb` limits each worker's old generation (0: V8's own limit, which it derives from the
   * machine's memory). Each worker's live heap is its reference data plus bounded caches, so a
   * limit makes V8 collect before the heap grows to several times that (ADR 0031).
   */
  constructor(workerUrl: URL, size: number, workerData: Record<string, unknown>, heapMb = 0) {
    this.workers = Array.from(
      { length: size },
      () =>
        new Worker(workerUrl, {
          workerData: { ...workerData, writeLock: this.writeLock },
          // A larger young generation: parsing allocates many short-lived objects per filing.
          resourceLimits: {
            maxYoungGenerationSizeMb: 96,
            ...(heapMb > 0 ? { maxOldGenerationSizeMb: heapMb } : {}),
          },
        }),
    );
    for (const w of this.workers) {
      w.on('message', (r: ChunkResponse) => {
        const resolve = this.waiting.get(r.seq);
        this.waiting.delete(r.seq);
        resolve?.(r);
      });
      w.on('error', (e: NodeJS.ErrnoException) => {
        const [limit, fix] =
          heapMb > 0
            ? [
                `its heap is limited to ${heapMb} MB by TRADELANE_WORKER_HEAP_MB`,
                "raise the limit, or set it to 0 for V8's own",
              ]
            : ["at V8's own heap limit", 'set TRADELANE_WORKER_HEAP_MB above that limit, in MB'];
        this.failure =
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new WorkerMemoryError(
                `a filing worker ran out of memory (${limit}); filings written before stay written: ${fix}`,
              )
            : e;
        for (const [seq, resolve] of this.waiting) resolve({ seq, fatal: this.failure.message });
        this.waiting.clear();
      });
    }
  }

  /** Sends a run of whole lines to the next worker; resolves when they are written. */
  file(firstLine: number, bytes: Uint8Array, sim?: SimChunk): Promise<FiledChunk> {
    const seq = this.seq++;
    const worker = this.workers[seq % this.workers.length]!;
    return new Promise<ChunkResponse>((resolve) => {
      if (this.failure) return resolve({ seq, fatal: this.failure.message });
      this.waiting.set(seq, resolve);
      // Moved when the bytes are their whole buffer, else copied: `Buffer#slice` would be a view
      // of the same buffer, and moving that buffer would empty every other view of it.
      const owned =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? bytes
          : Uint8Array.prototype.slice.call(bytes);
      const req: ChunkRequest = { seq, firstLine, bytes: owned, sim };
      worker.postMessage(req, [owned.buffer as ArrayBuffer]);
    }).then((r) => {
      if ('fatal' in r) {
        const message = `filing worker failed: ${r.fatal}`;
        throw this.failure instanceof WorkerMemoryError ? new WorkerMemoryError(message) : new Error(message);
      }
      return r.chunk;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Files a stream of line chunks through the pool, `inFlight` chunks at a time, yielding the filed
 * chunks in input order. Items the splitter decided alone (oversized, truncated) pass through.
 */
export async function* fileInWorkers(
  chunks: AsyncIterable<LineChunk>,
  pool: WorkerPool,
  inFlight: number,
): AsyncGenerator<FiledChunk> {
  const queue: Promise<FiledChunk>[] = [];
  for await (const c of chunks) {
    const p =
      c.kind === 'lines'
        ? pool.file(c.firstLine, c.bytes)
        : Promise.resolve({
            lines: [resultJson({ line: c.line, error: c.problem }, false)],
            accepted: 0,
            rejected: 0,
            unreadable: 1,
          });
    p.catch(() => undefined); // awaited below, in order; this only keeps an early failure from going unhandled
    queue.push(p);
    if (queue.length >= inFlight) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}
