import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../main/container.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleShipment } from '../../testing/support.js';

const BLOOMBERG = '5493001KJTIIGC8Y1R12';

describe(
  'party registry: GLEIF import, resolution of filed parties, graph, merge and split',
  sharedData(),
  () => {
    let c: Container;
    let app: FastifyInstance;
    let filer: string;
    let officer: string;
    let shared: SharedApp;
    before(async () => {
      shared = await sharedApp({ loadRegistry: true });
      ({ c, app, filer, officer } = shared);
    });
    after(() => shared.close());
    const get = (url: string, key = officer) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    const post = (url: string, payload: unknown, key = officer) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${key}` },
        payload: payload as object,
      });

    it('imports the GLEIF records and their ownership links', async () => {
      assert.ok(c.registry.size >= 12);
      const g = (await get(`/v1/entities/lei:${BLOOMBERG}`)).json();
      assert.equal(g.name, 'Bloomberg Finance L.P.');
      assert.ok(
        g.parents.some(
          (p: { type: string; in_registry: boolean }) =>
            p.type === 'direct_parent' && p.in_registry === false,
        ),
      );
      assert.equal((await get('/v1/entities/lei:NOPE')).json().code, 'ENTITY_NOT_FOUND');
    });

    it('resolves filed parties: by LEI, by name, or as new entities; the graph shows who ships for a maker', async () => {
      const ship = (ref: string, seller: string) =>
        sampleShipment({
          reference: ref,
          parties: [
            { role: 'seller', name: seller, address: { city: 'Shenzhen', country: 'CN' } },
            {
              role: 'manufacturer',
              name: 'Bloomberg Finance',
              address: { country: 'US' },
              identifiers: [{ scheme: 'LEI', value: BLOOMBERG }],
            },
            { role: 'consignee', name: 'LLC', address: { country: 'US' } },
          ],
        });
      const a = await c.filing.fileOne(
        'acme',
        ship('R-1', 'Shenzhen Bright Star Electronics Co., Ltd.'),
        null,
      );
      const b = await c.filing.fileOne('acme', ship('R-2', 'Shenzen Bright Star Electronics Limited'), null);
      assert.ok(
        a.result.findings.some((f) => f.code === 'PARTY_UNRESOLVABLE' && f.path === 'parties[2].name'),
      );
      assert.equal(
        await c.registry.recordShipments([a.result.id, b.result.id]),
        4,
        'the unresolvable consignee is not linked',
      );
      assert.equal(
        await c.registry.recordShipments([a.result.id]),
        0,
        'at-least-once delivery: recorded once',
      );
      const maker = (await get(`/v1/entities/lei:${BLOOMBERG}`)).json();
      assert.equal(maker.roles.manufacturer, 2);
      assert.equal(maker.shipments[0].method, 'identifier');
      assert.equal(maker.ships_for_it.length, 1, 'one seller, spelt two ways');
      assert.equal(maker.ships_for_it[0].shipments, 2);
      const res = await post(
        '/v1/resolve',
        { name: 'Shenzhen Bright Star Electronics', country: 'CN' },
        filer,
      );
      assert.equal(res.json().entityId, maker.ships_for_it[0].id);
    });

    it("records a message's filings a part at a time, the event loop turning between parts", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 46; i++) {
        const s = sampleShipment({
          reference: `PART-${i}`,
          parties: [{ role: 'seller', name: `Part Trading Co ${i % 5}`, address: { country: 'VN' } }],
        });
        ids.push((await c.filing.fileOne('acme', s, null)).result.id);
      }
      /** Turns of the event loop while `run` is recorded. */
      const turnsDuring = async (run: () => Promise<number>) => {
        let turns = 0;
        let ticking = true;
        const tick = () => {
          if (!ticking) return;
          turns++;
          setImmediate(tick);
        };
        setImmediate(tick);
        const recorded = await run();
        ticking = false;
        return { turns, recorded };
      };
      // One part holds the loop until it is written: no turn between.
      const whole = await turnsDuring(() => c.registry.recordShipments(ids.slice(0, 10), 10));
      assert.deepEqual(whole, { turns: 0, recorded: 10 });
      // Fifteen filings in parts of four: the loop turns between each two parts.
      const parts = await turnsDuring(() => c.registry.recordShipments(ids.slice(10, 25), 4));
      assert.equal(parts.recorded, 15);
      assert.ok(parts.turns >= 3, `${parts.turns} turns between 4 parts`);
      // By default (a server's): 21 filings are two parts, one turn between them.
      const byDefault = await turnsDuring(() => c.registry.recordShipments(ids.slice(25)));
      assert.deepEqual(byDefault, { turns: 1, recorded: 21 });
      assert.equal(await c.registry.recordShipments(ids, 4), 0, 'each filing recorded once');
    });

    it("flags a party whose parent is on a list, by name or by the parent's LEI alone", async () => {
      await c.registry.importEntities(
        [
          {
            id: 'ent_test_maker',
            name: 'Caribbean Holding Subsidiary Works',
            otherNames: [],
            address: { country: 'PA' },
            identifiers: [],
            source: 'test',
          },
          {
            id: 'ent_test_parent',
            name: 'Banco Nacional de Cuba',
            otherNames: [],
            address: { country: 'CU' },
            identifiers: [],
            source: 'test',
          },
        ],
        [
          { child: 'ent_test_maker', parent: 'ent_test_parent', type: 'direct_parent', source: 'test' },
          // Known only by its LEI, which OFAC lists ("Legal Entity Number") for a sanctioned bank.
          {
            child: 'ent_test_maker',
            parent: 'lei:253400WSS48YWMBUA688',
            type: 'ultimate_parent',
            source: 'test',
          },
        ],
      );
      const r = c.filing.evaluate(
        'acme',
        sampleShipment({
          parties: [
            { role: 'manufacturer', name: 'Caribbean Holding Subsidiary Works', address: { country: 'PA' } },
            { role: 'consignee', name: 'Jane Doe', address: { country: 'US' } },
          ],
        }),
      );
      const hits = r.findings.filter((f) => f.code === 'PARENT_LIST_HIT');
      assert.deepEqual(
        hits.map((f) => (f.details as { link: string }).link),
        ['direct_parent', 'ultimate_parent'],
      );
      assert.equal(hits[0]!.path, 'parties[0].name');
      const graph = (await get('/v1/entities/ent_test_maker')).json();
      assert.equal(graph.parent_list_hits.length, 1, 'the graph screens the named parent');
    });

    it('officers merge and split entities; every change is audited', async () => {
      const other = (await post('/v1/resolve', { name: 'Bright Star Electronics HK', country: 'HK' })).json();
      assert.equal(other.entityId, null);
      const seller = (
        await post('/v1/resolve', { name: 'Shenzhen Bright Star Electronics', country: 'CN' })
      ).json().entityId as string;
      assert.equal(
        (
          await post(
            `/v1/entities/${seller}/merge`,
            { absorb: 'lei:254900LNRYNOQ9YPU758', reason: 'x' },
            filer,
          )
        ).statusCode,
        403,
      );
      const merged = await post(`/v1/entities/${seller}/merge`, {
        absorb: 'lei:254900LNRYNOQ9YPU758',
        reason: 'same group, confirmed by the importer',
      });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.ok(merged.json().identifiers.some((i: { value: string }) => i.value === '254900LNRYNOQ9YPU758'));
      const absorbed = (await get('/v1/entities/lei:254900LNRYNOQ9YPU758')).json();
      assert.equal(absorbed.merged_into, seller);
      assert.equal(
        (await post('/v1/entities/lei:254900LNRYNOQ9YPU758/merge', { absorb: seller, reason: 'r' })).json()
          .code,
        'ENTITY_MERGED',
      );
      const byLei = (
        await post('/v1/resolve', {
          name: 'x',
          identifiers: [{ scheme: 'LEI', value: '254900LNRYNOQ9YPU758' }],
        })
      ).json();
      assert.equal(byLei.entityId, seller, 'the absorbed identifier now resolves to the survivor');

      const g = (await get(`/v1/entities/${seller}`)).json();
      const first = g.shipments[0];
      const split = await post(`/v1/entities/${seller}/split`, {
        parties: [{ shipment_id: first.shipment_id, party_index: first.party_index }],
        reason: 'a different factory with a similar name',
      });
      assert.equal(split.statusCode, 201, split.body);
      const after = (await get(`/v1/entities/${seller}`)).json();
      assert.deepEqual(
        after.audit.map((x: { action: string }) => x.action),
        ['merge', 'split'],
      );
      assert.equal((await get(`/v1/entities/${split.json().id}`)).json().shipments.length, 1);
      const none = await post(`/v1/entities/${seller}/split`, {
        parties: [{ shipment_id: 'shp_none', party_index: 0 }],
        reason: 'r',
      });
      assert.equal(none.json().code, 'ENTITY_SPLIT_INVALID');
    });
  },
);
