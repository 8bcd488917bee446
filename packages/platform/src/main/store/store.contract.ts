/**
 * The repository contract: every Store adapter (SQLite, PostgreSQL) must pass these same tests.
 * Run it from the adapter's own test file with a factory that opens a fresh, migrated store.
 */
import { createHash } from 'node:crypto';
import { chainText } from '../../modules/risk/index.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TariffRow } from '../../modules/tariff/index.js';
import type { SnapshotMeta } from '../../modules/reference/index.js';
import { newShipmentRow, type NewShipmentRow, type StoredShipment } from '../../modules/filing/index.js';
import type { Store } from './store.js';

let seq = 0;
const id = (p: string) => `${p}_${Date.now().toString(36)}${(seq++).toString(36).padStart(4, '0')}`;

/** The row for a stored shipment; the version-set key only has to be stable within the suite. */
export const rowOf = (s: StoredShipment): NewShipmentRow => {
  const json = JSON.stringify(s.versions);
  return newShipmentRow(s, { json, key: `vs_${json.length}` });
};

/** A lane decision as the risk engine records it: nothing found, nothing held, unless `over` says. */
export function decisionRecord(
  lane: 'green' | 'yellow' | 'red',
  over: Partial<DecisionRecord> = {},
): DecisionRecord {
  return {
    lane,
    score: 0,
    signals: [],
    rules: [],
    holds: [],
    random: { selected: false, draw: 0.5, rate: 0.01 },
    capped: null,
    trusted: false,
    rule_set: 'rs-1',
    inputs: { valueStats: [null], recentParcels: 0, trusted: null },
    rule_set_sha256: 'f'.repeat(64),
    risk_data: 'rd-1',
    ...over,
  };
}

export function shipmentRow(over: Partial<StoredShipment> = {}): StoredShipment {
  return {
    id: id('shp'),
    tenant: 'acme',
    reference: 'REF-1',
    type: 'formal',
    status: 'accepted',
    revision: 1,
    arrivalDate: '2026-12-01',
    shipment: { reference: 'REF-1', note: 'Ünïcode ✓ 新疆' },
    findings: [{ code: 'PORT_UNKNOWN', severity: 'warning', path: 'transport.port_of_entry', message: 'm' }],
    versions: [{ dataset: 'hts', snapshot: 'snp_1', sha256: 'a'.repeat(64), edition: '2026 Basic' }],
    idempotencyKey: null,
    requestHash: null,
    createdAt: '2026-11-27T12:00:00.000Z',
    ...over,
  };
}

const meta = (over: Partial<SnapshotMeta>): SnapshotMeta => ({
  id: id('snp'),
  dataset: 'hts',
  source: '/data/hts.csv',
  edition: '2026 Basic',
  effectiveFrom: '2026-01-01',
  asOf: '2026-01-14',
  sha256: 'b'.repeat(64),
  rowCounts: { rows: 2 },
  status: 'active',
  error: null,
  createdAt: new Date().toISOString(),
  ...over,
});

