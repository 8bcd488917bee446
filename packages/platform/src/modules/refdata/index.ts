/** The refdata module's public surface: what other modules and main may use. */
export type { EditionHint } from './adapters/datasets.js';
export { DirectorySource, FilesSource } from './adapters/directory-source.js';
export { HttpSource } from './adapters/http-source.js';
export type { RemoteDataset } from './adapters/http-source.js';
export { CodeList, tariffOn } from './domain/reference.js';
export type { DataVersion, ReferenceView } from './domain/reference.js';
export { RefdataImporter } from './refdata-importer.js';
export type { ImportOutcome } from './refdata-importer.js';
export { ReferenceService } from './reference-service.js';
export type { RefdataRepository, SnapshotMeta, SnapshotStatus } from './repository.js';
