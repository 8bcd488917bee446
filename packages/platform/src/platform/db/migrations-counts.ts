import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.js';

/*
 * Counters kept beside the rows they count (issue 20). The list that orders them with the other
 * migrations is migrationProvider in migrations.ts.
 */

/**
 * Filings per UTC day, lane and port (ADR 0024): the dashboard reads a day's few dozen rows
 * instead of counting a day's filings. A filing's counter is added to in the transaction that
 * writes the filing and its decision; an absent lane (rejected, or no risk stage) or port is ''.
 * Existing filings are counted once here, through the covering index (created_at, lane, port, id).
 */
export function filingCounts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('filing_counts')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('lane', 'text', (c) => c.notNull())
        .addColumn('port', 'text', (c) => c.notNull())
        .addColumn('n', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('filing_counts_pk', ['day', 'lane', 'port'])
        .execute();
      await sql`insert into filing_counts (day, lane, port, n)
        select substr(created_at, 1, 10), coalesce(lane, ''), coalesce(port, ''), count(*)
        from shipments group by substr(created_at, 1, 10), coalesce(lane, ''), coalesce(port, '')`.execute(
        db,
      );
    },
  };
}

/**
 * The counters the reports read instead of scanning the filings and the decision log (issue 22,
 * ADR 0029), and the backlog of what was stored before them.
 *
 * - `stage_counts`: what each filing added to a pipeline stage's counters (the PGA stage's
 *   obligations per agency and mode), per stage, tenant, UTC day and key; tenant '' holds every
 *   tenant's sum, so that an officer's report reads as few rows as a filer's. The documents
 *   uploaded for filings count there too (stage 'documents', key: the agency), on the filing's
 *   day; those already uploaded are counted here.
 * - `rule_counts`: per UTC day and rule (and RANDOM), the decisions it selected, the exam results
 *   that answered them and those that found something.
 * - `count_backlog`: the filings stored before this migration, whose stage counts the background
 *   recount adds (the PGA catalogue they need is not loaded while migrating); `rule_backlog` the
 *   part of the decision log (seq ≤ upto_seq) not yet counted, counted after `after_seq`.
 * Everything filed or decided after this migration is counted in the transaction that writes it.
 */
export function reportCounts(dialect: Dialect): Migration {
  const count = dialect === 'postgres' ? 'bigint' : 'integer';
  // SQLite: the counters are their primary key's B-tree (no rowid table beside it), so an upsert
  // writes one B-tree, not two.
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('stage_counts')
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('n', count, (c) => c.notNull())
        .addPrimaryKeyConstraint('stage_counts_pk', ['stage', 'tenant', 'day', 'key'])
        .modifyEnd(clustered)
        .execute();
      // Documents already uploaded for filings: counted here, as each upload is from now on.
      for (const [tenant, also] of [
        [sql`s.tenant`, sql`s.tenant, `],
        [sql`''`, sql``],
      ] as const)
        await sql`insert into stage_counts (stage, tenant, day, key, n)
          select 'documents', ${tenant}, substr(s.created_at, 1, 10), coalesce(d.agency, ''), count(*)
          from documents d join shipments s on s.id = d.shipment_id
          group by ${also}substr(s.created_at, 1, 10), coalesce(d.agency, '')`.execute(db);
      await db.schema
        .createTable('rule_counts')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('selected', count, (c) => c.notNull())
        .addColumn('exams', count, (c) => c.notNull())
        .addColumn('found', count, (c) => c.notNull())
        .addPrimaryKeyConstraint('rule_counts_pk', ['day', 'rule'])
        .modifyEnd(clustered)
        .execute();
      await db.schema
        .createTable('count_backlog')
        .addColumn('shipment_id', 'text', (c) => c.primaryKey())
        .execute();
      await sql`insert into count_backlog (shipment_id) select id from shipments`.execute(db);
      await db.schema
        .createTable('rule_backlog')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('after_seq', count, (c) => c.notNull())
        .addColumn('upto_seq', count, (c) => c.notNull())
        .execute();
      await sql`insert into rule_backlog (id, after_seq, upto_seq)
        select 1, 0, coalesce(max(seq), 0) from decisions`.execute(db);
    },
  };
}

