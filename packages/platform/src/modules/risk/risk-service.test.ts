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
    assert.equal(item.status, 'pending');
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
    const released = await act({ type: 'release', note: 'rebutted' });
    assert.equal(released.json().customs_status, 'released');
    assert.equal(released.json().actions.length, 4);
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
    assert.equal((await verifyChain(t.c.store, nodeCrypto)).ok, true);
    const replay = await replayDecision(t.c.store, t.c.risk, res.id);
    assert.equal(replay.same, true, 'actions do not change the decision replayed');
  });
});
