/** The screening module's public surface: what other modules and main may use. */
export { partyLines } from './adapters/party-lines.js';
export {
  parseCsl,
  parseDpl,
  parseOfacLegacy,
  parseUflpa,
  parseUnXml,
  parseWro,
} from './adapters/watchlists.js';
export { CountryResolver } from './domain/countries.js';
export { FORCED_LABOR_LISTS, WATCHLISTS } from './domain/entry.js';
export type { WatchlistEntry, WatchlistName } from './domain/entry.js';
export { WRO_SCOPES, wroScope } from './domain/wro-scope.js';
export type { WroScope } from './domain/wro-scope.js';
export { normalizeName } from './domain/normalize.js';
export { keyedSimilarity, phoneticOf, tokenScore } from './domain/score.js';
export type { ScreenMatch, ScreenQuery, ScreeningThresholds } from './domain/screening-index.js';
export { matchJson, ownershipFindings, parseScreenParty, screeningFindings } from './domain/stage.js';
export type { ParentHit } from './domain/stage.js';
export type { ScreenedParty, ScreeningAlert, ScreeningDecision, ScreeningRepository } from './repository.js';
export { ScreeningService } from './screening-service.js';
export type { RescreenReport, ScreeningView } from './screening-service.js';
export { DEFAULT_SCREENING, loadScreeningPolicy } from './adapters/thresholds-policy.js';
export { screeningRoutes } from './routes.js';
export { KyselyScreening } from './db.js';
export { registerScreeningCommands } from './commands.js';
export { screeningStage } from './screening-stage.js';
