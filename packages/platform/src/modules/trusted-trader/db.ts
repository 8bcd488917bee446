import { sql, type Kysely, type Transaction } from 'kysely';
import type { LedgerFacts } from './domain/benefit-report.js';
import { ALL_FOLDED, foldBenefitCells } from '../../platform/db/migrations-counts.js';
import type { Member, MemberEvent } from './domain/lifecycle.js';
import type { Lane } from '../risk/index.js';
import type {
  BenefitLedgerRepository,
  CellVisitor,
  LedgerEntry,
  LedgerOutcome,
  LedgerMonths,
  LedgerRange,
  StoredSupplyChain,
  TrustedTraderRepository,
} from './repository.js';
import type { Database } from '../../platform/db/schema.js';

const eventColumns = (e: MemberEvent) => ({
  member_id: e.member,
  at: e.at,
  actor: e.actor,
  action: e.action,
  from_status: e.from,
  to_status: e.to,
  reason: e.reason,
  details: JSON.stringify(e.details),
});

const memberColumns = (m: Member) => ({
  id: m.id,
  tenant: m.tenant,
  status: m.status,
  body: JSON.stringify(m),
  version: m.version,
  applied_at: m.applied_at,
  updated_at: m.updated_at,
});

/** Announces a member's events (`trusted.status`) through the outbox, in the write's transaction. */
async function announce(
  trx: Transaction<Database>,
  m: Member,
  events: readonly MemberEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('outbox')
    .values({
      topic: 'trusted.status',
      msg_key: `${m.id}@${m.version}`,
      payload: JSON.stringify({
        member: m.id,
        tenant: m.tenant,
        version: m.version,
        status: m.status,
        events: events.map((e) => ({ at: e.at, action: e.action, from: e.from, to: e.to, reason: e.reason })),
      }),
      created_at: events[events.length - 1]!.at,
    })
    .execute();
}

export class KyselyTrustedTraders implements TrustedTraderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(m: Member, event: MemberEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('tt_members').values(memberColumns(m)).execute();
      await trx.insertInto('tt_events').values(eventColumns(event)).execute();
      await announce(trx, m, [event]);
    });
  }

  async update(m: Member, expectedVersion: number, events: readonly MemberEvent[]): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('tt_members')
        .set({ status: m.status, body: JSON.stringify(m), version: m.version, updated_at: m.updated_at })
        .where('id', '=', m.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      if (events.length) await trx.insertInto('tt_events').values(events.map(eventColumns)).execute();
      await announce(trx, m, events);
      return true;
    });
  }

  async get(id: string): Promise<Member | null> {
    const r = await this.db.selectFrom('tt_members').select('body').where('id', '=', id).executeTakeFirst();
    return r ? (JSON.parse(r.body) as Member) : null;
  }

  async list(filter: { tenant?: string | null; status?: string | undefined }): Promise<Member[]> {
    let q = this.db.selectFrom('tt_members').select('body').orderBy('applied_at').orderBy('id');
    if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
    if (filter.status) q = q.where('status', '=', filter.status);
    return (await q.execute()).map((r) => JSON.parse(r.body) as Member);
  }

  async events(memberId?: string): Promise<MemberEvent[]> {
    let q = this.db.selectFrom('tt_events').selectAll().orderBy('seq');
    if (memberId) q = q.where('member_id', '=', memberId);
    return (await q.execute()).map((r) => ({
      member: r.member_id,
      at: r.at,
      actor: r.actor,
      action: r.action as MemberEvent['action'],
      from: r.from_status as MemberEvent['from'],
      to: r.to_status as MemberEvent['to'],
      reason: r.reason,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  async putSupplyChain(row: StoredSupplyChain): Promise<void> {
    const values = {
      member_id: row.member,
      product: row.product,
      body: JSON.stringify(row.map),
      warnings: JSON.stringify(row.warnings),
      nexus: JSON.stringify(row.nexus),
      checked_at: row.checkedAt,
      lists: JSON.stringify(row.lists),
      updated_at: row.updatedAt,
    };
    await this.db
      .insertInto('tt_supply_chains')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['member_id', 'product']).doUpdateSet({
          body: values.body,
          warnings: values.warnings,
          nexus: values.nexus,
          checked_at: values.checked_at,
          lists: values.lists,
          updated_at: values.updated_at,
        }),
      )
      .execute();
  }

  async supplyChain(memberId: string, product: string): Promise<StoredSupplyChain | null> {
    const r = await this.db
      .selectFrom('tt_supply_chains')
      .selectAll()
      .where('member_id', '=', memberId)
      .where('product', '=', product)
      .executeTakeFirst();
    return r ? toSupplyChain(r) : null;
  }

  async supplyChains(memberId?: string): Promise<StoredSupplyChain[]> {
    let q = this.db.selectFrom('tt_supply_chains').selectAll().orderBy('member_id').orderBy('product');
    if (memberId) q = q.where('member_id', '=', memberId);
    return (await q.execute()).map(toSupplyChain);
  }

  async changeStamp(): Promise<string> {
    // Events only grow (seq); a member's version grows with each write; a map is replaced whole
    // or re-checked (its times and lengths). Aggregates over small tables, no bodies sent.
    const [e, m, c] = await Promise.all([
      this.db
        .selectFrom('tt_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst(),
      this.db
        .selectFrom('tt_members')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('version').as('versions')])
        .executeTakeFirst(),
      this.db
        .selectFrom('tt_supply_chains')
        .select((eb) => [
          eb.fn.countAll().as('n'),
          eb.fn.max('updated_at').as('at'),
          eb.fn.max('checked_at').as('checked'),
          eb.fn.sum(sql<number>`length(body) + length(nexus) + length(lists)`).as('length'),
        ])
        .executeTakeFirst(),
    ]);
    const parts = [e?.seq, m?.n, m?.versions, c?.n, c?.at, c?.checked, c?.length];
    // PostgreSQL answers counts and sums as text, SQLite as numbers: the same digest either way.
    return parts.map((x) => (x === null || x === undefined ? '' : String(x))).join('|');
  }
}

