/**
 * Officers' overrides of a list hit: a rejected filing cannot be released (it has no decision and
 * is not in the queue), and goods held on a denied-party or forced-labor hit are released only
 * with a reason and by a second officer — both recorded in the chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleShipment, sharedData } from '../../testing/support.js';
import { verifyChain } from './audit.js';
import { nodeCrypto } from '../../platform/system/system.js';

describe('four-eyes release of list-hit holds', sharedData(), () => {
  let t: SharedApp;
  let second: string;
  before(async () => {
    t = await sharedApp({ skipClassifier: true });
    second = (await t.c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key;
  });
  after(() => t.close());

  const denied = (reference: string) =>
    sampleShipment({
      reference,
      parties: [
        { role: 'seller', name: 'Banco Nacional de Cuba', address: { city: 'Havana', country: 'CU' } },
        { role: 'consignee', name: 'Ann Buyer', address: { city: 'Austin', country: 'US' } },
      ],
    });
  const file = async (body: object) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: { authorization: `Bearer ${t.filer}` },
        payload: body,
      })
    ).json();
  const act = (id: string, key: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/shipments/${id}/actions`,
      headers: { authorization: `Bearer ${key}` },
      payload,
    });

  it('refuses to release a rejected filing', async () => {
    const bad = denied('REJ-1');
    (bad.lines as { hts: string }[])[0]!.hts = '0000.00.00.00';
    const r = await file(bad);
    assert.equal(r.status, 'rejected');
    const res = await act(r.id, t.officer, { type: 'release', note: 'x' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'DECISION_NOT_FOUND');
  });

  it('needs a reason and a second officer to release a denied-party hold', async () => {
    const r = await file(denied('FE-1'));
    assert.deepEqual(r.holds, ['CBP-DENIED-PARTY']);
    const bare = await act(r.id, t.officer, { type: 'release' });
    assert.equal(bare.statusCode, 400);
    assert.equal(bare.json().code, 'ACTION_INVALID');
    const asked = await act(r.id, t.officer, { type: 'release', note: 'false positive: another bank' });
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().customs_status, 'held');
    assert.equal(asked.json().actions.at(-1).type, 'release_request');
    const self = await act(r.id, t.officer, { type: 'release', note: 'again' });
    assert.equal(self.statusCode, 409);
    assert.equal(self.json().code, 'RELEASE_NEEDS_SECOND_OFFICER');
    const ok = await act(r.id, second, { type: 'release', note: 'agreed: not the listed bank' });
    assert.equal(ok.json().customs_status, 'released');
    const last = ok.json().actions.at(-1);
    assert.equal(last.type, 'release');
    assert.ok(last.requested_by && last.requested_by !== last.officer);
    assert.equal((await verifyChain(t.c.store, nodeCrypto)).ok, true);
  });

  it('releases a filing without list-hit holds with one officer', async () => {
    const r = await file(sampleShipment({ reference: 'FE-PLAIN' }));
    const res = await act(r.id, t.officer, { type: 'release' });
    if (r.lane === undefined) return assert.equal(res.statusCode, 404);
    assert.equal(res.json().customs_status, 'released');
  });
});
