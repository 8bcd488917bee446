import type { ApiKeyRepository } from './api-key-repository.js';
import type { RefdataRepository } from './refdata-repository.js';
import type { DocumentRepository } from './document-store.js';
import type { DecisionRepository } from './decision-repository.js';
import type { WebhookRepository } from './webhook-repository.js';
import type { RegistryRepository } from './registry-repository.js';
import type { ScreeningRepository } from './screening-repository.js';
import type { BenefitLedgerRepository, TrustedTraderRepository } from './trusted-trader-repository.js';
import type { OutboxRepository, ShipmentRepository } from './shipment-repository.js';

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
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
