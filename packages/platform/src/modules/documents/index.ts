/** The documents module's public surface: what other modules and main may use. */
export { FsBlobStore } from './adapters/fs-blobs.js';
export { KyselyDocuments } from './db.js';
export { DbBlobStore } from './db-blobs.js';
export type { BlobStore } from './repository.js';
export { DocumentService } from './document-service.js';
export type { DocumentRepository } from './repository.js';
export { documentRoutes } from './routes.js';
export { registerDocumentCommands } from './commands.js';
