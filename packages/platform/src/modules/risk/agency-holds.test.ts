/**
 * Holds by authority: a partner agency's officer lifts only its agency's holds, never CBP's (the
 * decision's holds, customs officers' holds); goods are released once no authority's hold stands;
 * a filing whose decision holds it is `held` before any officer acts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleShipment, sharedData } from '../../testing/support.js';
import { verifyChain } from './audit.js';
import { eventsOf } from '../notifications/index.js';
import { nodeCrypto } from '../../platform/system/system.js';

describe('holds by authority (CBP and partner agencies)', sharedData(), () => {
  let t: SharedApp;
  let officer2: string;
  let fda: string;
  let fda2: string;
  before(async () => {
    t = await sharedApp({ skipClassifier: true });
    officer2 = (await t.c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key;
    fda = (await t.c.apiKeys.create({ tenant: 'fda', role: 'pga_officer', agency: 'FDA' })).key;
    fda2 = (await t.c.apiKeys.create({ tenant: 'fda', role: 'pga_officer', agency: 'FDA' })).key;
  });
  after(() => t.close());

  const sampleLine = (sampleShipment().lines as Record<string, unknown>[])[0]!;
  /** A filing that concerns FDA (its line declares FDA data), held on a denied-party hit or not. */
  const fdaFiling = (reference: string, denied: boolean) =>
    sampleShipment({
      reference,
      parties: [
        denied
          ? { role: 'seller', name: 'Banco Nacional de Cuba', address: { city: 'Havana', country: 'CU' } }
          : { role: 'seller', name: 'Hanoi Knitwear Co', address: { city: 'Hanoi', country: 'VN' } },
        { role: 'consignee', name: 'Ann Buyer', address: { city: 'Austin', country: 'US' } },
      ],
      // The sample's line, from Viet Nam, declaring FDA data: a filing FDA's officers may act on.
      lines: [{ ...sampleLine, origin: 'VN', pga: [{ agency: 'FDA', program: 'COS', disclaim: 'E' }] }],
    });
  const file = async (body: object) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      headers: { authorization: `Bearer ${t.filer}` },
      payload: body,
    });
    assert.ok(res.statusCode === 201, res.body);
    return res.json() as { id: string; lane: string; holds: string[] };
  };
  const act = (id: string, key: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/shipments/${id}/actions`,
      headers: { authorization: `Bearer ${key}` },
      payload,
    });
  const status = async (id: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/v1/shipments/${id}`,
        headers: { authorization: `Bearer ${t.filer}` },
      })
    ).json().customs_status as string;

  it('shows goods held by their decision as held before any officer acts', async () => {
    const r = await file(fdaFiling('AH-HELD', true));
    assert.deepEqual(r.holds, ['CBP-DENIED-PARTY']);
    assert.equal(await status(r.id), 'held');
  });

  it('lets no agency officer release goods CBP holds on a list hit, nor act as a second officer', async () => {
    const r = await file(fdaFiling('AH-LIST', true));
    assert.equal((await act(r.id, fda, { type: 'hold', note: 'FDA hold' })).json().customs_status, 'held');
    const own = await act(r.id, fda, { type: 'release', note: 'FDA satisfied' });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().customs_status, 'held', "FDA's release lifts FDA's hold only");
    assert.equal(own.json().actions.at(-1).type, 'release', 'never a four-eyes request');
    assert.equal(own.json().actions.at(-1).authority, 'FDA');
    const again = await act(r.id, fda2, { type: 'release', note: 'FDA second' });
    assert.equal(again.statusCode, 403, 'no FDA hold stands: FDA has nothing to release');
    assert.equal(again.json().code, 'FORBIDDEN');
    assert.equal(await status(r.id), 'held');
    // CBP's four-eyes release still takes two customs officers.
    const asked = await act(r.id, t.officer, { type: 'release', note: 'not the listed bank' });
    assert.equal(asked.json().actions.at(-1).type, 'release_request');
    assert.equal(asked.json().customs_status, 'held');
    const done = await act(r.id, officer2, { type: 'release', note: 'agreed' });
    assert.equal(done.json().customs_status, 'released');
    assert.equal((await verifyChain(t.c.store, nodeCrypto)).ok, true);
  });

  it("keeps a customs officer's hold standing when an agency releases its own", async () => {
    const r = await file(fdaFiling('AH-CBP', false));
    assert.deepEqual(r.holds, []);
    assert.equal((await act(r.id, t.officer, { type: 'hold', note: 'undervaluation' })).statusCode, 200);
    assert.equal((await act(r.id, fda, { type: 'hold', note: 'FDA hold' })).statusCode, 200);
    const fdaRelease = await act(r.id, fda, { type: 'release', note: 'FDA ok' });
    assert.equal(fdaRelease.json().customs_status, 'held');
    assert.equal(await status(r.id), 'held');
    const cbpRelease = await act(r.id, t.officer, { type: 'release', note: 'value verified' });
    assert.equal(cbpRelease.json().customs_status, 'released');
  });

  it("keeps an agency's hold standing when CBP releases, until the agency releases it", async () => {
    const r = await file(fdaFiling('AH-FDA', false));
    assert.equal((await act(r.id, fda, { type: 'hold', note: 'FDA hold' })).statusCode, 200);
    const cbp = await act(r.id, t.officer, { type: 'release' });
    assert.equal(cbp.json().customs_status, 'held', 'FDA still holds the goods');
    const fdaRelease = await act(r.id, fda2, { type: 'release', note: 'FDA may proceed' });
    assert.equal(fdaRelease.statusCode, 200, fdaRelease.body);
    assert.equal(fdaRelease.json().customs_status, 'released');
    // The filer's events say what GET says: CBP's release left the goods held.
    const links = await t.c.store.decisions.forShipment(r.id);
    const events = eventsOf(
      'shipment.status',
      {
        links: links.map((l) => ({
          seq: l.seq,
          id: l.shipmentId,
          tenant: l.tenant,
          lane: l.lane,
          record: l.record,
        })),
      },
      new Date(0).toISOString(),
    );
    assert.deepEqual(
      events.map((e) => [e.action, e.status]),
      [
        ['hold', 'held'],
        ['release', 'held'],
        ['release', 'released'],
      ],
    );
  });

  it('leaves goods pending CBP when an agency lifts the only hold', async () => {
    const r = await file(fdaFiling('AH-ONLY', false));
    assert.equal((await act(r.id, fda, { type: 'hold', note: 'FDA hold' })).statusCode, 200);
    const lifted = await act(r.id, fda, { type: 'release', note: 'FDA ok' });
    assert.equal(lifted.json().customs_status, 'pending');
    const none = await act(r.id, fda, { type: 'release', note: 'again' });
    assert.equal(none.statusCode, 403);
  });
});