const CELL_KEY = ['period', 'member', 'tier', 'chapter', 'origin', 'port', 'band'];
const COUNTS = [
  'n',
  'exams',
  'holds',
  'exams_avoided',
  'holds_avoided',
  'released',
  'hours_sum',
  'hours_sum2',
];
const HOURS_KEY = [...CELL_KEY, 'hours'];
const list = (cols: readonly string[]) => sql.raw(cols.join(', '));
const CELL = list(CELL_KEY);
const HOURS = list(HOURS_KEY);

/** Expressions named as the columns they are for. */
const named = (exprs: readonly string[], names: readonly string[]) =>
  exprs.map((e, i) => `${e} as ${names[i]}`).join(', ');

/**
 * A ledger row's part of its cell (`r` names the row; `sign` 1 adds it, -1 takes it away).
 * `released` counts the decisions whose release hours are known, 0 included; `benefit_hours`
 * keeps the hours other than 0.
 */
const cellOf = (r: string, sign: string) =>
  named(
    [
      `${r}.period`,
      `coalesce(${r}.member_id, '')`,
      `coalesce(${r}.tier, '')`,
      `${r}.chapter`,
      `${r}.origin`,
      `${r}.port`,
      `${r}.band`,
      sign,
      `${sign} * ${r}.exam`,
      `${sign} * ${r}.held`,
      `${sign} * (case when ${r}.counterfactual = 'red' and ${r}.lane <> 'red' then 1 else 0 end)`,
      `${sign} * (case when ${r}.counterfactual in ('yellow', 'red') and ${r}.lane not in ('yellow', 'red') then 1 else 0 end)`,
      `${sign} * (case when ${r}.release_hours is null then 0 else 1 end)`,
      `${sign} * coalesce(${r}.release_hours, 0)`,
      `${sign} * coalesce(${r}.release_hours * ${r}.release_hours, 0)`,
    ],
    [...CELL_KEY, ...COUNTS],
  );

/**
 * Where a ledger row's release hours other than 0 are counted: per cell for non-members (the
 * baseline's quantiles are per stratum), per month, member and tier for members (their own).
 */
const hoursOf = (r: string, sign: string) =>
  named(
    [
      `${r}.period`,
      `coalesce(${r}.member_id, '')`,
      `coalesce(${r}.tier, '')`,
      `case when ${r}.member_id is null then ${r}.chapter else '' end`,
      `case when ${r}.member_id is null then ${r}.origin else '' end`,
      `case when ${r}.member_id is null then ${r}.port else '' end`,
      `case when ${r}.member_id is null then ${r}.band else -1 end`,
      `${r}.release_hours`,
      sign,
    ],
    [...HOURS_KEY, 'n'],
  );

/** The upsert's update: each count of the cell `t` plus the one the insert brought. */
const addCounts = (t: string) => COUNTS.map((c) => `${c} = ${t}.${c} + excluded.${c}`).join(', ');
const sums = sql.raw(COUNTS.map((c) => `sum(${c})`).join(', '));

/** The ledger columns a cell depends on: an update of any other leaves the cells as they are. */
const CELL_SOURCES =
  'period, member_id, tier, chapter, origin, port, band, lane, counterfactual, exam, held, release_hours';

/**
 * `benefit_folded.upto` on PostgreSQL, where triggers count every row in its own transaction:
 * every sequence number is at or below it, so nothing is left to fold.
 */
export const ALL_FOLDED = Number.MAX_SAFE_INTEGER;

