import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { NewShipmentRow } from '../repository.js';
import { CommittedSets, KyselyShipments, countRows, filedEvent } from '../db.js';
import { STAGE_COUNT_CONFLICT, stageCountRows } from '../../../platform/db/stage-counts.js';
import type { Database } from '../../../platform/db/schema.js';
import { RULE_COUNT_CONFLICT, chainRows, filedRuleCounts } from '../../risk/index.js';
import { ledgerColumns } from '../../trusted-trader/index.js';

/**
 * SQLite's hot path: the same contract as KyselyShipments, but bulk inserts run as reused prepared
 * statements in one synchronous transaction (no SQL built per batch). It holds Kysely's connection
 * while it writes, so it never interleaves with a Kysely transaction on the same database.
 */
export class SqliteShipments extends KyselyShipments {
  private writeAll:
    ((rows: readonly NewShipmentRow[], sets: readonly { key: string; json: string }[]) => boolean[]) | null =
    null;

  constructor(
    private readonly kdb: Kysely<Database>,
    private readonly sqlite: BetterSqlite3.Database,
  ) {
    super(kdb, 'sqlite');
  }

  private readonly sets = new CommittedSets();

  override async insertMany(rows: readonly NewShipmentRow[]): Promise<boolean[]> {
    if (rows.length === 0) return [];
    const sets = this.sets.newIn(rows);
    const inserted = await this.kdb.connection().execute(async () => this.writer()(rows, sets));
    this.sets.committed(sets);
    return inserted;
  }

  /** Prepared on first use: the tables exist only after migration. */
  private writer(): (
    rows: readonly NewShipmentRow[],
    sets: readonly { key: string; json: string }[],
  ) => boolean[] {
    if (this.writeAll) return this.writeAll;
    const insertShipment = this.sqlite.prepare(
      `insert into shipments (id, tenant, reference, type, status, revision, arrival_date, body, findings, versions,
         idempotency_key, request_hash, created_at, lane, port)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant, idempotency_key) where idempotency_key is not null do nothing`,
    );
    const insertEvent = this.sqlite.prepare(
      'insert into outbox (topic, msg_key, payload, created_at) values (@topic, @msg_key, @payload, @created_at)',
    );
    const insertSet = this.sqlite.prepare(
      'insert into version_sets (key, json) values (@key, @json) on conflict do nothing',
    );
    const addCount = this.sqlite.prepare(
      `insert into filing_counts (day, lane, port, n) values (@day, @lane, @port, @n)
       on conflict (day, lane, port) do update set n = filing_counts.n + excluded.n`,
    );
    const readHead = this.sqlite.prepare('select seq, hash from decision_head where id = 1');
    const insertDecision = this.sqlite.prepare(
      `insert into decisions (seq, shipment_id, revision, tenant, lane, score, record, prev_hash, hash, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const moveHead = this.sqlite.prepare('update decision_head set seq = @seq, hash = @hash where id = 1');
    const addRuleCount = this.sqlite.prepare(
      `insert into rule_counts (day, rule, selected, exams, found) values (@day, @rule, @selected, @exams, @found)
       ${RULE_COUNT_CONFLICT}`,
    );
    const addStageCount = this.sqlite.prepare(
      `insert into stage_counts (stage, tenant, day, key, n) values (@stage, @tenant, @day, @key, @n)
       ${STAGE_COUNT_CONFLICT}`,
    );
    const insertLedger = this.sqlite.prepare(
      `insert into benefit_ledger (shipment_id, revision, tenant, decided_at, period, member_id, tier, chapter, origin,
         port, band, lane, counterfactual, exam, held, released_at, release_hours)
       values (@shipment_id, @revision, @tenant, @decided_at, @period, @member_id, @tier, @chapter, @origin,
         @port, @band, @lane, @counterfactual, @exam, @held, @released_at, @release_hours)
       on conflict (shipment_id, revision) do nothing`,
    );
    this.writeAll = this.sqlite.transaction(
      (rows: readonly NewShipmentRow[], sets: readonly { key: string; json: string }[]) => {
        for (const set of sets) insertSet.run(set);
        // Positional parameters, in the statements' column order: binding by name looks each one up,
        // and an object of columns a row was one more allocation per row (docs/benchmarks.md).
        const inserted = rows.map(
          (s) =>
            insertShipment.run(
              s.id,
              s.tenant,
              s.reference,
              s.type,
              s.status,
              s.revision,
              s.arrivalDate,
              s.bodyJson,
              s.findingsJson,
              s.versionsKey,
              s.idempotencyKey,
              s.requestHash,
              s.createdAt,
              s.decision?.lane ?? null,
              s.port,
            ).changes === 1,
        );
        const announced = rows.filter((_, i) => inserted[i]);
        if (announced.length > 0) insertEvent.run(filedEvent(announced));
        for (const c of countRows(announced)) addCount.run(c);
        const decided = announced.flatMap((s) => (s.decision ? [s.decision] : []));
        if (decided.length > 0) {
          const head = readHead.get() as { seq: number; hash: string };
          const chained = chainRows({ seq: Number(head.seq), hash: head.hash }, decided);
          for (const d of chained)
            insertDecision.run(
              d.seq,
              d.shipmentId,
              d.revision,
              d.tenant,
              d.lane,
              d.score,
              d.record,
              d.prevHash,
              d.hash,
              d.createdAt,
            );
          const last = chained[chained.length - 1]!;
          moveHead.run({ seq: last.seq, hash: last.hash });
          for (const c of filedRuleCounts(chained)) addRuleCount.run(c);
        }
        for (const c of stageCountRows(announced)) addStageCount.run(c);
        for (const s of announced) if (s.ledger) insertLedger.run(ledgerColumns(s.ledger));
        return inserted;
      },
    );
    return this.writeAll;
  }
}
