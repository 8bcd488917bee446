/** The access module's public surface: API keys and who a key is. */
export { ApiKeys } from './api-keys.js';
export type { ApiKeyRecord, ApiKeyRepository } from './repository.js';
export { KyselyApiKeys } from './db.js';
export { SqliteApiKeys } from './adapters/sqlite-api-keys.js';
export { registerAccessCommands } from './commands.js';
export { accessRoutes } from './routes.js';