/**
 * The benefit report's cells (ADR 0033): per month, member and tier, and stratum, what the
 * ledger's decisions add up to, and the release hours other than 0 with their counts. The report
 * over whole months reads these instead of the ledger, and the ledger's rows past
 * `benefit_folded.upto`.
 * - SQLite (one writer): rows are folded into the cells in the background, many per transaction
 *   (`foldBenefitCells`), not one by one in each filing's; an outcome on a row already folded is
 *   applied to its cells by a trigger.
 * - PostgreSQL (writers side by side, whose sequence numbers commit out of order): triggers count
 *   every write in its own transaction.
 * The ledger stored before this migration is counted here, in one statement.
 * A cell or an hours row whose `n` fell to 0 (a row moved out of it) stays, and is not read.
 */
export function benefitCells(dialect: Dialect): Migration {
  const count = dialect === 'postgres' ? 'bigint' : 'integer';
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Kysely<unknown>) {
      const key = (t: string) => {
        let b = db.schema.createTable(t);
        for (const c of CELL_KEY) b = b.addColumn(c, c === 'band' ? 'integer' : 'text', (x) => x.notNull());
        return b;
      };
      let cells = key('benefit_cells');
      for (const c of COUNTS)
        cells = cells.addColumn(c, c.startsWith('hours') ? real : count, (b) => b.notNull());
      await cells
        .addPrimaryKeyConstraint('benefit_cells_pk', CELL_KEY as never)
        .modifyEnd(clustered)
        .execute();
      await key('benefit_hours')
        .addColumn('hours', real, (c) => c.notNull())
        .addColumn('n', count, (c) => c.notNull())
        .addPrimaryKeyConstraint('benefit_hours_pk', HOURS_KEY as never)
        .modifyEnd(clustered)
        .execute();
      await db.schema
        .createTable('benefit_folded')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('upto', count, (c) => c.notNull())
        .execute();
      // The ledger already stored, counted in one sorted statement (faster than folding it in
      // pages: 31–34 s against 50.3 s for 10,000,000 entries). On PostgreSQL, writers wait until
      // the triggers exist, so none writes between the count and them; SQLite's migration holds
      // the only write lock already.
      if (dialect === 'postgres')
        await sql`lock table benefit_ledger in share row exclusive mode`.execute(db);
      await countBenefitCells(db);
      const upto =
        dialect === 'postgres' ? sql`${ALL_FOLDED}` : sql`(select coalesce(max(seq), 0) from benefit_ledger)`;
      await sql`insert into benefit_folded (id, upto) values (1, ${upto})`.execute(db);
      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
  };
}

/** Counts ledger rows into the cells: those with seq in (after, upto], or all. */
export async function countBenefitCells<DB>(db: Kysely<DB>, seq?: { after: number; upto: number }) {
  const where = seq ? sql`where l.seq > ${seq.after} and l.seq <= ${seq.upto}` : sql``;
  const hours = seq ? sql`and` : sql`where`;
  await sql`insert into benefit_cells (${CELL}, ${list(COUNTS)})
    select ${CELL}, ${sums} from (select ${sql.raw(cellOf('l', '1'))} from benefit_ledger l ${where}) c
    group by ${CELL} order by ${CELL}
    on conflict (${CELL}) do update set ${sql.raw(addCounts('benefit_cells'))}`.execute(db);
  await sql`insert into benefit_hours (${HOURS}, n)
    select ${HOURS}, sum(n)
    from (select ${sql.raw(hoursOf('l', '1'))} from benefit_ledger l ${where} ${hours} l.release_hours > 0) h
    group by ${HOURS} order by ${HOURS}
    on conflict (${HOURS}) do update set n = benefit_hours.n + excluded.n`.execute(db);
}

/**
 * Folds up to `limit` ledger rows past `benefit_folded.upto` into the cells, in one transaction
 * (the caller's, or its own); how many sequence numbers it moved past (0: none was left). On
 * PostgreSQL `upto` is ALL_FOLDED: none is ever left.
 */
