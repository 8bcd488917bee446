import { hash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { chainText, type DecisionRepository, type NewDecision, type StoredDecision } from './repository.js';
import type { Database } from '../../platform/db/schema.js';
import { chunks } from '../../platform/db/chunks.js';
import type { DecisionRecord } from './domain/record.js';
import {
  RULE_COUNT_CONFLICT,
  answeredElsewhere,
  linkFacts,
  ruleCounts,
  selectingRules,
  type LinkFacts,
  type RuleCount,
} from './rule-counts.js';
import type { WrittenOut } from '../../kernel/written-out.js';

const sha256 = (text: string) => hash('sha256', text, 'hex');

/** The chained rows for new decisions after the head (pure: numbering and hashing). */
export function chainRows(
  head: { seq: number; hash: string },
  rows: readonly NewDecision[],
): StoredDecision[] {
  let seq = head.seq;
  let prev = head.hash;
  return rows.map((d) => {
    seq++;
    const hash = sha256(chainText(prev, seq, d));
    // Written out, not `{ ...d, seq, prevHash, hash }`: a spread followed by new keys gets a
    // hidden class of its own each time on Node 20 (ADR 0042).
    const out: WrittenOut<StoredDecision> = {
      shipmentId: d.shipmentId,
      revision: d.revision,
      tenant: d.tenant,
      lane: d.lane,
      score: d.score,
      record: d.record,
      createdAt: d.createdAt,
      selecting: d.selecting,
      seq,
      prevHash: prev,
      hash,
    };
    prev = hash;
    return out;
  });
}

export const decisionColumns = (d: StoredDecision) => ({
  seq: d.seq,
  shipment_id: d.shipmentId,
  revision: d.revision,
  tenant: d.tenant,
  lane: d.lane,
  score: d.score,
  record: d.record,
  prev_hash: d.prevHash,
  hash: d.hash,
  created_at: d.createdAt,
});

const toDecision = (r: Database['decisions']): StoredDecision => ({
  seq: Number(r.seq),
  shipmentId: r.shipment_id,
  revision: Number(r.revision),
  tenant: r.tenant,
  lane: r.lane,
  score: Number(r.score),
  record: r.record,
  prevHash: r.prev_hash,
  hash: r.hash,
  createdAt: r.created_at,
});

/**
 * Appends to the chain inside a transaction: the head row is locked (PostgreSQL `for update`;
 * SQLite holds its one writer lock), the rows numbered and hashed after it, the head moved.
 */
export async function appendInTransaction(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  rows: readonly NewDecision[],
): Promise<StoredDecision[]> {
  if (rows.length === 0) return [];
  const q = trx.selectFrom('decision_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
  const chained = chainRows({ seq: Number(head.seq), hash: head.hash }, rows);
  for (let i = 0; i < chained.length; i += 500) {
    await trx
      .insertInto('decisions')
      .values(chained.slice(i, i + 500).map(decisionColumns))
      .execute();
  }
  const last = chained[chained.length - 1]!;
  await trx
    .updateTable('decision_head')
    .set({ seq: last.seq, hash: last.hash })
    .where('id', '=', 1)
    .execute();
  await countLinks(
    trx,
    chained.map((d) => ({ seq: d.seq, createdAt: d.createdAt, facts: linkFacts(d) })),
  );
  return chained;
}

/**
 * What decision-log links add to the rule counters, added in the caller's transaction
 * (rule_counts, ADR 0029): an append's links, or a page of the recount's.
 */
async function countLinks(
  trx: Transaction<Database>,
  links: readonly { seq: number; createdAt: string; facts: LinkFacts }[],
): Promise<void> {
  await addRuleCounts(trx, ruleCounts(links, await selectingOf(trx, answeredElsewhere(links))));
}

/** The selecting rules of stored automated decisions, by seq (actions and missing links: none). */
async function selectingOf(
  trx: Transaction<Database>,
  seqs: readonly number[],
): Promise<Map<number, readonly string[]>> {
  const out = new Map<number, readonly string[]>();
  for (const part of chunks(seqs)) {
    const rows = await trx
      .selectFrom('decisions')
      .select(['seq', 'record'])
      .where('seq', 'in', part)
      .execute();
    for (const r of rows) {
      const d = JSON.parse(r.record) as DecisionRecord;
      if (!d.action) out.set(Number(r.seq), selectingRules(d));
    }
  }
  return out;
}

/** Adds to the (day, rule) counters, in the sorted order ruleCounts gives (one lock order). */
async function addRuleCounts(trx: Transaction<Database>, counts: readonly RuleCount[]): Promise<void> {
  for (const part of chunks(counts, 200))
    await trx
      .insertInto('rule_counts')
      .values(part.map((c) => ({ ...c })))
      .modifyEnd(sql.raw(RULE_COUNT_CONFLICT))
      .execute();
}

export class KyselyDecisions implements DecisionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Appends links and announces them (`shipment.status`) through the outbox, in one transaction. */
  append(rows: readonly NewDecision[]): Promise<StoredDecision[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return this.db.transaction().execute(async (trx) => {
      const chained = await appendInTransaction(trx, this.dialect, rows);
      await trx
        .insertInto('outbox')
        .values({
          topic: 'shipment.status',
          msg_key: `${chained[0]!.shipmentId}@${chained[0]!.seq}`,
          payload: JSON.stringify({
            links: chained.map((d) => ({
              seq: d.seq,
              id: d.shipmentId,
              tenant: d.tenant,
              lane: d.lane,
              record: d.record,
            })),
          }),
          created_at: chained[0]!.createdAt,
        })
        .execute();
      return chained;
    });
  }

  async ruleCounts(from: string | null = null, to: string | null = null) {
    let q = this.db
      .selectFrom('rule_counts')
      .select((eb) => [
        'rule',
        eb.fn.sum<string | number>('selected').as('selected'),
        eb.fn.sum<string | number>('exams').as('exams'),
        eb.fn.sum<string | number>('found').as('found'),
      ]);
    if (from !== null) q = q.where('day', '>=', from);
    if (to !== null) q = q.where('day', '<', to);
    const rows = await q.groupBy('rule').execute();
    return rows.map((r) => ({
      rule: r.rule,
      selected: Number(r.selected),
      exams: Number(r.exams),
      found: Number(r.found),
    }));
  }

  async ruleBacklog(): Promise<number> {
    const r = await this.db
      .selectFrom('rule_backlog')
      .select(['after_seq', 'upto_seq'])
      .where('id', '=', 1)
      .executeTakeFirst();
    return r ? Math.max(0, Number(r.upto_seq) - Number(r.after_seq)) : 0;
  }

  recountRules(limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const q = trx.selectFrom('rule_backlog').select(['after_seq', 'upto_seq']).where('id', '=', 1);
      const b = await (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
      if (!b) return 0;
      const upto = Number(b.upto_seq);
      const after = Number(b.after_seq);
      if (after >= upto) return 0;
      const rows = await trx
        .selectFrom('decisions')
        .select(['seq', 'record', 'created_at'])
        .where('seq', '>', after)
        .where('seq', '<=', upto)
        .orderBy('seq')
        .limit(limit)
        .execute();
      const reached = rows.length < limit ? upto : Number(rows[rows.length - 1]!.seq);
      await countLinks(
        trx,
        rows.map((r) => ({
          seq: Number(r.seq),
          createdAt: r.created_at,
          facts: linkFacts({ record: r.record }),
        })),
      );
      await trx.updateTable('rule_backlog').set({ after_seq: reached }).where('id', '=', 1).execute();
      return upto - reached;
    });
  }

  async forShipment(shipmentId: string): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('decisions')
      .selectAll()
      .where('shipment_id', '=', shipmentId)
      .orderBy('seq')
      .execute();
    return rows.map(toDecision);
  }

  async forShipments(shipmentIds: readonly string[]): Promise<StoredDecision[]> {
    const out: StoredDecision[] = [];
    for (let i = 0; i < shipmentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('decisions')
        .selectAll()
        .where('shipment_id', 'in', shipmentIds.slice(i, i + 500))
        .orderBy('shipment_id')
        .orderBy('seq')
        .execute();
      out.push(...rows.map(toDecision));
    }
    return out;
  }

  async chain(afterSeq: number, limit: number): Promise<StoredDecision[]> {
    const rows = await this.db
      .selectFrom('decisions')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toDecision);
  }

  async byLane(lane: string, limit: number, beforeSeq?: number): Promise<StoredDecision[]> {
    let q = this.db.selectFrom('decisions').selectAll().where('lane', '=', lane);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toDecision);
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const r = await this.db
      .selectFrom('decision_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(r.seq), hash: r.hash };
  }

  async saveRuleSet(sha256: string, version: string, body: string, at: string): Promise<void> {
    await this.db
      .insertInto('rule_sets')
      .values({ sha256, version, body, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async ruleSet(sha256: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('rule_sets')
      .select('body')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r?.body ?? null;
  }
}
