/**
 * Who sees what of the shared party registry (docs/security.md): a filer sees public records
 * (GLEIF's) and what its own tenant's filings brought; an entity known only from another tenant's
 * filings is, to it, not there — resolution passes it over, its page is the 404 of an id never
 * given. Customs (officers, admins) see every entity whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Container } from '../../main/container.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleShipment, sharedData } from '../../testing/support.js';
import { creationKey } from './domain/registry.js';
import { entityIdOf } from './registry-service.js';

const BLOOMBERG = '5493001KJTIIGC8Y1R12';
const SECRET = 'Zyxwv Secret Holdings LLC';
const EIN = '27-7654321';

describe('party registry: what a filer may see of entities other tenants filed', sharedData(), () => {
  let shared: SharedApp;
  let c: Container;
  let acme: string;
  let bravo: string;
  let officer: string;
  let admin: string;
  /** The entity acme's filing made, and acme's filing. */
  let secret: string;
  let acmeFiling: string;

  const send = (method: 'GET' | 'POST' | 'PUT', url: string, key: string, payload?: unknown) =>
    shared.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const resolve = async (key: string, body: unknown) => {
    const res = await send('POST', '/v1/resolve', key, body);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { entityId: string | null; method: string; confidence: number; reasons: string[] };
  };
  const file = async (tenant: string, reference: string, parties: unknown[]) => {
    const id = (await c.filing.fileOne(tenant, sampleShipment({ reference, parties }), null)).result.id;
    await c.registry.recordShipments([id]);
    return id;
  };
  /** A 404 with the id taken out: the same for an entity hidden and an id never given. */
  const notFound = async (key: string, id: string) => {
    const res = await send('GET', `/v1/entities/${id}`, key);
    return { status: res.statusCode, body: res.body.replaceAll(id, '<id>') };
  };

  before(async () => {
    shared = await sharedApp({ loadRegistry: true });
    ({ c, filer: acme, officer } = shared);
    bravo = (await c.apiKeys.create({ tenant: 'bravo', role: 'filer' })).key;
    admin = (await c.apiKeys.create({ tenant: 'bravo', role: 'admin' })).key;
    acmeFiling = await file('acme', 'ACME-SECRET', [
      {
        role: 'importer',
        name: SECRET,
        address: { street: '99 Hidden Lane', city: 'Dover', postal_code: '19901', country: 'US' },
        identifiers: [{ scheme: 'EIN', value: EIN }],
      },
      {
        role: 'manufacturer',
        name: 'Bloomberg Finance',
        address: { country: 'US' },
        identifiers: [{ scheme: 'LEI', value: BLOOMBERG }],
      },
    ]);
    const mine = await resolve(acme, { name: SECRET, country: 'US' });
    assert.match(mine.entityId ?? '', /^ent_/, JSON.stringify(mine));
    secret = mine.entityId!;
  });
  after(() => shared.close());

  it("resolves another tenant's filed party, by name or by identifier, as no match at all", async () => {
    const unknown = await resolve(bravo, { name: 'Qwertz Unfiled Holdings LLC', country: 'US' });
    assert.equal(unknown.entityId, null);
    for (const body of [
      { name: SECRET, country: 'US' },
      { name: 'Zyxwv Secret Holdings', country: 'US', city: 'Dover' },
    ]) {
      const r = await resolve(bravo, body);
      assert.deepEqual(r, { ...unknown, reasons: r.reasons }, JSON.stringify(r));
      assert.deepEqual(r.reasons, ['no similar name in this country'], 'no closest name told either');
    }
    // By the EIN alone: what an EIN nobody filed gets.
    const byEin = await resolve(bravo, { name: 'x', identifiers: [{ scheme: 'EIN', value: EIN }] });
    const byOther = await resolve(bravo, {
      name: 'x',
      identifiers: [{ scheme: 'EIN', value: '27-1234567' }],
    });
    assert.deepEqual(byEin, byOther);
    assert.equal(byEin.entityId, null);
    // The filer that filed it, and customs, resolve to it.
    for (const key of [acme, officer, admin]) {
      assert.equal(
        (await resolve(key, { name: 'x', identifiers: [{ scheme: 'EIN', value: EIN }] })).entityId,
        secret,
      );
    }
    // Public records resolve for everyone.
    const lei = await resolve(bravo, { name: 'x', identifiers: [{ scheme: 'LEI', value: BLOOMBERG }] });
    assert.equal(lei.entityId, `lei:${BLOOMBERG}`);
  });

  it("answers another tenant's filed entity with the 404 of an id never given", async () => {
    const never = await notFound(bravo, 'ent_00000000000000000000000000');
    assert.equal(never.status, 404);
    assert.deepEqual(await notFound(bravo, secret), never);
    const body = (await send('GET', `/v1/entities/${secret}`, bravo)).body;
    for (const s of ['Hidden Lane', '19901', EIN, SECRET, acmeFiling]) assert.ok(!body.includes(s), s);
  });

  it("names no other tenant's entity on the nodes of a filer's supply-chain map", async () => {
    const applied = await send('POST', '/v1/trusted-traders/applications', bravo, {
      company: {
        name: 'Bravo Apparel Inc.',
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: '27-2222224' }],
      },
      answers: { ior_country: 'US', import_history_years: 4, first_import_date: '2019-05-01' },
    });
    assert.equal(applied.statusCode, 201, applied.body);
    const nodes = [
      // Acme's filed party by its name; acme's EIN beside another identifier (a key of its own).
      { id: 'A', name: SECRET, kind: 'supplier', tier: 1, country: 'US' },
      {
        id: 'B',
        name: 'Frobozz Trading Corp',
        kind: 'supplier',
        tier: 1,
        country: 'US',
        identifiers: [
          { scheme: 'EIN', value: EIN },
          { scheme: 'DUNS', value: '150483782' },
        ],
      },
      // A public record, and a name nobody filed.
      { id: 'C', name: 'Bloomberg Finance', kind: 'supplier', tier: 1, country: 'US' },
      { id: 'D', name: 'Qwertz Unfiled Spinning Mill', kind: 'facility', tier: 2, country: 'US' },
      // Acme's EIN alone: the id it makes is acme's entity's, as it would be were acme's not there.
      {
        id: 'E',
        name: 'Plover Named Supplier Co',
        kind: 'supplier',
        tier: 1,
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: EIN }],
      },
      // D misspelt: the entity D made (bravo's own doing).
      { id: 'F', name: 'Qwertz Unfiled Spinning Mil', kind: 'facility', tier: 3, country: 'US' },
    ];
    const put = await send('PUT', `/v1/trusted-traders/${applied.json().id}/supply-chains/tees`, bravo, {
      nodes,
      edges: [
        { from: 'A', to: 'member' },
        { from: 'B', to: 'member' },
        { from: 'C', to: 'member' },
        { from: 'D', to: 'A' },
        { from: 'E', to: 'member' },
        { from: 'F', to: 'D' },
      ],
    });
    assert.equal(put.statusCode, 200, put.body);
    const entities = (put.json().map.nodes as { id: string; entity?: string }[]).map((n) => [n.id, n.entity]);
    // Each node that is no entity bravo may see: the new entity it would be in a registry without
    // acme's (its id derives from the node as a filed party's does), never acme's.
    const fresh = (n: (typeof nodes)[number]) => entityIdOf(creationKey(n)!);
    assert.deepEqual(entities, [
      ['A', fresh(nodes[0]!)],
      ['B', fresh(nodes[1]!)],
      ['C', `lei:${BLOOMBERG}`],
      ['D', fresh(nodes[3]!)],
      ['E', fresh(nodes[4]!)],
      ['F', fresh(nodes[3]!)],
    ]);
    assert.notEqual(entities[0]![1], secret);
    assert.notEqual(entities[1]![1], secret);
    // Acme's entity is left as it was: its EIN still names it (not the entity B's node made), for
    // customs and for acme, and E's name did not become one of its names.
    for (const key of [officer, acme])
      assert.equal(
        (await resolve(key, { name: 'x', identifiers: [{ scheme: 'EIN', value: EIN }] })).entityId,
        secret,
      );
    assert.equal(
      (await resolve(officer, { name: 'Plover Named Supplier Co', country: 'US' })).entityId,
      null,
    );
  });

  it("shows its filer and customs the entity; a public one to every filer, without others' filings", async () => {
    const own = (await send('GET', `/v1/entities/${secret}`, acme)).json();
    assert.equal(own.name, SECRET);
    assert.deepEqual(own.address.lines, ['99 Hidden Lane']);
    assert.deepEqual(own.identifiers, [{ scheme: 'EIN', value: EIN }]);
    assert.equal(own.source, 'filing');
    assert.deepEqual(
      own.shipments.map((s: { shipment_id: string }) => s.shipment_id),
      [acmeFiling],
    );
    for (const key of [officer, admin]) {
      const g = (await send('GET', `/v1/entities/${secret}`, key)).json();
      assert.equal(g.address.postalCode, '19901');
      assert.equal(g.shipments.length, 1);
    }
    const maker = await send('GET', `/v1/entities/lei:${BLOOMBERG}`, bravo);
    assert.equal(maker.statusCode, 200, maker.body);
    assert.equal(maker.json().name, 'Bloomberg Finance L.P.');
    assert.deepEqual(maker.json().shipments, [], "acme's filing is acme's");
    assert.deepEqual(maker.json().roles, {});
    assert.ok(!maker.body.includes(acmeFiling) && !maker.body.includes(SECRET));
    assert.equal((await send('GET', `/v1/entities/lei:${BLOOMBERG}`, acme)).json().roles.manufacturer, 1);
  });

  it('shows a filer that files the same party what its own filing says, not what the other filed', async () => {
    const mine = await file('bravo', 'BRAVO-SAME', [
      { role: 'seller', name: SECRET, address: { street: '1 Open Road', city: 'Dover', country: 'US' } },
    ]);
    assert.equal((await resolve(bravo, { name: SECRET, country: 'US' })).entityId, secret);
    const g = await send('GET', `/v1/entities/${secret}`, bravo);
    assert.equal(g.statusCode, 200, g.body);
    assert.equal(g.json().name, SECRET);
    assert.deepEqual(g.json().address, { lines: ['1 Open Road'], city: 'Dover', country: 'US' });
    assert.deepEqual(g.json().identifiers, [], "acme's EIN is acme's");
    assert.deepEqual(g.json().roles, { seller: 1 });
    assert.deepEqual(
      g.json().shipments.map((s: { shipment_id: string }) => s.shipment_id),
      [mine],
    );
    assert.deepEqual(g.json().audit, []);
    for (const s of ['Hidden Lane', '19901', EIN, acmeFiling]) assert.ok(!g.body.includes(s), s);
  });

  it("finds a filer's own links on a busy entity, however many newer ones other tenants have", async () => {
    const busy = await file('bravo', 'BRAVO-BUSY', [
      { role: 'seller', name: 'Crowded Marketplace Sellers Inc', address: { country: 'US' } },
    ]);
    const entity = (await resolve(bravo, { name: 'Crowded Marketplace Sellers Inc', country: 'US' }))
      .entityId!;
    // 600 newer links of acme's (more than a page reads), written as the registry records them.
    await c.store.registry.addPartyLinks(
      Array.from({ length: 600 }, (_, i) => ({
        shipmentId: `shp_acme_busy_${String(i).padStart(4, '0')}`,
        partyIndex: 0,
        tenant: 'acme',
        entityId: entity,
        role: 'seller',
        confidence: 1,
        method: 'name',
        reasons: ['same name in US'],
        at: '2100-01-01T00:00:00.000Z',
      })),
    );
    const g = await send('GET', `/v1/entities/${entity}`, bravo);
    assert.equal(g.statusCode, 200, g.body);
    assert.deepEqual(
      g.json().shipments.map((s: { shipment_id: string }) => s.shipment_id),
      [busy],
    );
    assert.deepEqual(g.json().roles, { seller: 1 });
    assert.equal((await send('GET', `/v1/entities/${entity}`, officer)).json().roles.seller, 500);
  });

  it("keeps what an officer's merge brings to a public record from filers who did not file it", async () => {
    // Bravo has filed nothing that resolved to this record (only acme has).
    const acmeOnly = await file('acme', 'ACME-OTHER', [
      {
        role: 'importer',
        name: 'Plugh Quiet Imports LLC',
        address: { street: '7 Secret Row', country: 'US' },
        identifiers: [{ scheme: 'EIN', value: '27-1111118' }],
      },
    ]);
    assert.ok(acmeOnly);
    const other = (await resolve(acme, { name: 'Plugh Quiet Imports LLC', country: 'US' })).entityId!;
    assert.equal(
      (
        await send('POST', `/v1/entities/lei:${BLOOMBERG}/merge`, officer, {
          absorb: other,
          reason: 'the same company, confirmed',
        })
      ).statusCode,
      200,
    );
    const g = await send('GET', `/v1/entities/lei:${BLOOMBERG}`, bravo);
    assert.equal(g.statusCode, 200, g.body);
    assert.ok(
      g.json().identifiers.every((i: { scheme: string }) => ['LEI', 'BIC'].includes(i.scheme)),
      g.body,
    );
    assert.ok(!g.json().other_names.includes('Plugh Quiet Imports LLC'), g.body);
    assert.deepEqual(g.json().audit, []);
    assert.ok(!g.body.includes('Secret Row') && !g.body.includes('27-1111118'));
    // The absorbed entities: acme's, gone into a record bravo may see; still not bravo's to read.
    assert.deepEqual(await notFound(bravo, other), await notFound(bravo, 'ent_00000000000000000000000000'));
    // Resolving the merged-in EIN tells bravo nothing; customs see it on the survivor.
    assert.equal(
      (await resolve(bravo, { name: 'x', identifiers: [{ scheme: 'EIN', value: '27-1111118' }] })).entityId,
      null,
    );
    const all = (await send('GET', `/v1/entities/lei:${BLOOMBERG}`, officer)).json();
    assert.ok(all.identifiers.some((i: { value: string }) => i.value === '27-1111118'));
    assert.ok(all.other_names.includes('Plugh Quiet Imports LLC'));
    // Nor does resolving the merged-in name, exactly or misspelt, here and once the registry is
    // loaded again from the store (a restart), where the name is one of the record's other names.
    // What a name nobody filed gets (the first test).
    const never = {
      entityId: null,
      confidence: 1,
      method: 'new',
      reasons: ['no similar name in this country'],
    };
    for (const loaded of [false, true]) {
      if (loaded) await c.registry.load();
      for (const name of ['Plugh Quiet Imports LLC', 'Plugh Quiet Imports', 'Plug Quiet Imports']) {
        const r = await resolve(bravo, { name, country: 'US' });
        assert.deepEqual(r, never, `${name} (${loaded ? 'reloaded' : 'live'}): ${JSON.stringify(r)}`);
      }
      // GLEIF's own name resolves for everyone; the merged-in name for those who may see it.
      assert.equal(
        (await resolve(bravo, { name: 'Bloomberg Finance L.P.', country: 'US' })).entityId,
        `lei:${BLOOMBERG}`,
      );
      for (const key of [acme, officer])
        assert.equal(
          (await resolve(key, { name: 'Plugh Quiet Imports LLC', country: 'US' })).entityId,
          `lei:${BLOOMBERG}`,
          loaded ? 'reloaded' : 'live',
        );
    }
  });
});
