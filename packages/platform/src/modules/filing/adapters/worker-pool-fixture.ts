/**
 * A stand-in filing worker for worker-pool.test.ts: answers each chunk with its own text as the
 * one result line; a chunk that reads `grow` makes it allocate until its heap limit stops it.
 */
import { parentPort } from 'node:worker_threads';
import type { ChunkRequest, ChunkResponse } from './worker-pool.js';

const kept: unknown[] = [];
parentPort!.on('message', (req: ChunkRequest) => {
  const text = Buffer.from(req.bytes).toString('utf8');
  if (text === 'grow') for (;;) kept.push(new Array(1_000_000).fill(kept.length));
  const res: ChunkResponse = {
    seq: req.seq,
    chunk: { lines: [text], accepted: req.bytes.byteLength, rejected: 0, unreadable: 0 },
  };
  parentPort!.postMessage(res);
});
