/** The refdata module's public surface: importing reference data from a directory or the publishers. */
export type { EditionHint } from './adapters/datasets.js';
export { DirectorySource, FilesSource } from './adapters/directory-source.js';
export { FileDigests } from './adapters/file-digests.js';
export { HttpSource } from './adapters/http-source.js';
export type { RemoteDataset } from './adapters/http-source.js';
export { RefdataImporter } from './refdata-importer.js';
export type { ImportOutcome } from './refdata-importer.js';
export { registerRefdataCommands } from './commands.js';
export type { RefdataCommandServices } from './commands.js';
