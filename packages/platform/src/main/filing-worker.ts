/**
 * A worker thread for `tradelane file`: parses NDJSON chunks, runs the pipeline stages on its own
 * view of the reference data (the same active snapshots as the parent) and writes each chunk in
 * one transaction, taking the pool's write lock around it. Only the result lines go back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from './store/open-store.js';
import { bufferItems } from '../platform/ingest/ndjson.js';
import {
  encodeLines,
  type ChunkRequest,
  type ChunkResponse,
  type EvaluatedChunk,
} from '../modules/filing/index.js';
import { newFilingService, newRiskService, shareRiskState, newTrustedTraderService } from './container.js';
import { SteppingClock } from '../platform/system/system.js';
import { createLogger } from '../platform/system/logger.js';
import { SharedMemo } from '../platform/parallel/shared-memo.js';
import { loadProgram } from '../modules/trusted-trader/index.js';
import type { OutcomeModel } from '../modules/trusted-trader/index.js';
import { settleWith } from '../modules/trusted-trader/index.js';
import { openArtefactCache } from '../platform/cache/artefact-cache.js';
import type { BuildWorkerData } from './worker-data.js';
import { loadWorkerStages } from './worker-stages.js';

export interface FilingWorkerData extends BuildWorkerData {
  readonly tenant: string;
  readonly lineLimit: number;
  readonly writeLock: SharedArrayBuffer;
  /** Classifications by description, shared by the pool's workers (SharedMemo). */
  readonly classifications?: SharedArrayBuffer;
  /** Simulated traffic: outcomes drawn per decision with this seed and model. */
  readonly simulation?: { readonly seed: string; readonly outcomes: OutcomeModel };
}

const data = workerData as FilingWorkerData;
const store = await openStore({
  url: data.databaseUrl,
  poolSize: 2,
  ...(data.schema ? { schema: data.schema } : {}),
});
const logger = createLogger(data.logLevel, 'stderr').child({ worker: 'filing' });
const artefacts = openArtefactCache(data.cacheDir, data.databaseUrl, logger, data.codeVersion) ?? undefined;
const { reference, screening, classification } = await loadWorkerStages(data, store, logger, artefacts);
const risk = newRiskService(reference, screening, data.riskRules, data.riskData);
const sharedRisk = shareRiskState(risk, store);
const clock = new SteppingClock();
const trusted = newTrustedTraderService(store, loadProgram(data.trustedProgram), risk, screening, null);
await trusted.refresh();
let membership = 0;
risk.useMembership((tenant, s, at) => trusted.trustOf(tenant, s, at));
risk.useSupplyChains((tenant, s) => trusted.mappedNodes(tenant, s));
const filing = newFilingService(store, reference, {
  screening,
  registry: null,
  classification,
  risk,
  clock,
  logger,
  sharedClassifications: data.classifications ? new SharedMemo(data.classifications) : null,
});
const sim = data.simulation;
if (sim) filing.simulateOutcomes(settleWith(sim.outcomes, sim.seed));

const lock = new Int32Array(data.writeLock);
/**
 * Takes the pool's write lock (one writer at a time on SQLite) without blocking the thread:
 * `waiting` is called when the other worker holds it, so that this one can evaluate its next chunk
 * meanwhile.
 */
async function locked<T>(fn: () => Promise<T>, waiting: () => void): Promise<T> {
  while (Atomics.compareExchange(lock, 0, 0, 1) !== 0) {
    waiting();
    const w = Atomics.waitAsync(lock, 0, 1, 100);
    if (w.async) await w.value;
  }
  try {
    return await fn();
  } finally {
    Atomics.store(lock, 0, 0);
    Atomics.notify(lock, 0, 1);
  }
}

type Evaluated = { readonly chunk: EvaluatedChunk } | { readonly error: unknown };

/** Runs a chunk through the stages (the simulated clock and membership set first, in order). */
async function evaluate(req: ChunkRequest): Promise<Evaluated> {
  try {
    if (req.sim) {
      clock.set(req.sim.at, req.sim.stepMs);
      if (req.sim.membership !== membership) {
        await trusted.refresh();
        membership = req.sim.membership;
      }
    }
    return {
      // Encoded as evaluated: the lines wait for the write outside the heap (FilingService.evaluateChunk).
      chunk: filing.evaluateChunk(
        data.tenant,
        bufferItems(req.bytes, req.firstLine, data.lineLimit),
        false,
        true,
      ),
    };
  } catch (error) {
    return { error };
  }
}

/** Writes an evaluated chunk and answers it; the result lines go back encoded, moved (no copy). */
async function answer(req: ChunkRequest, ev: Evaluated, waiting: () => void): Promise<void> {
  let res: ChunkResponse;
  let bytes: Uint8Array | null = null;
  try {
    if ('error' in ev) throw ev.error;
    const { chunk } = ev;
    await locked(() => filing.writeChunk(chunk), waiting);
    await sharedRisk?.sync(); // the capacity this chunk used is counted before it is answered
    // `evaluate` asks for the lines encoded; the fallback keeps a chunk evaluated otherwise whole.
    const encoded = chunk.encoded ?? { bytes: encodeLines(chunk.lines), count: chunk.lines.length };
    bytes = encoded.bytes;
    res = {
      seq: req.seq,
      chunk: {
        lines: [],
        encoded,
        accepted: chunk.accepted,
        rejected: chunk.rejected,
        unreadable: chunk.unreadable,
      },
    };
  } catch (e) {
    bytes = null;
    res = { seq: req.seq, fatal: (e as Error).stack ?? String(e) };
  }
  parentPort!.postMessage(res, bytes ? [bytes.buffer as ArrayBuffer] : []);
}

// Chunks are evaluated in arrival order and written in the same order (the parent keeps the
// overall order by sequence number). The next chunk is evaluated once the last one is written, or
// while it waits for the other worker to release the write lock; never while this thread holds
// the lock, and never more than one chunk ahead.
let evaluating: Promise<unknown> = Promise.resolve();
let lastWritten: Promise<void> = Promise.resolve();
let lastWaitingOrWritten: Promise<void> = Promise.resolve();
parentPort!.on('message', (req: ChunkRequest) => {
  const ev = Promise.all([evaluating, lastWaitingOrWritten]).then(() => evaluate(req));
  let free!: () => void;
  const waitingOrWritten = new Promise<void>((resolve) => (free = resolve));
  const written = Promise.all([ev, lastWritten])
    .then(([r]) => answer(req, r, free))
    .finally(free);
  evaluating = ev;
  lastWritten = written;
  lastWaitingOrWritten = waitingOrWritten;
});
