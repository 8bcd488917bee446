/** The filing module's public surface: what other modules and main may use. */
export { csvItems } from './adapters/csv-shipments.js';
export { lineChunks } from './adapters/line-chunks.js';
export { bufferItems, ndjsonItems } from './adapters/ndjson.js';
export { SqliteShipments } from './adapters/sqlite-shipments.js';
export { WorkerPool, fileInWorkers } from './adapters/worker-pool.js';
export type { ChunkRequest, ChunkResponse } from './adapters/worker-pool.js';
export { FilingService } from './filing-service.js';
export type { FiledChunk } from './filing-service.js';
export { OutboxRelay } from './outbox-relay.js';
export { newShipmentRow } from './repository.js';
export type {
  FilingStatus,
  NewShipmentRow,
  OutboxEvent,
  OutboxRepository,
  ShipmentRepository,
  StoredShipment,
} from './repository.js';