export async function foldBenefitCells<DB>(db: Kysely<DB>, limit: number): Promise<number> {
  const fold = async (trx: Kysely<DB>) => {
    const r = await sql<{ upto: number | string; last: number | string | null }>`
      select f.upto as upto, (select max(seq) from benefit_ledger) as last
      from benefit_folded f where f.id = 1`.execute(trx);
    const after = Number(r.rows[0]?.upto ?? ALL_FOLDED);
    const upto = Math.min(Number(r.rows[0]?.last ?? 0), after + limit);
    if (upto <= after) return 0;
    await countBenefitCells(trx, { after, upto });
    await sql`update benefit_folded set upto = ${upto} where id = 1`.execute(trx);
    return upto - after;
  };
  return db.isTransaction ? fold(db) : db.transaction().execute(fold);
}

/**
 * SQLite: an outcome (or any change to what a cell counts) on a row already folded takes the
 * row's old part out of its cells and puts its new part in. A row not yet folded is folded as it
 * is then.
 */
async function sqliteTriggers(db: Kysely<unknown>) {
  const part = (r: string, sign: string) => sql`
    insert into benefit_cells (${CELL}, ${list(COUNTS)}) select ${sql.raw(cellOf(r, sign))} where true
      on conflict do update set ${sql.raw(addCounts('benefit_cells'))};
    insert into benefit_hours (${HOURS}, n) select ${sql.raw(hoursOf(r, sign))}
      where ${sql.raw(r)}.release_hours > 0
      on conflict do update set n = benefit_hours.n + excluded.n;`;
  await sql`create trigger benefit_ledger_cells_update after update of ${sql.raw(CELL_SOURCES)}
    on benefit_ledger when old.seq <= (select upto from benefit_folded where id = 1)
    begin ${part('old', '-1')} ${part('new', '1')} end`.execute(db);
}

/**
 * PostgreSQL: statement triggers over the statement's rows (transition tables), grouped and
 * sorted by cell, so that concurrent writers lock cells in one order. The functions keep the
 * schema they were created in (`set search_path from current`), whatever the caller's.
 */
async function postgresTriggers(db: Kysely<unknown>) {
  const cellRows = (t: string, sign: string) => `select ${cellOf('r', sign)} from ${t} r`;
  const hourRows = (t: string, sign: string) =>
    `select ${hoursOf('r', sign)} from ${t} r where r.release_hours > 0`;
  const body = (parts: [string, string][]) => `
    insert into benefit_cells (${CELL_KEY}, ${COUNTS})
      select ${CELL_KEY}, ${COUNTS.map((c) => `sum(${c})`)}
      from (${parts.map(([t, s]) => cellRows(t, s)).join(' union all ')}) c
      group by ${CELL_KEY} order by ${CELL_KEY}
      on conflict (${CELL_KEY}) do update set ${addCounts('benefit_cells')};
    insert into benefit_hours (${HOURS_KEY}, n)
      select ${HOURS_KEY}, sum(n)
      from (${parts.map(([t, s]) => hourRows(t, s)).join(' union all ')}) h
      group by ${HOURS_KEY} having sum(n) <> 0 order by ${HOURS_KEY}
      on conflict (${HOURS_KEY}) do update set n = benefit_hours.n + excluded.n;`;
  const fn = (name: string, parts: [string, string][]) =>
    sql.raw(`create function ${name}() returns trigger language plpgsql
      set search_path from current as $fn$ begin ${body(parts)} return null; end $fn$`);
  await sql`${fn('benefit_cells_added', [['added', '1']])}`.execute(db);
  await sql`${fn('benefit_cells_changed', [
    ['before_rows', '-1'],
    ['after_rows', '1'],
  ])}`.execute(db);
  await sql`create trigger benefit_ledger_cells after insert on benefit_ledger
    referencing new table as added for each statement execute function benefit_cells_added()`.execute(db);
  await sql`create trigger benefit_ledger_cells_update after update on benefit_ledger
    referencing old table as before_rows new table as after_rows
    for each statement execute function benefit_cells_changed()`.execute(db);
}
