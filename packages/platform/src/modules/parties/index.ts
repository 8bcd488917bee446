/** The parties module's public surface: what other modules and main may use. */
export { parseGleifJson } from './adapters/gleif.js';
export { KyselyRegistry } from './db.js';
export { SqliteRegistry } from './adapters/sqlite-registry.js';
export { IDENTIFIER_SCHEMES, checkIdentifier } from './domain/identifiers.js';
export { identifyParties } from './domain/identify-parties.js';
export { buildMid } from './domain/mid.js';
export type { EntityLink, RegistryEntity } from './domain/registry.js';
export { RegistryService } from './registry-service.js';
export type { RegistryRepository } from './repository.js';
export { partyRoutes } from './routes.js';
export { registerPartyCommands } from './commands.js';
export { identifyStage, ownershipStage } from './party-stages.js';
