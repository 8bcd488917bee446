/** The risk module's public surface: what other modules and main may use. */
export { replayDecision, verifyChain } from './audit.js';
export { KyselyDecisions, appendInTransaction, chainRows, decisionColumns } from './db.js';
export { draw } from './domain/decide.js';
export { LANES, parseRuleSet } from './domain/policy.js';
export type { Lane } from './domain/policy.js';
export { decisionBrief } from './domain/record.js';
export type { DecisionRecord } from './domain/record.js';
export { placesIn, wroMatches } from './domain/signals.js';
export type { RiskData, WroProduct } from './domain/signals.js';
export { ACTIONS, OfficerService, caseOf } from './officer-service.js';
export { GENESIS, chainText } from './repository.js';
export type { DecisionRepository, NewDecision } from './repository.js';
export { RiskService } from './risk-service.js';
export type { LoadedRuleSet } from './risk-service.js';
export { DEFAULT_RISK_DATA, DEFAULT_RISK_RULES, loadRiskData, loadRuleSet } from './adapters/risk-policy.js';
