/** Screening decisions, screened parties and alerts on Kysely (SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import { chunks } from '../../platform/db/chunks.js';
import type { Database } from '../../platform/db/schema.js';
import type { ScreenedParty, ScreeningAlert, ScreeningDecision, ScreeningRepository } from './repository.js';

type Row<T extends keyof Database> = Database[T];

export class KyselyScreening implements ScreeningRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addDecision(d: ScreeningDecision): Promise<void> {
    await this.db
      .insertInto('screening_decisions')
      .values({
        id: d.id,
        tenant: d.tenant,
        party_key: d.partyKey,
        entry_id: d.entryId,
        entry_hash: d.entryHash,
        decision: d.decision,
        reason: d.reason,
        officer: d.officer,
        created_at: d.createdAt,
      })
      .execute();
  }

  async decisionsFor(tenant: string, partyKey: string): Promise<ScreeningDecision[]> {
    const rows = await this.db
      .selectFrom('screening_decisions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('party_key', '=', partyKey)
      .orderBy('created_at')
      .execute();
    return rows.map(toDecision);
  }

  async allDecisions(): Promise<ScreeningDecision[]> {
    const rows = await this.db.selectFrom('screening_decisions').selectAll().orderBy('created_at').execute();
    return rows.map(toDecision);
  }

  async upsertParties(parties: readonly ScreenedParty[]): Promise<void> {
    if (parties.length === 0) return;
    for (const part of chunks(parties, 200)) {
      await this.db
        .insertInto('screened_parties')
        .values(
          part.map((p) => ({
            tenant: p.tenant,
            party_key: p.partyKey,
            party: JSON.stringify(p.party),
            seen_in: p.seenIn,
            hits: JSON.stringify(p.hits),
            lists_key: p.listsKey,
            screened_at: p.screenedAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['tenant', 'party_key']).doUpdateSet((eb) => ({
            party: eb.ref('excluded.party'),
            seen_in: eb.ref('excluded.seen_in'),
            hits: eb.ref('excluded.hits'),
            lists_key: eb.ref('excluded.lists_key'),
            screened_at: eb.ref('excluded.screened_at'),
          })),
        )
        .execute();
    }
  }

  async parties(after: { tenant: string; partyKey: string } | null, limit: number): Promise<ScreenedParty[]> {
    let q = this.db.selectFrom('screened_parties').selectAll();
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('tenant', '>', after.tenant),
          eb.and([eb('tenant', '=', after.tenant), eb('party_key', '>', after.partyKey)]),
        ]),
      );
    }
    const rows = await q.orderBy('tenant').orderBy('party_key').limit(limit).execute();
    return rows.map(toParty);
  }

  async party(tenant: string, partyKey: string): Promise<ScreenedParty | null> {
    const r = await this.db
      .selectFrom('screened_parties')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('party_key', '=', partyKey)
      .executeTakeFirst();
    return r ? toParty(r) : null;
  }

  async addAlerts(alerts: readonly ScreeningAlert[]): Promise<void> {
    for (const part of chunks(alerts, 200)) {
      await this.db
        .insertInto('screening_alerts')
        .values(
          part.map((a) => ({
            id: a.id,
            tenant: a.tenant,
            party_key: a.partyKey,
            party: JSON.stringify(a.party),
            seen_in: a.seenIn,
            entry_id: a.entryId,
            list: a.list,
            score: a.score,
            matched_name: a.matchedName,
            lists_key: a.listsKey,
            created_at: a.createdAt,
            acknowledged_at: a.acknowledgedAt,
          })),
        )
        .execute();
    }
  }

  async alerts(tenant: string | null, opts: { open?: boolean; limit: number }): Promise<ScreeningAlert[]> {
    let q = this.db.selectFrom('screening_alerts').selectAll();
    if (tenant !== null) q = q.where('tenant', '=', tenant);
    if (opts.open === true) q = q.where('acknowledged_at', 'is', null);
    if (opts.open === false) q = q.where('acknowledged_at', 'is not', null);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      tenant: r.tenant,
      partyKey: r.party_key,
      party: JSON.parse(r.party) as ScreenedParty['party'],
      seenIn: r.seen_in,
      entryId: r.entry_id,
      list: r.list,
      score: Number(r.score),
      matchedName: r.matched_name,
      listsKey: r.lists_key,
      createdAt: r.created_at,
      acknowledgedAt: r.acknowledged_at,
    }));
  }

  async acknowledgeAlert(tenant: string, id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('screening_alerts')
      .set({ acknowledged_at: at })
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

const toDecision = (r: Row<'screening_decisions'>): ScreeningDecision => ({
  id: r.id,
  tenant: r.tenant,
  partyKey: r.party_key,
  entryId: r.entry_id,
  entryHash: r.entry_hash,
  decision: r.decision as 'false_positive',
  reason: r.reason,
  officer: r.officer,
  createdAt: r.created_at,
});

const toParty = (r: Row<'screened_parties'>): ScreenedParty => ({
  tenant: r.tenant,
  partyKey: r.party_key,
  party: JSON.parse(r.party) as ScreenedParty['party'],
  seenIn: r.seen_in,
  hits: JSON.parse(r.hits) as ScreenedParty['hits'],
  listsKey: r.lists_key,
  screenedAt: r.screened_at,
});