const rows: TariffRow[] = [
  {
    code: '6109',
    indent: 0,
    description: 'T-shirts:',
    units: [],
    general: '',
    special: '',
    column2: '',
    additional: '',
  },
  {
    code: '6109100012',
    indent: 1,
    description: "Men's",
    units: ['doz.', 'kg'],
    general: '16.5%',
    special: 'Free (AU)',
    column2: '90%',
    additional: '',
  },
];

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('migrates idempotently and answers a ping', async () => {
      await store.migrate();
      assert.equal(await store.ping(), true);
    });

    it('stores and reads back a filing exactly, scoped by tenant', async () => {
      const row = shipmentRow();
      assert.deepEqual(await store.shipments.insertMany([row].map(rowOf)), [true]);
      assert.deepEqual(await store.shipments.get(row.id, null), { ...row, decision: null });
      assert.deepEqual(await store.shipments.get(row.id, 'acme'), { ...row, decision: null });
      assert.equal(await store.shipments.get(row.id, 'other-tenant'), null);
      assert.equal(await store.shipments.get('shp_missing', null), null);
    });

    it('refuses a second filing with the same idempotency key, per tenant', async () => {
      const key = id('idem');
      const a = shipmentRow({ idempotencyKey: key, requestHash: 'h1' });
      const b = shipmentRow({ idempotencyKey: key, requestHash: 'h2' });
      const c = shipmentRow({ idempotencyKey: key, requestHash: 'h1', tenant: 'globex' });
      assert.deepEqual(await store.shipments.insertMany([a, b, c].map(rowOf)), [true, false, true]);
      assert.equal((await store.shipments.findByIdempotencyKey('acme', key))!.id, a.id);
      assert.equal((await store.shipments.findByIdempotencyKey('globex', key))!.id, c.id);
      // Many keys in one lookup: the used ones, by key, per tenant.
      const byKeys = await store.shipments.findByIdempotencyKeys('acme', [key, id('unused'), key]);
      assert.deepEqual(
        [...byKeys].map(([k, s]) => [k, s.id]),
        [[key, a.id]],
      );
      assert.equal((await store.shipments.findByIdempotencyKeys('globex', [key])).get(key)!.id, c.id);
      assert.equal((await store.shipments.findByIdempotencyKeys('acme', [])).size, 0);
      assert.equal(await store.shipments.get(b.id, null), null);
    });

    it('chains lane decisions with their filings, append-only, and keeps rule sets by checksum', async () => {
      const decision = (lane: 'green' | 'red', score: number): DecisionRecord =>
        decisionRecord(lane, {
          score,
          signals: [
            { code: 'denied_party', path: 'parties[0]', evidence: { entry: 'ofac-sdn:1' }, weight: 100 },
          ],
          rules: [{ id: 'R-DENIED', lane, description: 'd' }],
          inputs: { valueStats: [null], recentParcels: 0, trusted: false },
        });
      const before = await store.decisions.head();
      const key = id('idem');
      const a = shipmentRow({ decision: decision('red', 100), idempotencyKey: key, requestHash: 'h' });
      const dup = shipmentRow({ decision: decision('green', 0), idempotencyKey: key, requestHash: 'h' });
      const b = shipmentRow({ decision: decision('green', 0) });
      assert.deepEqual(await store.shipments.insertMany([a, dup, b].map(rowOf)), [true, false, true]);
      const got = await store.shipments.get(a.id, null);
      assert.deepEqual(got!.decision, a.decision);
      const head = await store.decisions.head();
      assert.ok(head.seq >= before.seq + 2, 'the refused duplicate adds no link');
      const links = await store.decisions.chain(before.seq, 100);
      const mine = links.filter((l) => l.shipmentId === a.id || l.shipmentId === b.id);
      assert.deepEqual(
        mine.map((l) => l.lane),
        ['red', 'green'],
      );
      let prev = before.hash;
      for (const l of links) {
        assert.equal(l.prevHash, prev);
        assert.equal(
          l.hash,
          createHash('sha256')
            .update(chainText(prev, l.seq, l))
            .digest('hex'),
        );
        prev = l.hash;
      }
      const headBefore = await store.decisions.head();
      const action = await store.decisions.append([
        {
          shipmentId: a.id,
          revision: 1,
          tenant: 'acme',
          lane: 'green',
          score: 100,
          record: '{"action":{"type":"release"}}',
          createdAt: new Date().toISOString(),
        },
      ]);
      assert.equal(action[0]!.prevHash, headBefore.hash);
      assert.equal(action[0]!.seq, headBefore.seq + 1);
      assert.deepEqual(
        (await store.decisions.forShipment(a.id)).map((l) => l.lane),
        ['red', 'green'],
      );
      assert.deepEqual(await store.decisions.head(), { seq: action[0]!.seq, hash: action[0]!.hash });
      // Looked up by key, alone or with others: the latest automated decision, not the officer's action.
      const byKeys = await store.shipments.findByIdempotencyKeys('acme', [key]);
      assert.deepEqual(byKeys.get(key), await store.shipments.findByIdempotencyKey('acme', key));
      assert.deepEqual(byKeys.get(key)!.decision, a.decision);
      const sha = id('rs').padEnd(64, '0');
      await store.decisions.saveRuleSet(sha, 'v1', '{"version":"v1"}', new Date().toISOString());
      await store.decisions.saveRuleSet(sha, 'v1', '{"version":"v1"}', new Date().toISOString());
      assert.equal(await store.decisions.ruleSet(sha), '{"version":"v1"}');
      assert.equal(await store.decisions.ruleSet('0'.repeat(64)), null);
    });

    it('writes large batches in one call and counts them', async () => {
      const before = await store.shipments.count();
      const many = Array.from({ length: 1234 }, (_, i) => shipmentRow({ reference: `BULK-${i}` }));
      const inserted = await store.shipments.insertMany(many.map(rowOf));
      assert.equal(inserted.filter(Boolean).length, 1234);
      assert.equal(await store.shipments.count(), before + 1234);
    });

    it('announces the filings of one write in one outbox event, refused duplicates left out', async () => {
      let pending = await store.outbox.pending(100_000);
      await store.outbox.markPublished(
        pending.map((e) => e.id),
        new Date().toISOString(),
      );
      const key = id('idem');
      const rows = [
        shipmentRow({ idempotencyKey: key, requestHash: 'x' }),
        shipmentRow({ idempotencyKey: key, requestHash: 'y' }),
        shipmentRow({ status: 'rejected' }),
      ];
      await store.shipments.insertMany(rows.map(rowOf));
      await store.shipments.insertMany([shipmentRow()].map(rowOf));
      pending = await store.outbox.pending(10);
      assert.equal(pending.length, 2, 'one event per write');
      assert.equal(pending[0]!.topic, 'shipment.filed');
      assert.deepEqual(pending[0]!.payload, {
        shipments: [
          {
            id: rows[0]!.id,
            tenant: 'acme',
            reference: 'REF-1',
            revision: 1,
            status: 'accepted',
            lane: null,
          },
          {
            id: rows[2]!.id,
            tenant: 'acme',
            reference: 'REF-1',
            revision: 1,
            status: 'rejected',
            lane: null,
          },
        ],
      });
      await store.outbox.markPublished(
        pending.map((e) => e.id),
        new Date().toISOString(),
      );
      assert.deepEqual(await store.outbox.pending(10), []);
    });

    it('keeps webhooks per tenant and their deliveries, once per event, due in order', async () => {
      const now = new Date().toISOString();
      const w = {
        id: id('whk'),
        tenant: id('t'),
        url: 'https://example.com/h',
        secret: 's',
        events: ['shipment.decided'],
        createdAt: now,
      };
      await store.webhooks.add(w);
      assert.deepEqual(await store.webhooks.list(w.tenant), [w]);
      assert.deepEqual(await store.webhooks.forTenants([w.tenant, 'nobody']), [w]);
      const ev = id('ev');
      await store.webhooks.enqueue([{ webhookId: w.id, eventId: ev, payload: '{"a":1}', at: now }]);
      await store.webhooks.enqueue([{ webhookId: w.id, eventId: ev, payload: '{"a":1}', at: now }]);
      const lease = new Date(Date.now() + 30_000).toISOString();
      const due = (await store.webhooks.due(now, 1000, lease)).filter((d) => d.webhookId === w.id);
      assert.equal(due.length, 1, 'one delivery per event');
      assert.deepEqual([due[0]!.status, due[0]!.attempts, due[0]!.webhook.url], ['pending', 0, w.url]);
      const later = new Date(Date.now() + 60_000).toISOString();
      await store.webhooks.settle(due[0]!.id, {
        status: 'pending',
        attempts: 1,
        nextAt: later,
        error: 'HTTP 500',
        at: now,
      });
      const dueAt = async (at: string) =>
        (await store.webhooks.due(at, 1000, at)).filter((d) => d.webhookId === w.id).length;
      assert.equal(await dueAt(now), 0);
      assert.equal(await dueAt(later), 1);
      assert.deepEqual(
        (await store.webhooks.deliveries(w.id, 10)).map((d) => [d.attempts, d.lastError]),
        [[1, 'HTTP 500']],
      );
      assert.equal(await store.webhooks.remove('other', w.id, new Date().toISOString()), false);
      assert.equal(await store.webhooks.remove(w.tenant, w.id, new Date().toISOString()), true);
      assert.deepEqual(await store.webhooks.list(w.tenant), []);
      assert.equal((await store.webhooks.deliveries(w.id, 10))[0]!.status, 'failed');
    });

    it('claims outbox events and deliveries once across concurrent callers; a lapsed claim returns', async () => {
      const now = new Date().toISOString();
      const soon = new Date(Date.now() + 30_000).toISOString();
      const past = new Date(Date.now() + 60_000).toISOString();
      await store.outbox.markPublished(
        (await store.outbox.pending(100_000)).map((e) => e.id),
        now,
      );
      for (let i = 0; i < 12; i++) await store.shipments.insertMany([rowOf(shipmentRow())]);
      const claims = await Promise.all([1, 2, 3, 4].map(() => store.outbox.claim(5, now, soon)));
      const ids = claims.flat().map((e) => e.id);
      assert.equal(ids.length, 12, 'every event claimed');
      assert.equal(new Set(ids).size, 12, 'none claimed twice');
      assert.deepEqual(await store.outbox.claim(5, now, soon), [], 'all held');
      await store.outbox.markPublished(ids.slice(0, 10), now);
      const again = await store.outbox.claim(5, past, past);
      assert.deepEqual(
        again.map((e) => e.id),
        ids.slice(10).sort((a, b) => a - b),
        'the lapsed claims, unpublished, come back',
      );
      await store.outbox.markPublished(
        again.map((e) => e.id),
        now,
      );

      const w = {
        id: id('whk'),
        tenant: id('t'),
        url: 'https://e.test/h',
        secret: 's',
        events: [],
        createdAt: now,
      };
      await store.webhooks.add(w);
      await store.webhooks.enqueue(
        Array.from({ length: 9 }, (_, i) => ({ webhookId: w.id, eventId: `ev${i}`, payload: '{}', at: now })),
      );
      const got = await Promise.all([1, 2, 3].map(() => store.webhooks.due(now, 4, soon)));
      const mine = got.flat().filter((d) => d.webhookId === w.id);
      assert.equal(mine.length, 9);
      assert.equal(new Set(mine.map((d) => d.id)).size, 9, 'no delivery claimed twice');
      assert.equal((await store.webhooks.due(now, 100, soon)).filter((d) => d.webhookId === w.id).length, 0);
      const back = await store.webhooks.due(past, 100, past);
      assert.equal(back.filter((d) => d.webhookId === w.id).length, 9, 'a dead claimant lets them go');
      await store.webhooks.remove(w.tenant, w.id, now);
    });

    it('keeps the active snapshot when a newer load fails, and supersedes it on success', async () => {
      const first = meta({});
      await store.refdata.saveTariff(first, rows);
      assert.deepEqual(await store.refdata.tariffRows(first.id), rows);
      await store.refdata.recordFailure(meta({ status: 'failed', error: 'truncated download', sha256: '' }));
      let active = (await store.refdata.active()).filter((m) => m.dataset === 'hts');
      assert.deepEqual(
        active.map((m) => m.id),
        [first.id],
      );
      const second = meta({ sha256: 'c'.repeat(64) });
      await store.refdata.saveTariff(second, rows.slice(0, 1));
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
      await store.refdata.saveTariff(e2025, rows);
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
        keyHash: 'd'.repeat(60) + String(seq % 10_000).padStart(4, '0'),
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
        tokenHash: 'f'.repeat(60) + String(seq % 10_000).padStart(4, '0'),
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
      assert.deepEqual(await store.refdata.watchlistEntries(m.id), [entry]);
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
      assert.equal((await store.registry.partyLinksOfShipments(['shp_a'])).length, 2);
      assert.equal(await store.registry.movePartyLinks(a, b, [{ shipmentId: 'shp_b', partyIndex: 0 }]), 1);
      assert.equal(await store.registry.movePartyLinks(a, b), 2);
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

    it('lists filings newest first by keyset, filtered, each tenant its own; counts a day by lane and port', async () => {
      const body = (port: string) => ({ reference: 'X', transport: { port_of_entry: port }, lines: [] });
      // Ten filings of two tenants on 2031-01-01/02, some at the same instant (ordered by id then).
      const plan: [string, string, 'green' | 'red' | null, string, string][] = [
        ['listco', '2031-01-01T08:00:00.000Z', 'red', '2704', 'A-1'],
        ['listco', '2031-01-01T09:00:00.000Z', 'green', '2704', 'A-2'],
        ['listco', '2031-01-01T09:00:00.000Z', 'red', '1001', 'A-3'],
        ['listco', '2031-01-01T09:00:00.000Z', null, '1001', 'A-4'],
        ['otherco', '2031-01-01T09:30:00.000Z', 'red', '2704', 'B-1'],
        ['listco', '2031-01-01T10:00:00.000Z', 'green', '2704', 'A-5'],
        ['otherco', '2031-01-01T11:00:00.000Z', 'green', '2704', 'B-2'],
        ['listco', '2031-01-02T01:00:00.000Z', 'red', '2704', 'A-6'],
        ['listco', '2031-01-02T02:00:00.000Z', 'green', '1001', 'A-7'],
        ['otherco', '2031-01-02T03:00:00.000Z', null, '2704', 'B-3'],
      ];
      const rows = plan.map(([tenant, createdAt, lane, port, reference]) =>
        shipmentRow({
          tenant,
          createdAt,
          reference,
          status: lane === null ? 'rejected' : 'accepted',
          shipment: body(port),
          ...(lane ? { decision: decisionRecord(lane) } : {}),
        }),
      );
      await store.shipments.insertMany(rows.map(rowOf));
      const newestFirst = (xs: StoredShipment[]) =>
        [...xs]
          .sort((a, b) =>
            a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
          )
          .map((x) => x.reference);
      const pageAll = async (
        q: Omit<Parameters<Store['shipments']['list']>[0], 'limit' | 'after'>,
        size: number,
      ) => {
        const seen: string[] = [];
        let after = null;
        for (let i = 0; i < 20; i++) {
          const page = await store.shipments.list({ ...q, after, limit: size });
          seen.push(...page.map((x) => x.reference));
          if (page.length < size) return seen;
          const last = page[page.length - 1]!;
          after = { createdAt: last.createdAt, id: last.id };
        }
        throw new Error('did not end');
      };
      const listco = rows.filter((r) => r.tenant === 'listco');
      for (const size of [1, 2, 3, 50])
        assert.deepEqual(await pageAll({ tenant: 'listco' }, size), newestFirst(listco), `pages of ${size}`);
      assert.deepEqual(
        await pageAll({ tenant: 'listco', lane: 'red' }, 2),
        newestFirst(listco.filter((r) => r.decision?.lane === 'red')),
      );
      assert.deepEqual(await pageAll({ tenant: 'listco', status: 'rejected' }, 2), ['A-4']);
      assert.deepEqual(await pageAll({ tenant: 'listco', reference: 'A-5' }, 2), ['A-5']);
      assert.deepEqual(await pageAll({ tenant: 'otherco', reference: 'A-5' }, 2), []);
      assert.deepEqual(
        await pageAll({ tenant: 'listco', from: '2031-01-01T09:00:00.000Z', to: '2031-01-02' }, 2),
        newestFirst(listco.filter((r) => r.createdAt >= '2031-01-01T09' && r.createdAt < '2031-01-02')),
      );
      assert.deepEqual(
        await pageAll({ tenant: null, from: '2031-01-01', to: '2031-01-03' }, 4),
        newestFirst(rows),
        'officers: every tenant',
      );
      const first = (await store.shipments.list({ tenant: 'listco', limit: 1 }))[0]!;
      assert.deepEqual(
        { lane: first.lane, port: first.port, status: first.status, tenant: first.tenant, type: first.type },
        { lane: 'green', port: '1001', status: 'accepted', tenant: 'listco', type: 'formal' },
      );
      const summaries = await store.shipments.summaries([rows[3]!.id, 'shp_missing', rows[0]!.id]);
      assert.deepEqual(summaries.map((x) => x.reference).sort(), ['A-1', 'A-4']);
      assert.equal(summaries.find((x) => x.reference === 'A-4')!.lane, null);
      const counts = await store.shipments.countByLaneAndPort('2031-01-01', '2031-01-02');
      const key = (x: { lane: string | null; port: string | null; n: number }) =>
        `${x.lane}/${x.port}=${x.n}`;
      assert.deepEqual(counts.map(key).sort(), ['green/2704=3', 'null/1001=1', 'red/1001=1', 'red/2704=2']);
      const links = await store.decisions.forShipments([rows[0]!.id, rows[1]!.id, rows[3]!.id]);
      assert.deepEqual(links.map((l) => l.shipmentId).sort(), [rows[0]!.id, rows[1]!.id].sort());
    });
  });
}
