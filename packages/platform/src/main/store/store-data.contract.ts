/**
 * The repository contract, second part: reference data, API keys, watch lists and screening,
 * documents, the benefit ledger, trusted-trader members and the party registry. Every Store
 * adapter (SQLite, PostgreSQL) must pass these tests; store.contract.ts holds the filings'.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from './store.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import { decisionRecord, id, made, meta, rowOf, shipmentRow, tariffRows } from '../../testing/store-rows.js';

export function storeDataContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract (reference data, parties, programs): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('keeps the active snapshot when a newer load fails, and supersedes it on success', async () => {
      const first = meta({});
      await store.refdata.saveTariff(first, tariffRows);
      assert.deepEqual(await store.refdata.tariffRows(first.id), tariffRows);
      await store.refdata.recordFailure(meta({ status: 'failed', error: 'truncated download', sha256: '' }));
      let active = (await store.refdata.active()).filter((m) => m.dataset === 'hts');
      assert.deepEqual(
        active.map((m) => m.id),
        [first.id],
      );
      const second = meta({ sha256: 'c'.repeat(64) });
      await store.refdata.saveTariff(second, tariffRows.slice(0, 1));
      active = (await store.refdata.active()).filter((m) => m.dataset === 'hts');
      assert.deepEqual(
        active.map((m) => m.id),
        [second.id],
      );
      const all = await store.refdata.list();
      assert.equal(all.find((m) => m.id === first.id)!.status, 'superseded');
      assert.ok(all.some((m) => m.status === 'failed' && m.error === 'truncated download'));
    });

    it('keeps editions apart: a new edition does not supersede another', async () => {
      const e2025 = meta({ edition: '2025 Basic', effectiveFrom: '2025-01-01' });
      await store.refdata.saveTariff(e2025, tariffRows);
      const editions = (await store.refdata.active())
        .filter((m) => m.dataset === 'hts')
        .map((m) => m.edition);
      assert.deepEqual(editions, ['2025 Basic', '2026 Basic']);
    });

    it('stores code lists', async () => {
      const m = meta({ dataset: 'ports', edition: null, effectiveFrom: null, rowCounts: { codes: 2 } });
      await store.refdata.saveCodeList(m, [
        ['2704', 'LOS ANGELES'],
        ['4701', 'JFK'],
      ]);
      assert.deepEqual(await store.refdata.codeList(m.id), [
        ['2704', 'LOS ANGELES'],
        ['4701', 'JFK'],
      ]);
    });

    it('finds API keys by hash only, lists and revokes them with their sessions', async () => {
      const tenant = id('tenant');
      const rec = {
        id: id('key'),
        tenant,
        role: 'pga_officer' as const,
        agency: 'FDA',
        label: 'import alert desk',
        keyHash: 'd'.repeat(60) + String(made() % 10_000).padStart(4, '0'),
        createdAt: new Date().toISOString(),
        expiresAt: '2099-01-01T00:00:00.000Z',
        revokedAt: null,
      };
      await store.apiKeys.insert(rec);
      assert.deepEqual(await store.apiKeys.findByHash(rec.keyHash), rec);
      assert.deepEqual(await store.apiKeys.get(rec.id), rec);
      assert.equal(await store.apiKeys.findByHash('e'.repeat(64)), null);
      assert.deepEqual(await store.apiKeys.list(tenant), [rec]);
      const session = {
        id: id('ses'),
        tokenHash: 'f'.repeat(60) + String(made() % 10_000).padStart(4, '0'),
        keyId: rec.id,
        csrf: 'csrf-token',
        createdAt: rec.createdAt,
        expiresAt: '2099-01-01T08:00:00.000Z',
        revokedAt: null,
      };
      await store.apiKeys.insertSession(session);
      assert.deepEqual(await store.apiKeys.findSession(session.tokenHash), session);
      const at = new Date().toISOString();
      assert.equal(await store.apiKeys.revoke(rec.id, at), true);
      assert.equal(await store.apiKeys.revoke(rec.id, at), false);
      assert.equal((await store.apiKeys.get(rec.id))!.revokedAt, at);
      assert.equal((await store.apiKeys.findSession(session.tokenHash))!.revokedAt, at, 'its sessions too');
    });

    it('stores watch-list snapshots with their notes, and screening decisions, parties and alerts', async () => {
      const m = meta({
        dataset: 'csl',
        edition: null,
        effectiveFrom: null,
        rowCounts: { entries: 1, names: 2 },
        notes: ['csl.csv:9: incomplete last record dropped'],
      });
      const entry = {
        id: 'csl:1',
        list: 'csl',
        sourceId: '1',
        type: 'organization' as const,
        names: [
          { name: 'Ünïcode Trading 新疆', kind: 'primary' as const },
          { name: 'UT', kind: 'weak' as const },
        ],
        addresses: [],
        countries: ['CN'],
        identifiers: [],
        programs: ['EL'],
        birthDates: [],
      };
      await store.refdata.saveWatchlist(m, [entry]);
      const stored = await store.refdata.watchlistJson(m.id);
      assert.deepEqual(stored.ids, [entry.id]);
      assert.deepEqual(
        stored.bodies.map((b) => JSON.parse(b) as unknown),
        [entry],
      );
      assert.equal(
        stored.bodies[0],
        JSON.stringify(entry),
        'the JSON as saved: entry digests are taken of it',
      );
      const saved = (await store.refdata.active()).find((x) => x.id === m.id)!;
      assert.deepEqual(saved.notes, m.notes);
      const tenant = id('t');
      const d = {
        id: id('adj'),
        tenant,
        partyKey: 'pk1',
        entryId: 'csl:1',
        entryHash: 'h1',
        decision: 'false_positive' as const,
        reason: 'a bakery',
        officer: 'key_1',
        createdAt: new Date().toISOString(),
      };
      await store.screening.addDecision(d);
      assert.deepEqual(await store.screening.decisionsFor(tenant, 'pk1'), [d]);
      assert.ok((await store.screening.allDecisions()).some((x) => x.id === d.id));
      const party = {
        tenant,
        partyKey: 'pk1',
        party: { name: 'X' },
        seenIn: 'shp_1',
        hits: [],
        listsKey: 'k1',
        screenedAt: d.createdAt,
      };
      await store.screening.upsertParties([party]);
      await store.screening.upsertParties([
        { ...party, hits: [{ entryId: 'csl:1', entryHash: 'h1', score: 0.9 }] },
      ]);
      assert.equal((await store.screening.party(tenant, 'pk1'))!.hits.length, 1, 'upsert replaces');
      const page = await store.screening.parties({ tenant, partyKey: '' }, 10);
      assert.ok(page.some((p) => p.partyKey === 'pk1'));
      const alert = {
        id: id('alr'),
        tenant,
        partyKey: 'pk1',
        party: { name: 'X' },
        seenIn: 'shp_1',
        entryId: 'csl:1',
        list: 'csl',
        score: 0.9,
        matchedName: 'UT',
        listsKey: 'k1',
        createdAt: d.createdAt,
        acknowledgedAt: null,
      };
      await store.screening.addAlerts([alert]);
      assert.deepEqual(await store.screening.alerts(tenant, { open: true, limit: 10 }), [alert]);
      assert.equal(await store.screening.acknowledgeAlert(tenant, alert.id, d.createdAt), true);
      assert.equal(await store.screening.acknowledgeAlert(tenant, alert.id, d.createdAt), false, 'once');
      assert.deepEqual(await store.screening.alerts(tenant, { open: true, limit: 10 }), []);
    });

    it('records paperless documents per filing and counts references to the same bytes', async () => {
      const sid = id('shp');
      const d = {
        id: id('doc'),
        tenant: 'acme',
        shipmentId: sid,
        lineIndex: 0,
        agency: 'FDA',
        docType: 'invoice',
        mediaType: 'application/pdf' as const,
        filename: 'facture-été.pdf',
        sha256: 'c'.repeat(64),
        size: 3 * 1024 * 1024 * 1024,
        createdAt: new Date().toISOString(),
      };
      await store.documents.add(d);
      await store.documents.add({
        ...d,
        id: id('doc'),
        shipmentId: id('shp'),
        lineIndex: null,
        agency: null,
      });
      assert.deepEqual(await store.documents.list(sid), [d]);
      assert.deepEqual(await store.documents.bySha(sid, d.sha256), d);
      assert.equal(await store.documents.bySha(sid, 'd'.repeat(64)), null);
      assert.equal(await store.documents.references(d.sha256), 2);
    });

    it('writes a ledger entry with every accepted decision, in its transaction, and records outcomes', async () => {
      const record = (lane: 'green' | 'red', member: string | null): DecisionRecord =>
        decisionRecord(lane, {
          trusted: member !== null,
          ...(member
            ? {
                benefit: {
                  member,
                  tier: 'validated' as const,
                  program: 'p',
                  policy_from: '2022-11-01',
                  counterfactual_lane: 'red' as const,
                  waived_rules: ['R-X'],
                  random_waived: false,
                  exam_location: null,
                  front_of_line: false,
                  bonded_facility_move: false,
                  ruling_priority: true,
                  processing_fee_reduction: 0.1,
                },
              }
            : {}),
        });
      const body = {
        reference: 'L-1',
        transport: { port_of_entry: '2704' },
        lines: [
          { hts: '6109.10.0012', origin: 'vn', value: { amount: 50_000, currency: 'USD' } },
          { hts: '8471.30.0100', origin: 'CN', value: { amount: 900_000, currency: 'USD' } },
        ],
      };
      const before = await store.ledger.count();
      const a = shipmentRow({ shipment: body, decision: record('green', 'ttm_1') });
      const b = shipmentRow({ shipment: body, decision: record('red', null) });
      const rejected = shipmentRow({ shipment: body, status: 'rejected', decision: record('red', null) });
      await store.shipments.insertMany([a, b, rejected].map(rowOf));
      assert.equal(await store.ledger.count(), before + 2, 'rejected filings are no ledger entry');
      const ea = (await store.ledger.entry(a.id))!;
      assert.deepEqual(
        [
          ea.member,
          ea.tier,
          ea.chapter,
          ea.origin,
          ea.port,
          ea.band,
          ea.lane,
          ea.counterfactual,
          ea.exam,
          ea.held,
          ea.releaseHours,
        ],
        ['ttm_1', 'validated', '84', 'CN', '2704', 2, 'green', 'red', false, false, 0],
      );
      assert.equal(ea.period, '2026-11');
      const eb = (await store.ledger.entry(b.id))!;
      assert.deepEqual([eb.member, eb.exam, eb.held, eb.releaseHours], [null, true, true, null]);
      const released = new Date(Date.parse(a.createdAt) + 36 * 3_600_000).toISOString();
      assert.equal(await store.ledger.outcomes([{ shipmentId: b.id, exam: true, releasedAt: released }]), 1);
      assert.equal((await store.ledger.entry(b.id))!.releaseHours, 36);
      assert.equal(await store.ledger.outcomes([{ shipmentId: 'shp_missing', exam: true }]), 0);
      const seen: string[] = [];
      for (let after = 0; ;) {
        const page = await store.ledger.scan(after, 1);
        if (page.rows.length === 0) break;
        after = page.last;
        seen.push(page.rows[0]!.lane);
      }
      assert.ok(seen.length >= 2);
      const none = await store.ledger.scan(0, 10, { from: '2030-01-01' });
      assert.equal(none.rows.length, 0);
      const visited: string[] = [];
      const n = await store.ledger.each({ from: '2026-11-01', to: '2026-12-01' }, (r) =>
        visited.push(`${r.chapter}|${r.origin}|${r.port}|${r.band}|${r.period}|${r.lane}|${r.member}`),
      );
      assert.equal(n, visited.length);
      assert.ok(visited.includes('84|CN|2704|2|2026-11|green|ttm_1'), visited.join(' '));
      assert.equal(await store.ledger.each({ to: '2000-01-01' }, () => undefined), 0);
      const last = await store.ledger.lastSeq();
      const total = await store.ledger.count();
      const halves = [
        await store.ledger.each({ afterSeq: 0, throughSeq: Math.floor(last / 2) }, () => undefined),
        await store.ledger.each({ afterSeq: Math.floor(last / 2), throughSeq: last }, () => undefined),
      ];
      assert.equal(halves[0]! + halves[1]!, total, 'two parts by sequence number cover the ledger once');
    });

    it('keeps trusted-trader members with optimistic versions, their events and supply-chain maps', async () => {
      const memberId = id('ttm');
      const m = {
        id: memberId,
        tenant: 'acme',
        program: 'p',
        company: {
          name: 'Acme Imports',
          country: 'US',
          identifiers: [{ scheme: 'EIN', value: '12-3456789' }],
        },
        answers: { ior_country: 'US' },
        eligibility: { eligible: false, checks: [], contradictions: [], unanswered: [], program: 'p' },
        status: 'applicant' as const,
        officer: null,
        requirements: {},
        applied_at: '2026-01-01T00:00:00.000Z',
        certified_at: null,
        validated_at: null,
        self_assessment_due: null,
        open_request: null,
        updated_at: '2026-01-01T00:00:00.000Z',
        version: 1,
      };
      const ev = (to: 'applicant' | 'under_review', at: string) => ({
        member: memberId,
        at,
        actor: 'k',
        action: 'apply' as const,
        from: null,
        to,
        reason: null,
        details: { x: 1 },
      });
      // The change stamp moves with every write and only then (processes reload on it).
      const stamps = [await store.trusted.changeStamp()];
      const moved = async (what: string) => {
        const now = await store.trusted.changeStamp();
        assert.ok(!stamps.includes(now), `${what} moves the change stamp`);
        stamps.push(now);
      };
      await store.trusted.insert(m, ev('applicant', m.applied_at));
      await moved('an application');
      const next = { ...m, status: 'under_review' as const, version: 2 };
      assert.equal(
        await store.trusted.update(next, 1, [ev('under_review', '2026-01-02T00:00:00.000Z')]),
        true,
      );
      await moved('an update');
      assert.equal(
        await store.trusted.update({ ...next, version: 3 }, 1, []),
        false,
        'a stale version is refused',
      );
      assert.equal(await store.trusted.changeStamp(), stamps.at(-1), 'nothing written, same stamp');
      assert.deepEqual(await store.trusted.get(memberId), next);
      assert.deepEqual(
        (await store.trusted.events(memberId)).map((e) => e.to),
        ['applicant', 'under_review'],
      );
      assert.ok(
        (await store.trusted.list({ tenant: 'acme', status: 'under_review' })).some((x) => x.id === memberId),
      );
      assert.equal((await store.trusted.list({ tenant: 'other' })).length, 0);
      const map = {
        product: 'tees',
        nodes: [{ id: 'A', name: 'Mill', kind: 'facility' as const, tier: 1, country: 'VN' }],
        edges: [{ from: 'A', to: 'member' }],
      };
      const row = {
        member: memberId,
        product: 'tees',
        map,
        warnings: [],
        nexus: [],
        checkedAt: 't1',
        lists: ['uflpa@1'],
        updatedAt: 't1',
      };
      await store.trusted.putSupplyChain(row);
      await moved('a map');
      await store.trusted.putSupplyChain({ ...row, checkedAt: 't2' });
      await moved('a map checked again');
      assert.deepEqual(await store.trusted.supplyChain(memberId, 'tees'), { ...row, checkedAt: 't2' });
      assert.equal((await store.trusted.supplyChains(memberId)).length, 1);
    });

    it('keeps the party registry: entities, ownership, party links, merges and audit', async () => {
      const a = id('ent');
      const b = id('ent');
      const at = new Date().toISOString();
      const ea = {
        id: a,
        name: 'Acme Électronique 新疆',
        otherNames: ['Acme'],
        address: { country: 'FR', city: 'Lyon' },
        identifiers: [{ scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' }],
        source: 'gleif',
        mergedInto: null,
      };
      await store.registry.upsertEntities([ea, { ...ea, id: b, name: 'Acme SAS', identifiers: [] }], at);
      await store.registry.upsertEntities([{ ...ea, name: 'Acme Électronique' }], at);
      assert.equal((await store.registry.entity(a))!.name, 'Acme Électronique', 'upsert replaces');
      await store.registry.addEntities(
        [
          { ...ea, name: 'Acme Other' },
          { ...ea, name: 'Acme Other' },
        ],
        at,
      );
      assert.equal((await store.registry.entity(a))!.name, 'Acme Électronique', 'add keeps what is there');
      await store.registry.upsertLinks([
        { child: a, parent: b, type: 'direct_parent', source: 'gleif', since: '2020-01-01' },
      ]);
      assert.deepEqual(await store.registry.links(b), [
        { child: a, parent: b, type: 'direct_parent', source: 'gleif', since: '2020-01-01' },
      ]);
      const link = (shipmentId: string, partyIndex: number) => ({
        shipmentId,
        partyIndex,
        tenant: 'acme',
        entityId: a,
        role: 'manufacturer',
        confidence: 0.95,
        method: 'name',
        reasons: ['same name in FR'],
        at,
      });
      await store.registry.addPartyLinks([link('shp_a', 0), link('shp_a', 1), link('shp_b', 0)]);
      await store.registry.addPartyLinks([link('shp_a', 0)]);
      assert.equal((await store.registry.partyLinks(a, 10)).length, 3, 'a party is linked once');
      // Latest recorded first, cut at the limit (one index read in that order, migration 0022).
      await store.registry.addPartyLinks([{ ...link('shp_c', 0), at: '2100-01-01T00:00:00.000Z' }]);
      assert.deepEqual(
        (await store.registry.partyLinks(a, 3)).map((l) => [l.shipmentId, l.partyIndex]),
        [
          ['shp_c', 0],
          ['shp_b', 0],
          ['shp_a', 1],
        ],
      );
      assert.equal((await store.registry.partyLinks(a, 10)).length, 4);
      assert.equal((await store.registry.partyLinksOfShipments(['shp_a'])).length, 2);
      // One tenant's latest, read as such (migration 0024): another tenant's newer links, past the
      // limit, do not hide them.
      await store.registry.addPartyLinks([
        { ...link('shp_g', 0), tenant: 'globex', at: '2000-01-01T00:00:00.000Z' },
      ]);
      await store.registry.addPartyLinks([{ ...link('shp_d', 0), at: '2100-01-02T00:00:00.000Z' }]);
      assert.deepEqual(
        (await store.registry.partyLinks(a, 1, 'globex')).map((l) => [l.shipmentId, l.tenant]),
        [['shp_g', 'globex']],
      );
      assert.deepEqual(
        (await store.registry.partyLinks(a, 2, 'acme')).map((l) => l.shipmentId),
        ['shp_d', 'shp_c'],
      );
      assert.deepEqual([...(await store.registry.linkedEntities('globex', [a, b, 'ent_none']))], [a]);
      assert.equal((await store.registry.linkedEntities('initech', [a, b])).size, 0);
      assert.equal(await store.registry.movePartyLinks(a, b, [{ shipmentId: 'shp_b', partyIndex: 0 }]), 1);
      assert.equal(await store.registry.movePartyLinks(a, b), 5);
      assert.deepEqual(
        (await store.registry.partyLinks(b, 5, 'globex')).map((l) => l.shipmentId),
        ['shp_g'],
        "a move takes the tenant's index entries with it",
      );
      assert.deepEqual([...(await store.registry.linkedEntities('globex', [a, b]))], [b]);
      await store.registry.markMerged(a, b);
      assert.equal((await store.registry.entity(a))!.mergedInto, b);
      assert.ok(
        !(await store.registry.entities(null, 10_000)).some((e) => e.id === a),
        'merged entities are not listed',
      );
      const audit = {
        id: id('aud'),
        entityId: b,
        action: 'merge' as const,
        officer: 'key_1',
        reason: 'same company',
        details: { absorbed: a },
        at,
      };
      await store.registry.addAudit(audit);
      assert.deepEqual(await store.registry.audit(b), [audit]);
      assert.ok((await store.registry.count()) >= 1);
    });
  });
}
