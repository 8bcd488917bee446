import { hash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { chainText, type DecisionRepository, type NewDecision, type StoredDecision } from './repository.js';
import type { Database } from '../../platform/db/schema.js';

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
    const out = { ...d, seq, prevHash: prev, hash };
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
  return chained;
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
