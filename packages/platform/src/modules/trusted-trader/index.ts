/** The trusted-trader module's public surface: what other modules and main may use. */
export { SqliteBenefitLedger } from './adapters/sqlite-ledger.js';
export { BenefitService } from './benefit-service.js';
export { registerTrustedCommands } from './commands.js';
export { KyselyBenefitLedger, KyselyTrustedTraders, appendLedger, ledgerColumns } from './db.js';
export { BenefitReportBuilder } from './domain/benefit-report.js';
export type { BenefitPartial } from './domain/benefit-report.js';
export { ledgerEntryOf } from './domain/ledger.js';
export type { TrustInput } from './domain/membership.js';
export { parseProgram } from './domain/program.js';
export type { OutcomeModel } from './domain/simulation.js';
export type {
  BenefitLedgerRepository,
  LedgerEntry,
  LedgerRange,
  TrustedTraderRepository,
} from './repository.js';
export { settleWith } from './simulate.js';
export { TrustedTraderService } from './trusted-trader-service.js';
export type { LoadedProgram } from './trusted-trader-service.js';
export { DEFAULT_TRUSTED_PROGRAM, loadProgram, parseProgramText } from './adapters/program-policy.js';
export { trustedRoutes } from './routes.js';
export type { SimulationFiler, TrustedCommandServices } from './commands.js';
