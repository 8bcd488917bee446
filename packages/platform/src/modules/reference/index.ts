/** The reference module's public surface: the reference data in force and its snapshots. */
export { CodeList, tariffOn } from './domain/reference.js';
export type { DataVersion, ReferenceView } from './domain/reference.js';
export { ReferenceService } from './reference-service.js';
export type { RefdataRepository, SnapshotMeta, SnapshotStatus } from './repository.js';
export { KyselyRefdata } from './db.js';
export { refdataRoutes } from './routes.js';
