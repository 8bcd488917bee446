import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { KyselyStore } from '../../main/store/kysely-store.js';
import { loadRuleSet } from './adapters/risk-policy.js';
import { nodeCrypto } from '../../platform/system/system.js';
import { isProblem } from '../../kernel/problem.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleFormal, sampleShipment, tempDir } from '../../testing/support.js';
import { replayDecision, verifyChain } from './audit.js';
import { parseRuleSet } from './domain/policy.js';
import type { Shipment } from '../../kernel/shipment.js';

describe('risk and lanes in the pipeline: decisions recorded, chained, replayed', sharedData(), () => {
  let t: SharedApp;
  before(async () => {
    t = await sharedApp();
  });
  after(() => t.close());

  const file = async (body: Record<string, unknown>) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      headers: { authorization: `Bearer ${t.filer}` },
      payload: body,
    });
    assert.ok(r.statusCode === 201 || r.statusCode === 422, r.body);
    return r.json();
  };

  const xinjiang = () =>
    sampleShipment({
      reference: 'XJ-1',
      parties: [
        {
          role: 'seller',
          name: 'Hotan Cotton Trading Co., Ltd.',
          address: { street: '8 Beijing Road', city: 'Urumqi', country: 'CN' },
        },
        {
          role: 'consignee',
          name: 'Ann Buyer',
          address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
        },
      ],
    });

  it('sends a Xinjiang nexus to the red lane with a UFLPA hold, every signal with its evidence', async () => {
    const res = await file(xinjiang());
    assert.equal(res.lane, 'red');
    assert.ok(res.holds.includes('CBP-UFLPA'));
    assert.ok(res.signals.some((s: { code: string }) => s.code === 'forced_labor_region'));
    const got = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${res.id}`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    const d = got.json().decision;
    assert.equal(got.json().lane, 'red');
    const sig = d.signals.find((s: { code: string }) => s.code === 'forced_labor_region');
    assert.deepEqual(sig.evidence.places, ['Urumqi', 'Hotan']);
    assert.equal(sig.weight, 70);
    assert.match(d.rule_set_sha256, /^[0-9a-f]{64}$/);
    assert.equal(d.rule_set, t.c.risk.rules.ruleSet.version);
    assert.ok(d.rules.some((r: { id: string }) => r.id === 'R-XINJIANG'));
  });

  it('replays a decision from its recorded inputs and rule set, and shows a difference', async () => {
    const res = await file(xinjiang());
    const r = await replayDecision(t.c.store, t.c.risk, res.id);
    assert.equal(r.same, true, r.differences.join('; '));
    assert.equal(r.replayed.lane, 'red');
    // An edited record replays to something else: the difference is shown.
    const db = (t.c.store as KyselyStore).db;
    const link = (await t.c.store.decisions.forShipment(res.id))[0]!;
    const edited = JSON.parse(link.record);
    edited.lane = 'green';
    await sql`update decisions set record = ${JSON.stringify(edited)}, lane = 'green' where seq = ${link.seq}`.execute(
      db,
    );
    const again = await replayDecision(t.c.store, t.c.risk, res.id);
    assert.equal(again.same, false);
    assert.match(again.differences[0]!, /^lane: recorded "green", replayed "red"/);
    // …and the chain shows the edit.
    const v = await verifyChain(t.c.store, nodeCrypto);
    assert.equal(v.ok, false);
    assert.equal(v.broken!.seq, link.seq);
    await sql`update decisions set record = ${link.record}, lane = ${link.lane} where seq = ${link.seq}`.execute(
      db,
    );
    assert.equal((await verifyChain(t.c.store, nodeCrypto)).ok, true);
  });

  it('learns unit values per subheading and origin and flags one far below them', async () => {
    const line = (amount: number) => ({
      description: 'Leather handbags',
      hts: '4202.21.90.00',
      origin: 'VN',
      quantity: [{ value: 10, unit: 'No.' }],
      value: { amount, currency: 'USD' },
    });
    for (let i = 0; i < 25; i++) {
      const r = await file(sampleFormal({ reference: `BAG-${i}`, lines: [line(200_000 + i * 1000)] }));
      assert.ok(!r.signals.some((s: { code: string }) => s.code === 'value_anomaly'));
    }
    const cheap = await file(sampleFormal({ reference: 'BAG-X', lines: [line(5_000)] }));
    const sig = cheap.signals.find((s: { code: string }) => s.code === 'value_anomaly');
    assert.ok(sig, JSON.stringify(cheap.signals));
    assert.equal(sig.path, 'lines[0].value');
  });

  it('notices many low-value parcels from one seller to one consignee', async () => {
    const codes: string[][] = [];
    for (let i = 0; i < 6; i++) {
      const r = await file(sampleShipment({ reference: `SPLIT-${i}` }));
      codes.push(r.signals.map((s: { code: string }) => s.code));
    }
    assert.ok(!codes[2]!.includes('split_shipment'));
    assert.ok(codes[5]!.includes('split_shipment'), JSON.stringify(codes[5]));
  });

  it('refuses an invalid rule set naming the rule and the field', () => {
    const dir = tempDir('tl-rules');
    const f = join(dir, 'rules.json');
    const rs = JSON.parse(t.c.risk.rules.text);
    rs.rules[1].lane = 'purple';
    writeFileSync(f, JSON.stringify(rs));
    assert.throws(
      () => loadRuleSet(f),
      (e: unknown) =>
        isProblem(e) &&
        e.code === 'RULESET_INVALID' &&
        new RegExp(`rule ${rs.rules[1].id}: rules\\[1\\]\\.lane`).test(e.message),
    );
  });

  it('lets officers work the queue: hold, request documents, exam result, release — audited and chained', async () => {
    const res = await file(xinjiang());
    const officer = { authorization: `Bearer ${t.officer}` };
    const queue = await t.app.inject({
      method: 'GET',
      url: '/v1/queue?lane=red&signal=forced_labor_region',
      headers: officer,
    });
    assert.equal(queue.statusCode, 200, queue.body);
    const item = queue.json().items.find((x: { shipment_id: string }) => x.shipment_id === res.id);
    assert.ok(item, 'the red filing is in the queue');
    assert.equal(item.status, 'held', 'its holds stand before any officer acts');
    const filerTry = await t.app.inject({
      method: 'GET',
      url: '/v1/queue?lane=red',
      headers: { authorization: `Bearer ${t.filer}` },
    });
    assert.equal(filerTry.statusCode, 403);
    const act = (payload: object) =>
      t.app.inject({ method: 'POST', url: `/v1/shipments/${res.id}/actions`, headers: officer, payload });
    assert.equal(
      (await act({ type: 'hold', agency: 'CBP-UFLPA', note: 'review' })).json().customs_status,
      'held',
    );
    assert.equal((await act({ type: 'request_documents' })).json().code, 'ACTION_INVALID');
    const docs = await act({ type: 'request_documents', documents: ['supply_chain_map'] });
    assert.equal(docs.json().customs_status, 'documents_requested');
    assert.equal((await act({ type: 'exam_result' })).statusCode, 400);
    const exam = await act({ type: 'exam_result', found: true, what: 'cotton from Xinjiang' });
    assert.equal(exam.json().customs_status, 'examined');
    // Held on a list hit: the release takes a second officer (four-eyes).
    const asked = await act({ type: 'release', note: 'rebutted' });
    assert.equal(asked.json().customs_status, 'held');
    const second = (await t.c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key;
    const released = await t.app.inject({
      method: 'POST',
      url: `/v1/shipments/${res.id}/actions`,
      headers: { authorization: `Bearer ${second}` },
      payload: { type: 'release', note: 'rebuttal checked' },
    });
    assert.equal(released.json().customs_status, 'released');
    assert.equal(released.json().actions.length, 5);
    assert.equal((await act({ type: 'hold' })).statusCode, 409);
    const got = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${res.id}`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    assert.equal(got.json().customs_status, 'released');
    assert.equal(got.json().decision.lane, 'red', 'the decision stays what it was');
    const stats = await t.app.inject({ method: 'GET', url: '/v1/rules/stats', headers: officer });
    const xj = stats.json().rules.find((r: { rule: string }) => r.rule === 'R-XINJIANG');
    assert.ok(xj.selected >= 1 && xj.exams >= 1 && xj.found >= 1, JSON.stringify(xj));
    assert.deepEqual([stats.json().from, stats.json().to], [null, null]);
    // Limited to days: from a day long past, the same; a day long past alone, or days to come, none.
    const on = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/v1/rules/stats?${q}`, headers: officer })).json();
    const since = await on('from=2001-01-01');
    assert.deepEqual([since.from, since.to], ['2001-01-01', null]);
    assert.deepEqual(since.rules, stats.json().rules);
    assert.deepEqual((await on('from=2001-01-01&to=2001-01-01T12:00:00Z')).rules, []);
    assert.deepEqual((await on('from=2999-01-01')).rules, []);
    const bad = await on('to=2026-02-30');
    assert.deepEqual([bad.code, bad.path], ['QUERY_INVALID', 'query.to']);
    assert.equal((await verifyChain(t.c.store, nodeCrypto)).ok, true);
    const replay = await replayDecision(t.c.store, t.c.risk, res.id);
    assert.equal(replay.same, true, 'actions do not change the decision replayed');
  });

  const cottonFrom = (reference: string, seller: Record<string, unknown>) =>
    sampleShipment({
      reference,
      parties: [
        seller,
        {
          role: 'consignee',
          name: 'Ann Buyer',
          address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
        },
      ],
      lines: [
        {
          description: "Men's T-shirts of cotton, knitted",
          hts: '6109.10.00.12',
          origin: 'CN',
          quantity: [
            { value: 2, unit: 'doz.' },
            { value: 1, unit: 'kg' },
          ],
          value: { amount: 5000, currency: 'USD' },
        },
      ],
    });
  const ningbo = {
    role: 'seller',
    name: 'Ningbo Seaside Knitting Co., Ltd.',
    address: { street: '18 Zhongshan Road', city: 'Ningbo', postal_code: '315000', country: 'CN' },
  };

  it('holds a denied-party hit, names every hold with its reason; Chinese cotton is not held under an entity order', async () => {
    const denied = await file(
      sampleShipment({
        reference: 'SDN-1',
        parties: [
          { role: 'seller', name: 'Banco Nacional de Cuba', address: { city: 'Havana', country: 'CU' } },
          {
            role: 'consignee',
            name: 'Ann Buyer',
            address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
          },
        ],
      }),
    );
    assert.equal(denied.lane, 'red');
    assert.deepEqual(denied.holds, ['CBP-DENIED-PARTY']);
    const got = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${denied.id}`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    assert.deepEqual(
      got.json().decision.hold_reasons.map((h: { hold: string; rule: string }) => [h.hold, h.rule]),
      [['CBP-DENIED-PARTY', 'R-DENIED']],
    );
    const clean = await file(cottonFrom('COT-1', ningbo));
    assert.deepEqual(clean.holds, [], JSON.stringify(clean.signals));
    assert.ok(!clean.signals.some((x: { code: string }) => x.code.startsWith('forced_labor')));
    const xpcc = await file(
      cottonFrom('COT-2', {
        role: 'seller',
        name: 'Xinjiang Production and Construction Corps',
        address: { city: 'Shanghai', country: 'CN' },
      }),
    );
    assert.equal(xpcc.lane, 'red');
    assert.ok(xpcc.holds.includes('CBP-WRO'), JSON.stringify(xpcc));
    const replay = await replayDecision(t.c.store, t.c.risk, xpcc.id);
    assert.equal(replay.same, true, replay.differences.join('; '));
  });

  it('replays a decision recorded before order scopes with its rule set and the signals of its time', async () => {
    const filed = await file(cottonFrom('COT-OLD', ningbo));
    const stored = (await t.c.store.shipments.get(filed.id, null))!;
    // The rule set in force before scopes: no entity or region order rules, no denied-party hold.
    const rs = JSON.parse(t.c.risk.rules.text);
    rs.version = 'risk-rules/2026-11-28.2';
    rs.rules = rs.rules
      .filter((r: { id: string }) => r.id !== 'R-WRO-ENTITY' && r.id !== 'R-WRO-REGION')
      .map((r: { id: string; holds?: string[]; mandatory?: boolean }) =>
        r.id === 'R-DENIED' || r.id === 'R-COUNTERFEIT'
          ? { ...r, holds: undefined }
          : r.id === 'R-WRO-PRODUCT'
            ? { ...r, lane: 'yellow', mandatory: undefined }
            : r,
      );
    delete rs.weights.forced_labor_wro_entity;
    delete rs.weights.forced_labor_wro_region;
    const text = JSON.stringify(rs);
    const sha = nodeCrypto.sha256(text);
    await t.c.store.decisions.saveRuleSet(sha, rs.version, text, new Date().toISOString());
    const parsed = parseRuleSet(rs);
    assert.ok(parsed.ok);
    const inputs = { valueStats: [null], recentParcels: 0, trusted: false as const };
    const old = t.c.risk.verdict(
      parsed.ruleSet,
      filed.id,
      stored.shipment as Shipment,
      stored.findings,
      inputs,
    );
    // Then, the XPCC order was read as covering all Chinese cotton.
    assert.ok(old.holds.includes('CBP-WRO'), JSON.stringify(old.signals));
    const record = { ...old, inputs, rule_set_sha256: sha, risk_data: 'risk-data/2026-11-28' };
    await t.c.store.decisions.append([
      {
        shipmentId: filed.id,
        revision: 1,
        tenant: 'acme',
        lane: old.lane,
        score: old.score,
        record: JSON.stringify(record),
        createdAt: new Date().toISOString(),
      },
    ]);
    const r = await replayDecision(t.c.store, t.c.risk, filed.id);
    assert.equal(r.same, true, r.differences.join('; '));
    assert.deepEqual(r.replayed.holds, old.holds);
    assert.ok(r.notes.some((n) => /risk data risk-data\/2026-11-28 was used/.test(n)));
  });

  it("leaves rejected filings out of the officers' queue", async () => {
    const bad = xinjiang();
    (bad.lines as { hts: string }[])[0]!.hts = '0000.00.00.00';
    const res = await file({ ...bad, reference: 'XJ-REJECTED' });
    assert.equal(res.status, 'rejected');
    const queue = await t.app.inject({
      method: 'GET',
      url: '/v1/queue?lane=red&limit=200',
      headers: { authorization: `Bearer ${t.officer}` },
    });
    assert.equal(queue.statusCode, 200);
    assert.ok(!queue.json().items.some((x: { shipment_id: string }) => x.shipment_id === res.id));
  });

  it("reads the importer's supply-chain map: a mill in Xinjiang holds the garment, recorded and replayed", async () => {
    // main/ wires this for the server and the workers; here the test does.
    t.c.risk.useSupplyChains((tenant, s) => t.c.trusted.mappedNodes(tenant, s));
    const m = await t.c.trusted.apply('acme', 'test', {
      company: {
        name: 'Mapped Apparel Inc.',
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: '27-5550123' }],
      },
      answers: {},
    });
    const mill = (city: string) => ({
      hts: '6109.10',
      nodes: [
        { id: 'T1', name: 'Hanoi Garment Co.', kind: 'supplier', tier: 1, country: 'VN' },
        { id: 'T2', name: 'Spinning Mill 7', kind: 'facility', tier: 2, country: 'CN', address: { city } },
        { id: 'T3', name: 'Cotton lint', kind: 'raw_material', tier: 3, country: 'CN', material: 'cotton' },
      ],
      edges: [
        { from: 'T1', to: 'member' },
        { from: 'T2', to: 'T1' },
        { from: 'T3', to: 'T2' },
      ],
    });
    const filing = (reference: string) => ({
      ...cottonFrom(reference, {
        role: 'seller',
        name: 'Hanoi Garment Co.',
        address: { city: 'Hanoi', country: 'VN' },
      }),
      parties: [
        { role: 'seller', name: 'Hanoi Garment Co.', address: { city: 'Hanoi', country: 'VN' } },
        {
          role: 'importer',
          name: 'Mapped Apparel Inc.',
          address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
          identifiers: [{ scheme: 'EIN', value: '27-5550123' }],
        },
        {
          role: 'consignee',
          name: 'Ann Buyer',
          address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
        },
      ],
    });
    await t.c.trusted.putSupplyChain(m.id, 'tees', mill('Nantong'), null);
    await t.c.trusted.refresh();
    const clean = await file(filing('MAP-1'));
    assert.deepEqual(clean.holds, [], JSON.stringify(clean.signals));
    await t.c.trusted.putSupplyChain(m.id, 'tees', mill('Aksu'), null);
    const held = await file(filing('MAP-2'));
    assert.equal(held.lane, 'red');
    assert.deepEqual(held.holds, ['CBP-UFLPA', 'CBP-WRO']);
    const got = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${held.id}`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    const d = got.json().decision;
    assert.deepEqual(
      d.inputs.forced_labor.supply_chain.map((n: { node: string }) => n.node),
      ['T2'],
    );
    assert.deepEqual(
      d.inputs.forced_labor.orders.map((o: { scope: string; region: string }) => [o.scope, o.region]),
      [['region', 'Xinjiang']],
    );
    // The map changes; the decision replays from what it recorded.
    await t.c.trusted.putSupplyChain(m.id, 'tees', mill('Nantong'), null);
    const r = await replayDecision(t.c.store, t.c.risk, held.id);
    assert.equal(r.same, true, r.differences.join('; '));
    t.c.risk.useSupplyChains(() => []);
  });
});
