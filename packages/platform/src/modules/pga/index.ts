/** The pga module's public surface: what other modules and main may use. */
export { parsePgaFiles } from './adapters/pga-files.js';
export type { MessageSetPolicy } from './domain/pga-message-set.js';
export { buildCatalogue, determineShipment, pgaFindings } from './domain/pga.js';
export type { DisclaimCode, HtsFlagRule, InferenceRule, PgaCatalogue, PgaFlag } from './domain/pga.js';
export { paperlessReport } from './paperless-report.js';
