/** The filing module's public surface: what other modules and main may use. */
export { csvItems } from './adapters/csv-shipments.js';
export { SqliteShipments } from './adapters/sqlite-shipments.js';
export { PostgresShipments } from './adapters/postgres-shipments.js';
export { WorkerPool, fileInWorkers } from './adapters/worker-pool.js';
export type { ChunkRequest, ChunkResponse, SimChunk } from './adapters/worker-pool.js';
export { FilingService } from './filing-service.js';
export { encodeLines } from './result-lines.js';
export type { EvaluatedChunk, FiledChunk } from './filing-service.js';
export { OutboxRelay } from './outbox-relay.js';
export { newShipmentRow, portOf } from './repository.js';
export type {
  FilingStatus,
  NewShipmentRow,
  OutboxEvent,
  OutboxRepository,
  ShipmentListQuery,
  ShipmentRepository,
  ShipmentSummary,
  StoredShipment,
} from './repository.js';
export { filingRoutes } from './routes.js';
export type { FilingRouteDeps } from './routes.js';
export { KyselyOutbox, KyselyShipments, filedEvent, shipmentColumns, versionSets } from './db.js';
export { registerFilingCommands } from './commands.js';
