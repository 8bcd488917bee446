import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleFormal, tempDir } from '../../testing/support.js';
import { eventsOf, reminderEvent } from '../notifications/index.js';

const ANSWERS = {
  ior_country: 'US',
  import_history_years: 4,
  first_import_date: '2019-05-01',
  ctpat_security_tier: 'III',
  ctpat_security_good_standing: true,
  debts_to_government: false,
  mou_signed: true,
  questionnaire_answered: true,
};
const EIN = '27-1234567';
const PDF = Buffer.from('%PDF-1.4\n% evidence\n%%EOF\n');

describe('HTTP: the trusted-trader program and the benefit report', () => {
  let s: SharedApp;
  before(async () => {
    s = await sharedApp(
      { loadRegistry: true },
      { TRADELANE_DOCUMENTS_DIR: tempDir('tl-tt-docs'), TRADELANE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
    );
  });
  after(async () => s.close());

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, key: string, body?: unknown) =>
    s.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  const act = (id: string, body: unknown, key = s.officer) =>
    call('POST', `/v1/trusted-traders/${id}/actions`, key, body);

  async function evidence(id: string, requirement: string) {
    const up = await s.app.inject({
      method: 'POST',
      url: `/v1/trusted-traders/${id}/documents?media_type=application/pdf&filename=${requirement}.pdf&type=${requirement}`,
      headers: { authorization: `Bearer ${s.filer}`, 'content-type': 'application/octet-stream' },
      payload: PDF,
    });
    assert.equal(up.statusCode, 201, up.body);
    const r = await call('POST', `/v1/trusted-traders/${id}/requirements/${requirement}/evidence`, s.filer, {
      documents: [up.json().id],
    });
    assert.equal(r.statusCode, 200, r.body);
  }

  it('explains eligibility, refuses what a status does not allow, and certifies a member after review and evidence', async () => {
    const bad = await call('POST', '/v1/trusted-traders/applications', s.filer, {
      company: {
        name: 'Shaky Imports',
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: '27-7654321' }],
      },
      answers: {
        ...ANSWERS,
        import_history_years: 9,
        first_import_date: '2025-01-01',
        mou_signed: undefined,
      },
    });
    assert.equal(bad.statusCode, 201, bad.body);
    const e = bad.json().eligibility;
    assert.equal(e.eligible, false);
    assert.deepEqual(
      e.checks
        .filter((c: { status: string }) => c.status !== 'pass')
        .map((c: { id: string; status: string }) => `${c.id}:${c.status}`),
      ['import_history:contradictory', 'mou:missing'],
    );
    assert.equal(
      (
        await call('POST', '/v1/trusted-traders/applications', s.filer, {
          company: { name: 'X', country: 'USA', identifiers: [] },
          answers: {},
        })
      ).json().code,
      'TT_APPLICATION_INVALID',
    );

    const app = await call('POST', '/v1/trusted-traders/applications', s.filer, {
      company: { name: 'Acme Apparel Inc.', country: 'US', identifiers: [{ scheme: 'EIN', value: EIN }] },
      answers: ANSWERS,
    });
    const id = app.json().id as string;
    assert.match(id, /^ttm_/);
    assert.equal((await act(id, { action: 'certify' }, s.filer)).statusCode, 403, 'a filer does not certify');
    assert.equal((await act(id, { action: 'reinstate', reason: 'x' })).json().code, 'TT_TRANSITION_INVALID');
    assert.equal((await act(id, { action: 'assign' })).json().status, 'under_review');
    assert.equal(
      (await act(id, { action: 'request_information', questions: 'Your customs bond?' })).json().status,
      'information_requested',
    );
    assert.equal(
      (await act(id, { action: 'respond', answers: { questionnaire_answered: true } }, s.filer)).json()
        .status,
      'under_review',
    );
    const unmet = await act(id, { action: 'certify' });
    assert.equal(unmet.statusCode, 422);
    assert.equal(unmet.json().code, 'TT_REQUIREMENTS_UNMET');

    await evidence(id, 'supply_chain_mapping');
    await evidence(id, 'code_of_conduct');
    const noMap = await call(
      'POST',
      `/v1/trusted-traders/${id}/requirements/supply_chain_mapping/verdict`,
      s.officer,
      { verdict: 'accepted' },
    );
    assert.equal(noMap.json().code, 'TT_REQUIREMENTS_UNMET', 'mapping is shown by a map');

    const cycle = await call('PUT', `/v1/trusted-traders/${id}/supply-chains/tees`, s.filer, {
      nodes: [
        { id: 'A', name: 'Sewing Co', kind: 'supplier', tier: 1, country: 'VN' },
        { id: 'B', name: 'Mill', kind: 'facility', tier: 2, country: 'CN' },
      ],
      edges: [
        { from: 'A', to: 'member' },
        { from: 'B', to: 'A' },
        { from: 'A', to: 'B' },
      ],
    });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().code, 'SUPPLY_CHAIN_CYCLE');
    const map = await call('PUT', `/v1/trusted-traders/${id}/supply-chains/tees`, s.filer, {
      hts: '6109.10.0012',
      nodes: [
        { id: 'A', name: 'Saigon Sewing Co', kind: 'supplier', tier: 1, country: 'VN' },
        { id: 'B', name: 'Changhong Meiling Co., Ltd.', kind: 'facility', tier: 2, country: 'CN' },
        {
          id: 'C',
          name: 'Lint',
          kind: 'raw_material',
          tier: 3,
          country: 'CN',
          region: 'Xinjiang',
          material: 'cotton',
        },
      ],
      edges: [
        { from: 'A', to: 'member' },
        { from: 'B', to: 'A' },
        { from: 'C', to: 'B' },
      ],
    });
    assert.equal(map.statusCode, 200, map.body);
    const codes = map.json().nexus.map((f: { code: string; node: string }) => `${f.code}:${f.node}`);
    assert.ok(codes.includes('NEXUS_XINJIANG:C'), codes.join());
    assert.ok(codes.includes('NEXUS_LIST_HIT:B'), codes.join());
    assert.deepEqual(map.json().nexus.find((f: { node: string }) => f.node === 'C').path, [
      'member',
      'A',
      'B',
      'C',
    ]);
    assert.ok(
      map.json().map.nodes.every((n: { entity?: string }) => /^ent_/.test(n.entity ?? '')),
      'nodes are registry parties',
    );
    const pack = await s.app.inject({
      url: `/v1/trusted-traders/${id}/supply-chains/tees/evidence-pack?format=html`,
      headers: { authorization: `Bearer ${s.officer}` },
    });
    assert.match(pack.headers['content-type'] as string, /text\/html/);
    assert.match(pack.body, /NEXUS_XINJIANG/);

    for (const r of ['supply_chain_mapping', 'code_of_conduct'])
      assert.equal(
        (
          await call('POST', `/v1/trusted-traders/${id}/requirements/${r}/verdict`, s.officer, {
            verdict: 'accepted',
          })
        ).statusCode,
        200,
      );
    const cert = await act(id, { action: 'certify' });
    assert.equal(cert.statusCode, 200, cert.body);
    assert.equal(cert.json().status, 'certified');
    const view = (await call('GET', `/v1/trusted-traders/${id}`, s.filer)).json();
    assert.deepEqual(
      view.history
        .map((h: { action: string }) => h.action)
        .filter((a: string) => a !== 'evidence' && a !== 'verdict'),
      ['apply', 'assign', 'request_information', 'respond', 'certify'],
    );
    assert.equal((await call('GET', '/v1/trusted-traders', s.filer)).json().members.length, 2);

    // The applicant hears of every step through the outbox (webhooks `trusted.status`).
    const heard = (await s.c.store.outbox.pending(10_000))
      .filter((o) => o.topic === 'trusted.status')
      .flatMap((o) => eventsOf(o.topic, o.payload, o.createdAt))
      .filter((e) => e.member_id === id);
    assert.deepEqual(
      heard.map((e) => e.status).filter((x, i, a) => x !== a[i - 1]),
      ['applicant', 'under_review', 'information_requested', 'under_review', 'certified'],
    );
    assert.ok(heard.every((e) => e.tenant === 'acme' && e.type === 'trusted.status'));
    // Reminders: one delivery per webhook, due date and step, however often they are computed.
    const hook = await call('POST', '/v1/webhooks', s.filer, {
      url: 'http://127.0.0.1:9/hook',
      events: ['trusted.reminder'],
    });
    assert.equal(hook.statusCode, 201, hook.body);
    const r = { member: id, due: '2027-01-01', days_left: 20, overdue: false, step: 30 };
    const ev = reminderEvent(r, 'acme', 'certified', '2026-12-12T00:00:00.000Z');
    await s.c.webhooks.enqueue([ev]);
    await s.c.webhooks.enqueue([ev]);
    const deliveries = await call('GET', `/v1/webhooks/${hook.json().id}/deliveries`, s.filer);
    assert.equal(deliveries.json().deliveries.length, 1, deliveries.body);
  });

  it('applies benefits in the lane decision with the counterfactual lane, and measures them against non-members', async () => {
    const members = (await call('GET', '/v1/trusted-traders?status=certified', s.officer)).json().members;
    const member = members[0];
    assert.ok(member, 'the member certified above');
    const importer = (ein?: string) => ({
      role: 'importer',
      name: 'Acme Apparel Inc.',
      address: { city: 'Austin', country: 'US' },
      ...(ein ? { identifiers: [{ scheme: 'EIN', value: ein }] } : {}),
    });
    const file = async (ein: string | undefined, i: number) => {
      const body = sampleFormal({ reference: `TT-${i}` }) as { parties: unknown[] };
      body.parties = [importer(ein), ...body.parties.slice(1)];
      const r = await call('POST', '/v1/shipments', s.filer, body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json().id as string;
    };
    const mine = await file(EIN, 1);
    const other = await file(undefined, 2);
    const decision = (await call('GET', `/v1/shipments/${mine}`, s.officer)).json().decision;
    assert.equal(decision.trusted, true);
    assert.equal(decision.benefit.member, member.id);
    assert.equal(decision.benefit.tier, 'certified');
    assert.ok(['green', 'blue', 'yellow', 'red'].includes(decision.benefit.counterfactual_lane));
    assert.equal((await call('GET', `/v1/shipments/${other}`, s.officer)).json().decision.trusted, false);
    const hold = await call('POST', `/v1/shipments/${other}/actions`, s.officer, {
      type: 'hold',
      note: 'check',
    });
    assert.equal(hold.statusCode, 200, hold.body);
    assert.equal(
      (await call('POST', `/v1/shipments/${other}/actions`, s.officer, { type: 'release' })).statusCode,
      200,
    );

    const report = await call('GET', '/v1/benefits/report', s.officer);
    assert.equal(report.statusCode, 200, report.body);
    const r = report.json();
    assert.ok(r.decisions >= 2);
    const row = r.members.find((m: { member: string }) => m.member === member.id);
    assert.equal(row.shipments, 1);
    assert.equal(row.tier, 'certified');
    assert.equal(
      row.matched_shipments,
      1,
      'same chapter, origin, port, value band and month as the non-member',
    );
    assert.equal((await call('GET', '/v1/benefits/report', s.filer)).statusCode, 403);
    // Over time: the same decisions by calendar month, this month last.
    const series = await call('GET', '/v1/benefits/series?months=3', s.officer);
    assert.equal(series.statusCode, 200, series.body);
    const periods = series.json().periods as { period: string; overall: { shipments: number } }[];
    assert.equal(periods.length, 3);
    assert.ok(periods[0]!.period < periods[1]!.period && periods[1]!.period < periods[2]!.period);
    assert.equal(
      periods.reduce((t, p) => t + p.overall.shipments, 0),
      r.overall.shipments,
      'every member decision falls in one month',
    );
    assert.equal((await call('GET', '/v1/benefits/series?months=0', s.officer)).json().code, 'QUERY_INVALID');
    assert.equal((await call('GET', '/v1/benefits/series', s.filer)).statusCode, 403);
    const csv = await call('GET', '/v1/benefits/report?format=csv', s.officer);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.equal(
      (await call('GET', '/v1/benefits/report?from=yesterday', s.officer)).json().code,
      'QUERY_INVALID',
    );
    // Shaped like a date, but not one the calendar has: refused at its place, not compared as text.
    for (const bad of ['from=2026-02-30', 'to=2026-12-04T24:00', 'from=2026-13-01T00:00:00Z']) {
      const r = (await call('GET', `/v1/benefits/report?${bad}`, s.officer)).json();
      assert.deepEqual([r.code, r.path], ['QUERY_INVALID', `query.${bad.split('=')[0]}`], bad);
    }
    assert.equal((await call('GET', '/v1/benefits/report?from=2024-02-29', s.officer)).statusCode, 200);

    // Removed while a shipment is in flight: the decision made keeps its benefit, the next has none.
    assert.equal((await act(member.id, { action: 'remove', reason: 'finding' })).json().status, 'removed');
    const after = await file(EIN, 3);
    assert.equal((await call('GET', `/v1/shipments/${after}`, s.officer)).json().decision.trusted, false);
    assert.equal(
      (await call('GET', `/v1/shipments/${mine}`, s.officer)).json().decision.benefit.member,
      member.id,
    );
  });

  it('reloads the membership only when the store changed, by this process or another', async () => {
    await s.c.trusted.refresh();
    assert.equal(await s.c.trusted.refreshIfChanged(), false, 'nothing written since');
    // Another process (the CLI, another server) writes a member straight to the store.
    const [m] = await s.c.store.trusted.list({});
    assert.ok(m, 'the tests above enrolled members');
    assert.equal(await s.c.store.trusted.update({ ...m, version: m.version + 1 }, m.version, []), true);
    assert.equal(await s.c.trusted.refreshIfChanged(), true, 'the change is read');
    assert.equal(await s.c.trusted.refreshIfChanged(), false, 'once');
  });
});
