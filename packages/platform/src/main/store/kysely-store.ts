/**
 * The Store on Kysely: every module's repository over one database (SQLite or PostgreSQL), and the
 * migrations. The modules own their repositories (modules/<m>/db.ts); this only gathers them.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { KyselyApiKeys } from '../../modules/access/index.js';
import type { ApiKeyRepository } from '../../modules/access/index.js';
import { KyselyDocuments, type DocumentRepository } from '../../modules/documents/index.js';
import {
  KyselyOutbox,
  KyselyShipments,
  PostgresShipments,
  type OutboxRepository,
  type ShipmentRepository,
} from '../../modules/filing/index.js';
import { KyselyWebhooks, type WebhookRepository } from '../../modules/notifications/index.js';
import { KyselyRegistry, type RegistryRepository } from '../../modules/parties/index.js';
import { KyselyRefdata, type RefdataRepository } from '../../modules/reference/index.js';
import { KyselyDecisions, type DecisionRepository } from '../../modules/risk/index.js';
import { KyselyScreening, type ScreeningRepository } from '../../modules/screening/index.js';
import {
  KyselyBenefitLedger,
  KyselyTrustedTraders,
  type BenefitLedgerRepository,
  type TrustedTraderRepository,
} from '../../modules/trusted-trader/index.js';
import { KyselyCorrections, type CorrectionRepository } from '../../modules/classification/index.js';
import { migrationProvider } from '../../platform/db/migrations.js';
import { PostgresRateCounter } from '../../platform/db/rate-counter.js';
import { analyzeIfStale, type StatisticsTurn } from '../../platform/db/statistics.js';
import type { RateCounter } from '../../platform/http/rate-limit-store.js';
import type { Database } from '../../platform/db/schema.js';
import type { WalCheckpoints } from '../../platform/db/checkpointer.js';
import type { Store } from './store.js';

/** The Store on Kysely: one implementation for SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly shipments: ShipmentRepository;
  readonly outbox: OutboxRepository;
  readonly refdata: RefdataRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly screening: ScreeningRepository;
  readonly registry: RegistryRepository;
  readonly documents: DocumentRepository;
  readonly decisions: DecisionRepository;
  readonly webhooks: WebhookRepository;
  readonly trusted: TrustedTraderRepository;
  readonly ledger: BenefitLedgerRepository;
  readonly corrections: CorrectionRepository;
  readonly rateLimits: RateCounter | null;
  readonly wal: WalCheckpoints | null;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void> = async () => undefined,
    /** A dialect's own repositories for hot paths (SQLite's prepared statements, caches). */
    own: {
      readonly shipments?: ShipmentRepository;
      readonly ledger?: BenefitLedgerRepository;
      readonly apiKeys?: ApiKeyRepository;
      readonly registry?: RegistryRepository;
      /** SQLite with background checkpoints: what the checkpointer thread did (metrics). */
      readonly wal?: WalCheckpoints;
    } = {},
    /**
     * PostgreSQL: the schema the migrations' own tables live in. Named, so that another schema of
     * the same database holding Tradelane's tables is never mistaken for this one's.
     */
    private readonly schema?: string,
  ) {
    this.shipments =
      own.shipments ??
      (dialect === 'postgres' ? new PostgresShipments(db) : new KyselyShipments(db, dialect));
    this.outbox = new KyselyOutbox(db, dialect);
    this.refdata = new KyselyRefdata(db);
    this.apiKeys = own.apiKeys ?? new KyselyApiKeys(db);
    this.screening = new KyselyScreening(db);
    this.registry = own.registry ?? new KyselyRegistry(db);
    this.documents = new KyselyDocuments(db);
    this.decisions = new KyselyDecisions(db, dialect);
    this.webhooks = new KyselyWebhooks(db, dialect);
    this.trusted = new KyselyTrustedTraders(db);
    this.ledger = own.ledger ?? new KyselyBenefitLedger(db);
    this.corrections = new KyselyCorrections(db);
    this.rateLimits = dialect === 'postgres' ? new PostgresRateCounter(db) : null;
    this.wal = own.wal ?? null;
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider(this.dialect),
      migrationTableName: 'tradelane_migrations',
      migrationLockTableName: 'tradelane_migrations_lock',
      ...(this.schema ? { migrationTableSchema: this.schema } : {}),
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
  }

  async analyzeIfStale(): Promise<StatisticsTurn> {
    // SQLite's planner prefers an index without statistics; PostgreSQL's does not (ADR 0027).
    if (this.dialect === 'sqlite') return { analyzed: [], ms: 0 };
    return analyzeIfStale(this.db);
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}