const toSupplyChain = (r: Database['tt_supply_chains']): StoredSupplyChain => ({
  member: r.member_id,
  product: r.product,
  map: JSON.parse(r.body) as StoredSupplyChain['map'],
  warnings: JSON.parse(r.warnings) as StoredSupplyChain['warnings'],
  nexus: JSON.parse(r.nexus) as StoredSupplyChain['nexus'],
  checkedAt: r.checked_at,
  lists: JSON.parse(r.lists) as string[],
  updatedAt: r.updated_at,
});

export const ledgerColumns = (e: LedgerEntry) => ({
  shipment_id: e.shipmentId,
  revision: e.revision,
  tenant: e.tenant,
  decided_at: e.decidedAt,
  period: e.period,
  member_id: e.member,
  tier: e.tier,
  chapter: e.chapter,
  origin: e.origin,
  port: e.port,
  band: e.band,
  lane: e.lane,
  counterfactual: e.counterfactual,
  exam: e.exam ? 1 : 0,
  held: e.held ? 1 : 0,
  released_at: e.releasedAt,
  release_hours: e.releaseHours,
});

/** Appends ledger entries inside a transaction (the filing's, so that no decision is left out). */
export async function appendLedger(
  trx: Transaction<Database> | Kysely<Database>,
  rows: readonly LedgerEntry[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('benefit_ledger')
      .values(rows.slice(i, i + 500).map(ledgerColumns))
      .onConflict((oc) => oc.columns(['shipment_id', 'revision']).doNothing())
      .execute();
  }
}

/** A ledger row as the report reads it (numbers come back as strings from PostgreSQL). */
const factsOf = (
  r: Pick<
    Database['benefit_ledger'],
    | 'member_id'
    | 'tier'
    | 'period'
    | 'chapter'
    | 'origin'
    | 'port'
    | 'band'
    | 'lane'
    | 'counterfactual'
    | 'exam'
    | 'held'
    | 'release_hours'
  >,
): LedgerFacts => ({
  member: r.member_id,
  tier: r.tier,
  period: r.period,
  chapter: r.chapter,
  origin: r.origin,
  port: r.port,
  band: Number(r.band),
  lane: r.lane as Lane,
  counterfactual: r.counterfactual as Lane | null,
  exam: Number(r.exam) === 1,
  held: Number(r.held) === 1,
  releaseHours: r.release_hours === null ? null : Number(r.release_hours),
});

const hoursBetween = (from: string, to: string) =>
  Math.max(0, (Date.parse(to) - Date.parse(from)) / 3_600_000);

export class KyselyBenefitLedger implements BenefitLedgerRepository {
  constructor(protected readonly db: Kysely<Database>) {}

  async append(rows: readonly LedgerEntry[]): Promise<void> {
    if (rows.length) await this.db.transaction().execute((trx) => appendLedger(trx, rows));
  }

  async outcomes(rows: readonly LedgerOutcome[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let changed = 0;
      for (const o of rows) {
        const e = await trx
          .selectFrom('benefit_ledger')
          .select(['seq', 'decided_at', 'released_at'])
          .where('shipment_id', '=', o.shipmentId)
          .orderBy('revision', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (!e) continue;
        const set: { exam?: number; held?: number; released_at?: string; release_hours?: number } = {};
        if (o.exam) set.exam = 1;
        if (o.held) set.held = 1;
        if (o.releasedAt && e.released_at === null) {
          set.released_at = o.releasedAt;
          set.release_hours = hoursBetween(e.decided_at, o.releasedAt);
        }
        if (Object.keys(set).length === 0) continue;
        await trx.updateTable('benefit_ledger').set(set).where('seq', '=', e.seq).execute();
        changed++;
      }
      return changed;
    });
  }

