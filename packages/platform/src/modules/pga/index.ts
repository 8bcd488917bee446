/** The pga module's public surface: what other modules and main may use. */
export { parsePgaFiles } from './adapters/pga-files.js';
export type { MessageSetPolicy } from './domain/pga-message-set.js';
export { buildCatalogue, determineShipment, pgaFindings } from './domain/pga.js';
export type { DisclaimCode, HtsFlagRule, InferenceRule, PgaCatalogue, PgaFlag } from './domain/pga.js';
export { paperlessReport } from './paperless-report.js';
export { DEFAULT_PGA_INFERENCE, DEFAULT_PGA_MESSAGE_SETS, loadPgaInference } from './adapters/pga-policy.js';
export type { PgaInference } from './domain/pga.js';
export { pgaRoutes } from './routes.js';
export { PgaService } from './pga-service.js';
export { registerPgaCommands } from './commands.js';
export { pgaStage } from './pga-stage.js';
