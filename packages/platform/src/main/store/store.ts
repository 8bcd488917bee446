import type { ApiKeyRepository } from '../../modules/access/index.js';
import type { RefdataRepository } from '../../modules/reference/index.js';
import type { DocumentRepository } from '../../modules/documents/index.js';
import type { DecisionRepository } from '../../modules/risk/index.js';
import type { WebhookRepository } from '../../modules/notifications/index.js';
import type { RegistryRepository } from '../../modules/parties/index.js';
import type { ScreeningRepository } from '../../modules/screening/index.js';
import type { BenefitLedgerRepository, TrustedTraderRepository } from '../../modules/trusted-trader/index.js';
import type { OutboxRepository, ShipmentRepository } from '../../modules/filing/index.js';
import type { CorrectionRepository } from '../../modules/classification/index.js';
import type { RateCounter } from '../../platform/http/rate-limit-store.js';
import type { StatisticsTurn } from '../../platform/db/statistics.js';

/** Everything the core persists, behind one handle per database. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly shipments: ShipmentRepository;
  readonly outbox: OutboxRepository;
  readonly refdata: RefdataRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly screening: ScreeningRepository;
  readonly registry: RegistryRepository;
  readonly documents: DocumentRepository;
  /** Lane decisions: append-only, hash-chained; rule sets by checksum. */
  readonly decisions: DecisionRepository;
  readonly webhooks: WebhookRepository;
  /** The trusted-trader program: members, events, supply-chain maps. */
  readonly trusted: TrustedTraderRepository;
  /** Every accepted filing's decision with its counterfactual lane and outcome. */
  readonly ledger: BenefitLedgerRepository;
  /** Officers' corrections of classifications (append-only). */
  readonly corrections: CorrectionRepository;
  /** Rate-limit counts every process shares (PostgreSQL); null: each process counts in memory. */
  readonly rateLimits: RateCounter | null;
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /**
   * PostgreSQL with autovacuum off: ANALYZE the tables due by autovacuum's rule (ADR 0027);
   * otherwise, and on SQLite, nothing.
   */
  analyzeIfStale(): Promise<StatisticsTurn>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