  async scan(
    afterSeq: number,
    limit: number,
    range: LedgerRange = {},
  ): Promise<{ last: number; rows: LedgerFacts[] }> {
    let q = this.db
      .selectFrom('benefit_ledger')
      .select([
        'seq',
        'member_id',
        'tier',
        'period',
        'chapter',
        'origin',
        'port',
        'band',
        'lane',
        'counterfactual',
        'exam',
        'held',
        'release_hours',
      ])
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit);
    if (range.from) q = q.where('decided_at', '>=', range.from);
    if (range.to) q = q.where('decided_at', '<', range.to);
    if (range.throughSeq !== undefined) q = q.where('seq', '<=', range.throughSeq);
    const rs = await q.execute();
    return {
      last: rs.length ? Number(rs[rs.length - 1]!.seq) : afterSeq,
      rows: rs.map(factsOf),
    };
  }

  async each(range: LedgerRange, visit: (r: LedgerFacts) => void, pageSize = 50_000): Promise<number> {
    let n = 0;
    for (let after = Math.max(0, range.afterSeq ?? 0); ;) {
      const page = await this.scan(after, pageSize, range);
      for (const r of page.rows) visit(r);
      n += page.rows.length;
      if (page.rows.length < pageSize) return n;
      after = page.last;
    }
  }

  async fold(limit: number): Promise<number> {
    return foldBenefitCells(this.db, limit);
  }

  /** The entries of the months not yet folded into cells (none on PostgreSQL), in order. */
  private async unfolded(months: LedgerMonths, visit: (r: LedgerFacts) => void): Promise<number> {
    const f = await this.db.selectFrom('benefit_folded').select('upto').executeTakeFirst();
    const upto = Number(f?.upto ?? 0);
    if (upto >= ALL_FOLDED) return 0;
    return this.each(
      {
        afterSeq: upto,
        ...(months.from ? { from: `${months.from}-01` } : {}),
        ...(months.to ? { to: `${months.to}-01` } : {}),
      },
      visit,
    );
  }

  /**
   * Pages by key, a statement each. On PostgreSQL, triggers keep the cells and nothing is left
   * unfolded; a write between two pages shows in the later ones, as in a pass over the ledger by
   * pages. (SQLite's store reads in one transaction: a fold between reads would lose or double
   * entries.)
   */
  async cells(months: LedgerMonths, visit: CellVisitor, pageSize = 20_000): Promise<number> {
    const key = ['period', 'member', 'tier', 'chapter', 'origin', 'port', 'band'] as const;
    const within = (t: 'benefit_cells' | 'benefit_hours', after: unknown[] | null) => {
      let q = this.db.selectFrom(t).where('n', '>', 0);
      if (months.from) q = q.where('period', '>=', months.from);
      if (months.to) q = q.where('period', '<', months.to);
      const cols = t === 'benefit_hours' ? [...key, 'hours'] : key;
      if (after) q = q.where(sql<boolean>`(${sql.join(cols.map((c) => sql.ref(c)))}) > (${sql.join(after)})`);
      return cols.reduce((o, c) => o.orderBy(sql.ref(c)), q);
    };
    const nullable = (v: string) => (v === '' ? null : v);
    let n = 0;
    let after: unknown[] | null = null;
    for (;;) {
      const rows: Database['benefit_cells'][] = await within('benefit_cells', after)
        .selectAll()
        .limit(pageSize)
        .execute();
      for (const r of rows)
        visit.cell({
          member: nullable(r.member),
          tier: nullable(r.tier),
          stratum: `${r.chapter}|${r.origin}|${r.port}|${r.band}|${r.period}`,
          n: Number(r.n),
          exams: Number(r.exams),
          holds: Number(r.holds),
          examsAvoided: Number(r.exams_avoided),
          holdsAvoided: Number(r.holds_avoided),
          released: Number(r.released),
          hoursSum: Number(r.hours_sum),
          hoursSum2: Number(r.hours_sum2),
        });
      n += rows.length;
      if (rows.length < pageSize) break;
      const l = rows[rows.length - 1]!;
      after = key.map((c) => l[c]);
    }
    after = null;
    for (;;) {
      const rows: Database['benefit_hours'][] = await within('benefit_hours', after)
        .selectAll()
        .limit(pageSize)
        .execute();
      for (const r of rows)
        visit.hours({
          member: nullable(r.member),
          tier: nullable(r.tier),
          stratum: r.member === '' ? `${r.chapter}|${r.origin}|${r.port}|${r.band}|${r.period}` : null,
          hours: Number(r.hours),
          n: Number(r.n),
        });
      if (rows.length < pageSize) break;
      const l = rows[rows.length - 1]!;
      after = [...key.map((c) => l[c]), l.hours];
    }
    return n + (await this.unfolded(months, (r) => visit.entry(r)));
  }

  async entry(shipmentId: string): Promise<LedgerEntry | null> {
    const r = await this.db
      .selectFrom('benefit_ledger')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!r) return null;
    return {
      shipmentId: r.shipment_id,
      revision: Number(r.revision),
      tenant: r.tenant,
      decidedAt: r.decided_at,
      releasedAt: r.released_at,
      ...factsOf(r),
    };
  }

  async lastSeq(): Promise<number> {
    const r = await this.db
      .selectFrom('benefit_ledger')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('benefit_ledger')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
