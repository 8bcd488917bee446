import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../main/container.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleShipment } from '../../testing/support.js';

const sdnSeller = (name: string) =>
  sampleShipment({
    reference: `AWB-${name.length}-${Math.random().toString(36).slice(2)}`,
    parties: [
      { role: 'seller', name, address: { city: 'Havana', country: 'CU' } },
      { role: 'consignee', name: 'Jane Doe', address: { city: 'Austin', country: 'US' } },
    ],
  });

describe('screening: pipeline stage, API, decisions, re-screening', sharedData(), () => {
  let c: Container;
  let app: FastifyInstance;
  let filer: string;
  let officer: string;
  let shared: SharedApp;
  before(async () => {
    shared = await sharedApp();
    ({ c, app, filer, officer } = shared);
  });
  after(() => shared.close());

  it('loads every list as a snapshot, the truncated CSL copy with a note', async () => {
    const active = (await c.store.refdata.active()).map((m) => m.dataset);
    for (const d of ['ofac-sdn', 'ofac-cons', 'csl', 'bis-dpl', 'un-sc', 'uflpa', 'cbp-wro'])
      assert.ok(active.includes(d), d);
    const csl = (await c.store.refdata.active()).find((m) => m.dataset === 'csl')!;
    assert.match(csl.notes?.[0] ?? '', /csl\.csv:4233: incomplete last record dropped/);
    assert.ok(c.screening.current().index!.stats().names >= 45_000);
  });

  it('flags a listed party in a filing, with the list versions used', async () => {
    const r = c.filing.evaluate('acme', sdnSeller('Banco Nacional de Cuba'));
    const hit = r.findings.find((f) => f.code === 'SCREENING_HIT')!;
    assert.equal(hit.path, 'parties[0].name');
    assert.equal(hit.severity, 'warning');
    assert.ok(r.versions.some((v) => v.dataset === 'ofac-sdn'));
    assert.ok(r.versions.some((v) => v.dataset === 'screening-policy'));
    const uflpa = c.filing.evaluate('acme', sdnSeller('Xinjiang Production and Construction Corps'));
    assert.ok(uflpa.findings.some((f) => f.code === 'FORCED_LABOR_LIST_HIT'));
    const clean = c.filing.evaluate('acme', sampleShipment());
    assert.ok(!clean.findings.some((f) => f.code.endsWith('_HIT')));
  });

  it('POST /v1/screen: one party or a batch; bad parties get their own error', async () => {
    const one = await app.inject({
      method: 'POST',
      url: '/v1/screen',
      headers: { authorization: `Bearer ${filer}` },
      payload: { name: 'AEROCARIBEAN AIRLINES', country: 'CU' },
    });
    assert.equal(one.statusCode, 200);
    const body = one.json();
    assert.ok(body.matches.some((m: { source_id: string }) => m.source_id === '36'));
    assert.ok(body.data_versions.some((v: { dataset: string }) => v.dataset === 'ofac-sdn'));
    const batch = await app.inject({
      method: 'POST',
      url: '/v1/screen',
      headers: { authorization: `Bearer ${filer}` },
      payload: { parties: [{ id: 'a', name: '' }, { id: 'b', name: 'x'.repeat(10_000) }, { name: 7 }] },
    });
    assert.equal(batch.statusCode, 200);
    const [a, b, c3] = batch.json().results;
    assert.equal(a.error.code, 'FIELD_REQUIRED');
    assert.deepEqual(b.matches, []);
    assert.equal(c3.error.code, 'TYPE_INVALID');
  });

  it('an officer marks a false positive; the same party is not flagged again for that entry', async () => {
    const party = { name: 'Cimex Iberica', country: 'ES' };
    const before = c.screening.screen(party, { tenant: 'acme' }).matches.map((m) => m.entry.id);
    assert.ok(before.includes('ofac-sdn:536'));
    const denied = await app.inject({
      method: 'POST',
      url: '/v1/screening/decisions',
      headers: { authorization: `Bearer ${filer}` },
      payload: { party, entity_id: 'ofac-sdn:536', reason: 'x' },
    });
    assert.equal(denied.statusCode, 403);
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/screening/decisions',
      headers: { authorization: `Bearer ${officer}` },
      payload: {
        party,
        entity_id: 'ofac-sdn:536',
        reason: 'a Spanish bakery, not the Cuban firm',
        tenant: 'acme',
      },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const after = c.screening.screen(party, { tenant: 'acme' });
    assert.ok(!after.matches.some((m) => m.entry.id === 'ofac-sdn:536'));
    assert.ok(after.suppressed.some((m) => m.entry.id === 'ofac-sdn:536'));
    const changed = c.screening.screen({ ...party, address: 'Calle Mayor 1' }, { tenant: 'acme' });
    assert.ok(
      changed.matches.some((m) => m.entry.id === 'ofac-sdn:536'),
      'a changed party is screened afresh',
    );
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/screening/decisions',
      headers: { authorization: `Bearer ${officer}` },
      payload: { party, entity_id: 'ofac-sdn:nope', reason: 'x' },
    });
    assert.equal(unknown.json().code, 'SCREENING_ENTRY_UNKNOWN');
  });

  it('re-screens stored parties: new hits raise alerts once', async () => {
    await c.filing.fileOne('acme', sdnSeller('Anglo-Caribbean Co Ltd'), null);
    const first = await c.screening.rescreen();
    assert.ok(first.alerts >= 1);
    const again = await c.screening.rescreen();
    assert.equal(again.alerts, 0, 'known hits raise nothing');
    const res = await app.inject({
      method: 'GET',
      url: '/v1/alerts',
      headers: { authorization: `Bearer ${officer}` },
    });
    const alert = res.json().alerts.find((a: { entryId: string }) => a.entryId === 'ofac-sdn:173');
    assert.ok(alert);
    const ack = (key: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/alerts/${alert.id}/acknowledge?tenant=acme`,
        headers: { authorization: `Bearer ${key}` },
      });
    assert.equal((await ack(filer)).statusCode, 403);
    assert.equal((await ack(officer)).statusCode, 200);
    assert.equal((await ack(officer)).json().code, 'ALERT_NOT_FOUND', 'acknowledged once');
  });
});
