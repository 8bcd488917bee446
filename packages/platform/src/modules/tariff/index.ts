/** The tariff module's public surface: what other modules and main may use. */
export { countRows, editionFromName, parseHtsCsv, parseHtsJson } from './adapters/hts-parsers.js';
export { Tariff } from './domain/tariff.js';
export type { StatisticalLine, TariffRow } from './domain/tariff.js';
export { tariffRoutes } from './routes.js';
export { registerTariffCommands } from './commands.js';
