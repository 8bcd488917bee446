import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NewShipmentRow } from '../repository.js';
import { CommittedSets, KyselyShipments, filedEvent, shipmentColumns } from '../db.js';
import { STAGE_COUNT_CONFLICT, stageCountRows } from '../../../platform/db/stage-counts.js';
import type { Database } from '../../../platform/db/schema.js';
import { RULE_COUNT_CONFLICT, chainRows, decisionColumns, filedRuleCounts } from '../../risk/index.js';
import { ledgerColumns } from '../../trusted-trader/index.js';

/** A table's columns written in bulk, each with its PostgreSQL type (the array is `type[]`). */
type Columns = readonly (readonly [column: string, type: string])[];

const SHIPMENTS: Columns = [
  ['id', 'text'],
  ['tenant', 'text'],
  ['reference', 'text'],
  ['type', 'text'],
  ['status', 'text'],
  ['revision', 'integer'],
  ['arrival_date', 'text'],
  ['body', 'text'],
  ['findings', 'text'],
  ['versions', 'text'],
  ['idempotency_key', 'text'],
  ['request_hash', 'text'],
  ['created_at', 'text'],
  ['lane', 'text'],
  ['port', 'text'],
];
const VERSION_SETS: Columns = [
  ['key', 'text'],
  ['json', 'text'],
];
const DECISIONS: Columns = [
  ['seq', 'bigint'],
  ['shipment_id', 'text'],
  ['revision', 'integer'],
  ['tenant', 'text'],
  ['lane', 'text'],
  ['score', 'real'],
  ['record', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['created_at', 'text'],
];
const RULE_COUNTS: Columns = [
  ['day', 'text'],
  ['rule', 'text'],
  ['selected', 'bigint'],
  ['exams', 'bigint'],
  ['found', 'bigint'],
];
const STAGE_COUNTS: Columns = [
  ['stage', 'text'],
  ['tenant', 'text'],
  ['day', 'text'],
  ['key', 'text'],
  ['n', 'bigint'],
];
const LEDGER: Columns = [
  ['shipment_id', 'text'],
  ['revision', 'integer'],
  ['tenant', 'text'],
  ['decided_at', 'text'],
  ['period', 'text'],
  ['member_id', 'text'],
  ['tier', 'text'],
  ['chapter', 'text'],
  ['origin', 'text'],
  ['port', 'text'],
  ['band', 'integer'],
  ['lane', 'text'],
  ['counterfactual', 'text'],
  ['exam', 'integer'],
  ['held', 'integer'],
  ['released_at', 'text'],
  ['release_hours', 'double precision'],
];

/**
 * `insert into <table> (<columns>) select * from unnest($1::type[], …)`: any number of rows as one
 * array parameter per column, so the statement's text and parameter count do not grow with the
 * rows (no bound-parameter limit, little SQL to build and parse). Strings travel as they do in
 * single parameters (the driver's UTF-8 encoding), numbers as text.
 */
function insertRows(table: string, columns: Columns, rows: readonly object[]): RawBuilder<unknown> {
  const arrays = columns.map(
    ([c, type]) => sql`${rows.map((r) => (r as Record<string, unknown>)[c] ?? null)}::${sql.raw(type)}[]`,
  );
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([c]) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`;
}

/**
 * PostgreSQL's hot path: the same contract as KyselyShipments in five round trips whatever the
 * number of rows (ten before, each a wait on a loaded machine): BEGIN; the
 * filings and the day counters of those inserted (ADR 0024) in one statement; the chain head locked
 * and read; the outbox event, the chained decisions, the head moved and the ledger entries in one
 * statement; COMMIT. A version set this process has not written before (new reference data) adds
 * one statement, first. Rows are locked in the order KyselyShipments locks them (a version set, a
 * filing's idempotency key, its day counter, then the head), so processes of either kind side by
 * side cannot deadlock. Every row and value written is the one KyselyShipments writes.
 */
export class PostgresShipments extends KyselyShipments {
  private readonly sets = new CommittedSets();

  constructor(private readonly kdb: Kysely<Database>) {
    super(kdb, 'postgres');
  }

  override async insertMany(rows: readonly NewShipmentRow[]): Promise<boolean[]> {
    if (rows.length === 0) return [];
    const sets = this.sets.newIn(rows);
    const inserted = await this.kdb.transaction().execute(async (trx) => {
      if (sets.length > 0)
        await sql`${insertRows('version_sets', VERSION_SETS, sets)} on conflict (key) do nothing`.execute(
          trx,
        );
      const added = await sql<{ ids: string[] | null }>`
        with added as (
          ${insertRows('shipments', SHIPMENTS, rows.map(shipmentColumns))}
          on conflict (tenant, idempotency_key) where idempotency_key is not null do nothing
          returning id, created_at, lane, port
        ), counted as (
          insert into filing_counts (day, lane, port, n)
          select substr(created_at, 1, 10), coalesce(lane, ''), coalesce(port, ''), count(*)
          from added group by 1, 2, 3
          on conflict (day, lane, port) do update set n = filing_counts.n + excluded.n
        )
        select array_agg(id) as ids from added`.execute(trx);
      const inserted = new Set(added.rows[0]?.ids ?? []);
      const fresh = rows.filter((s) => inserted.has(s.id));
      if (fresh.length === 0) return inserted;
      const writes: RawBuilder<unknown>[] = [];
      const event = filedEvent(fresh);
      writes.push(
        sql`insert into outbox (topic, msg_key, payload, created_at)
            values (${event.topic}, ${event.msg_key}, ${event.payload}, ${event.created_at})`,
      );
      const decided = fresh.flatMap((s) => (s.decision ? [s.decision] : []));
      if (decided.length > 0) {
        const head = await trx
          .selectFrom('decision_head')
          .select(['seq', 'hash'])
          .where('id', '=', 1)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const chained = chainRows({ seq: Number(head.seq), hash: head.hash }, decided);
        const last = chained[chained.length - 1]!;
        writes.push(
          insertRows('decisions', DECISIONS, chained.map(decisionColumns)),
          sql`update decision_head set seq = ${last.seq}, hash = ${last.hash} where id = 1`,
        );
        const rules = filedRuleCounts(chained);
        if (rules.length > 0)
          writes.push(sql`${insertRows('rule_counts', RULE_COUNTS, rules)} ${sql.raw(RULE_COUNT_CONFLICT)}`);
      }
      const stages = stageCountRows(fresh);
      if (stages.length > 0)
        writes.push(
          sql`${insertRows('stage_counts', STAGE_COUNTS, stages)} ${sql.raw(STAGE_COUNT_CONFLICT)}`,
        );
      const ledger = fresh.flatMap((s) => (s.ledger ? [ledgerColumns(s.ledger)] : []));
      if (ledger.length > 0)
        writes.push(
          sql`${insertRows('benefit_ledger', LEDGER, ledger)} on conflict (shipment_id, revision) do nothing`,
        );
      // Data-modifying CTEs all run, whether the main query reads them or not.
      await sql`with ${sql.join(writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`))} select 1`.execute(
        trx,
      );
      return inserted;
    });
    this.sets.committed(sets);
    return rows.map((s) => inserted.has(s.id));
  }
}
