/** The access module's public surface: what other modules and main may use. */
export { ApiKeys } from './api-keys.js';
export type { Principal } from './api-keys.js';
export type { ApiKeyRecord, ApiKeyRepository, Role } from './repository.js';
