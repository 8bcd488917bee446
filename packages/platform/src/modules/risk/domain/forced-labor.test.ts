import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../../kernel/finding.js';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';
import {
  appliedInputs,
  forcedLaborSignals,
  goodsTerms,
  legacyWroMatches,
  merchandiseWords,
  wroMatches,
  type MappedNode,
  type OrderScope,
  type WroOrder,
} from './forced-labor.js';
import { riskSignals, type RiskData, type RiskInputs } from './signals.js';

const XINJIANG = ['Xinjiang', 'Urumqi', 'Aksu', 'Kashgar', '新疆'];

const data: RiskData = {
  version: 'test',
  xinjiang_places: XINJIANG,
  uflpa_sectors: [
    { prefix: '5205', sector: 'cotton' },
    { prefix: '61', sector: 'apparel' },
    { prefix: '2002', sector: 'tomatoes' },
  ],
  brands: [],
  recalls: [],
  value_anomaly: { min_samples: 20, robust_z: 3.5, floor_ratio: 0.25 },
  split_shipments: { window_hours: 24, min_parcels: 5, low_value_usd: 800 },
};

/** An order as RiskService.wroOrders builds it from a list entry. */
function order(
  id: string,
  scope: OrderScope,
  country: string,
  merchandise: string,
  extra: { region?: string; places?: string[]; names?: string[]; status?: string } = {},
): WroOrder {
  const names = extra.names ?? [];
  return {
    id,
    scope,
    country,
    merchandise,
    words: merchandiseWords(merchandise),
    goods: goodsTerms(merchandise, [extra.region ?? '', ...names]),
    country_names: names,
    ...(extra.status ? { status: extra.status } : {}),
    ...(scope === 'region' ? { region: extra.region, places: extra.places ?? [] } : {}),
  };
}

const XPCC = order('cbp-wro:xpcc', 'entity', 'CN', 'Cotton products');
const XJ = order(
  'cbp-wro:xj',
  'region',
  'CN',
  'Cotton and tomatoes and their downstream products produced wholly or in part in the Xinjiang region (including products made outside Xinjiang with these inputs)',
  { region: 'Xinjiang', places: XINJIANG },
);
const TM = order(
  'cbp-wro:tm',
  'product',
  'TM',
  'All Turkmenistan cotton or products produced in whole or in part with Turkmenistan cotton',
  { names: ['Turkmenistan', 'Turkmen'] },
);
const GLOVES = order('cbp-wro:wrp', 'entity', 'MY', 'Disposable rubber gloves', { status: 'revoked' });
const ORDERS = [XPCC, XJ, TM, GLOVES];

const shipment = (over: { parties?: unknown[]; line?: Record<string, unknown> } = {}): Shipment => {
  const r = parseShipment({
    type: 'formal',
    reference: 'FL-1',
    transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: '2026-12-10' },
    parties: over.parties ?? [
      { role: 'importer', name: 'Acme Apparel LLC', address: { city: 'Austin', country: 'US' } },
      {
        role: 'seller',
        name: 'Ningbo Textile Co., Ltd.',
        address: { street: '8 Zhongshan Road', city: 'Ningbo', country: 'CN' },
      },
    ],
    lines: [
      {
        description: "Men's T-shirts of cotton, knitted",
        hts: '6109.10.00.12',
        origin: 'CN',
        quantity: [{ value: 10, unit: 'doz.' }],
        value: { amount: 50000, currency: 'USD' },
        ...over.line,
      },
    ],
  });
  assert.ok(r.ok);
  return r.shipment;
};

const inputs: RiskInputs = { valueStats: [null], recentParcels: 1, trusted: null };

const signals = (
  s: Shipment,
  findings: Finding[] = [],
  nodes: MappedNode[] = [],
  orders: readonly WroOrder[] = ORDERS,
) => riskSignals(s, findings, data, { scoped: true, orders, nodes }, inputs);

const codes = (xs: { code: string; path: string }[]) => xs.map((x) => `${x.code}@${x.path}`);

const hit = (list: string, entity: string): Finding => ({
  code: 'FORCED_LABOR_LIST_HIT',
  severity: 'warning',
  path: 'parties[1].name',
  message: `matches ${list}`,
  details: { list, entity_id: entity, name: 'x', score: 0.97 },
});

const node = (over: Partial<MappedNode>): MappedNode => ({
  map: 'tees',
  node: 'T3',
  name: 'Cotton lint',
  tier: 3,
  kind: 'raw_material',
  country: 'CN',
  text: 'Cotton lint Shandong',
  material: 'cotton',
  hits: [],
  lines: [0],
  ...over,
});

describe('forced labor by order scope', () => {
  it('reads the goods an order names, its country and area left out', () => {
    assert.deepEqual(XJ.goods, ['cotton', 'tomato']);
    assert.deepEqual(TM.goods, ['cotton']);
    assert.deepEqual(XPCC.goods, ['cotton']);
    assert.deepEqual(
      goodsTerms('Rough diamonds from the Marange Diamond Fields', ['Marange Diamond Fields']),
      ['rough', 'diamond'],
    );
    assert.deepEqual(goodsTerms('Gold mined in artisanal small mines in eastern DRC', ['eastern DRC']), [
      'gold',
    ]);
    assert.deepEqual(
      goodsTerms('Tobacco from Malawi and products containing tobacco from Malawi', ['Malawi']),
      ['tobacco'],
    );
  });

  it('does not apply an order naming an entity to all of its country’s goods', () => {
    // The bug of issue 18: Chinese cotton was held under the XPCC order with no XPCC anywhere.
    assert.deepEqual(codes(signals(shipment())), ['uflpa_sector@lines[0]']);
    // …as it was read before scopes (kept for replaying those decisions).
    assert.deepEqual(
      legacyWroMatches("Men's T-shirts of cotton", 'CN', ORDERS).map((m) => m.order),
      ['cbp-wro:xpcc'],
    );
  });

  it('applies an entity order where its entity is a party, a parent or a mapped node', () => {
    const party = signals(shipment(), [hit('cbp-wro', XPCC.id)]);
    assert.deepEqual(codes(party), ['forced_labor_wro_entity@parties[1].name', 'uflpa_sector@lines[0]']);
    assert.deepEqual(
      [party[0]!.evidence.order, party[0]!.evidence.scope, party[0]!.evidence.via],
      [XPCC.id, 'entity', 'party'],
    );
    const uflpa = signals(shipment(), [hit('uflpa', 'uflpa:acme')]);
    assert.deepEqual(codes(uflpa), ['forced_labor_entity@parties[1].name', 'uflpa_sector@lines[0]']);
    // A revoked order holds nothing.
    assert.deepEqual(codes(signals(shipment(), [hit('cbp-wro', GLOVES.id)])), ['uflpa_sector@lines[0]']);
    // The ownership chain: a parent under an order, on the UFLPA list, or on a sanctions list.
    const parent = (list: string, entity: string): Finding => ({
      code: 'PARENT_LIST_HIT',
      severity: 'warning',
      path: 'parties[1].name',
      message: 'parent',
      details: {
        entity_id: 'ent_1',
        parent_id: 'ent_2',
        link: 'ultimate_parent',
        matches: [{ list, entity_id: entity, score: 0.99 }],
      },
    });
    assert.deepEqual(codes(signals(shipment(), [parent('cbp-wro', XPCC.id)])).slice(0, 1), [
      'forced_labor_wro_entity@parties[1].name',
    ]);
    assert.equal(signals(shipment(), [parent('cbp-wro', XPCC.id)])[0]!.evidence.via, 'ownership');
    assert.deepEqual(codes(signals(shipment(), [parent('uflpa', 'uflpa:x')])).slice(0, 1), [
      'forced_labor_entity@parties[1].name',
    ]);
    assert.deepEqual(codes(signals(shipment(), [parent('ofac-sdn', 'ofac-sdn:1')])).slice(0, 1), [
      'denied_party_ownership@parties[1].name',
    ]);
    // A mapped node: on the lines its map covers.
    const mapped = signals(shipment(), [], [node({ hits: [{ list: 'cbp-wro', entry: XPCC.id }] })]);
    assert.ok(codes(mapped).includes('forced_labor_wro_entity@lines[0]'), codes(mapped).join());
    const listed = signals(shipment(), [], [node({ hits: [{ list: 'uflpa', entry: 'uflpa:y' }] })]);
    assert.ok(codes(listed).includes('forced_labor_entity@lines[0]'));
    assert.deepEqual(
      codes(signals(shipment(), [], [node({ hits: [{ list: 'uflpa', entry: 'u' }], lines: [3] })])),
      ['uflpa_sector@lines[0]'],
    );
  });

  it('applies a region order to its goods with a nexus in its area: a party, the description, a mapped node', () => {
    const urumqi = [
      { role: 'seller', name: 'Tianshan Trading', address: { city: 'Urumqi', country: 'CN' } },
      { role: 'importer', name: 'Acme', address: { city: 'Austin', country: 'US' } },
    ];
    const party = signals(shipment({ parties: urumqi }));
    assert.deepEqual(codes(party), [
      'forced_labor_wro_region@lines[0]',
      'forced_labor_region@parties[0]',
      'uflpa_sector@lines[0]',
    ]);
    assert.deepEqual(party[0]!.evidence.via, 'party');
    assert.deepEqual(party[0]!.evidence.matched, ['cotton']);
    const described = signals(
      shipment({ line: { description: 'Xinjiang cotton yarn', hts: '5205.11.10.00' } }),
    );
    assert.ok(codes(described).includes('forced_labor_wro_region@lines[0]'));
    const tomatoes = signals(
      shipment({ parties: urumqi, line: { description: 'Tomato paste', hts: '2002.90.80.00' } }),
    );
    assert.ok(codes(tomatoes).includes('forced_labor_wro_region@lines[0]'));
    // Goods the order does not name: the UFLPA region nexus only.
    const laptops = signals(
      shipment({ parties: urumqi, line: { description: 'Laptop computers', hts: '8471.30.01.00' } }),
    );
    assert.deepEqual(codes(laptops), ['forced_labor_region@parties[0]']);
    // Made in Viet Nam from Xinjiang cotton: the mapped spinning mill in Aksu.
    const vn = shipment({ line: { origin: 'VN' } });
    const mill = node({
      node: 'T2',
      name: 'Spinning Mill',
      kind: 'facility',
      tier: 2,
      text: 'Spinning Mill Aksu',
    });
    const viaMap = signals(vn, [], [mill]);
    assert.deepEqual(codes(viaMap), ['forced_labor_wro_region@lines[0]', 'forced_labor_region@lines[0]']);
    assert.deepEqual([viaMap[0]!.evidence.via, viaMap[0]!.evidence.node], ['supply_chain', 'T2']);
    // Chinese cotton from outside the region: released.
    assert.deepEqual(codes(signals(shipment(), [], [node({})])), ['uflpa_sector@lines[0]']);
  });

  it('applies a product-wide order when the material comes from its country, whatever the country of export', () => {
    const yarn = { description: 'Cotton yarn, single, uncombed', hts: '5205.11.10.00' };
    const origin = signals(shipment({ line: { ...yarn, origin: 'TM' } }));
    assert.deepEqual(codes(origin), ['forced_labor_wro_product@lines[0]']);
    assert.deepEqual([origin[0]!.evidence.via, origin[0]!.evidence.country], ['origin', 'TM']);
    const named = signals(shipment({ line: { description: 'T-shirts of Turkmen cotton', origin: 'VN' } }));
    assert.equal(named.find((x) => x.code === 'forced_labor_wro_product')?.evidence.via, 'description');
    const mapped = signals(
      shipment({ line: { origin: 'VN' } }),
      [],
      [node({ country: 'TM', text: 'Cotton lint Ahal' })],
    );
    assert.equal(mapped.find((x) => x.code === 'forced_labor_wro_product')?.evidence.via, 'supply_chain');
    // Not the goods (wool carpets from Turkmenistan), or not the country (Chinese cotton): nothing.
    assert.deepEqual(
      codes(signals(shipment({ line: { description: 'Wool carpets', hts: '5701.10.90.00', origin: 'TM' } }))),
      [],
    );
    assert.deepEqual(codes(signals(shipment({ line: yarn }))), ['uflpa_sector@lines[0]']);
  });

  it('reads a line’s sectors from the risk data it is given, not from data read before', () => {
    const apparel = order('cbp-wro:apparel', 'product', 'CN', 'Apparel');
    const pullovers = shipment({ line: { description: 'Knitted pullovers', hts: '6110.20.20.10' } });
    const decide = (d: RiskData) =>
      codes(riskSignals(pullovers, [], d, { scoped: true, orders: [apparel], nodes: [] }, inputs));
    const noSectors: RiskData = { ...data, uflpa_sectors: [] };
    // Chapter 61 is apparel in `data`: the order's goods are the line's through its sector.
    assert.deepEqual(decide(data), ['forced_labor_wro_product@lines[0]', 'uflpa_sector@lines[0]']);
    assert.deepEqual(decide(noSectors), []);
    assert.deepEqual(decide(data), ['forced_labor_wro_product@lines[0]', 'uflpa_sector@lines[0]']);
  });

  it('property: a line read against many orders gives, in the list’s order, what each order alone gives', () => {
    const many = [
      order('o:tomato', 'product', 'CN', 'Tomatoes and tomato products'),
      order('o:cotton', 'product', 'CN', 'Cotton'),
      order('o:both', 'product', 'CN', 'Cotton and tomato products'),
      order('o:gloves', 'product', 'CN', 'Disposable gloves'),
      order('o:tm', 'product', 'TM', 'Cotton', { names: ['Turkmen'] }),
      XJ,
      TM,
      // Not read line by line (an entity order, a revoked one), so the scoped orders' places differ
      // from the list's; and an order naming a good twice.
      XPCC,
      order('o:revoked', 'product', 'CN', 'Cotton', { status: 'revoked' }),
      { ...order('o:twice', 'product', 'CN', 'Tomatoes'), goods: ['tomato', 'tomato'] },
    ];
    const lines = [
      { description: 'Cotton shirts with a tomato print', hts: '6205.20.20.51' },
      { description: 'Tomato paste', hts: '2002.90.80.00' },
      { description: 'Rubber gloves and cotton gloves', hts: '6116.92.64.20' },
      { description: 'Laptop computers', hts: '8471.30.01.00' },
    ];
    const parties = [
      { role: 'seller', name: 'Tianshan Trading', address: { city: 'Urumqi', country: 'CN' } },
      { role: 'seller', name: 'Ningbo Textile', address: { city: 'Ningbo', country: 'CN' } },
    ];
    // What the stage pushes, before the lane decision keeps one signal of a kind a path.
    const pushed = (s: Shipment, orders: readonly WroOrder[]) => {
      const out: string[] = [];
      const ctx = { orders, nodes: [], xinjiangPlaces: XINJIANG, sectors: data.uflpa_sectors };
      forcedLaborSignals(s, [], ctx, (x) => out.push(JSON.stringify(x)));
      return out;
    };
    fc.assert(
      fc.property(
        fc.shuffledSubarray(many, { minLength: 1 }),
        fc.constantFrom(...lines),
        fc.constantFrom('CN', 'TM', 'VN'),
        fc.constantFrom(...parties),
        (orders, line, origin, party) => {
          const s = shipment({ parties: [party], line: { ...line, origin } });
          const alone = orders.flatMap((o) => pushed(s, [o]));
          assert.deepEqual(pushed(s, orders), alone);
        },
      ),
    );
    // The tomato order, the cotton one and the one naming both apply to the shirts, in the list's order.
    const shirts = shipment({ line: { ...lines[0]!, origin: 'CN' } });
    assert.deepEqual(
      pushed(shirts, [many[3]!, many[2]!, many[0]!, many[1]!]).map(
        (x) => (JSON.parse(x) as { evidence: { order: string } }).evidence.order,
      ),
      ['o:both', 'o:tomato', 'o:cotton'],
    );
  });

  it('matches map nodes against product and region orders only (the supply-chain nexus check)', () => {
    assert.deepEqual(wroMatches('cotton', 'CN', ORDERS), []);
    assert.deepEqual(
      wroMatches('cotton', 'CN', ORDERS, 'Aksu').map((m) => [m.order, m.scope, m.places]),
      [['cbp-wro:xj', 'region', ['Aksu']]],
    );
    assert.deepEqual(
      wroMatches('cotton lint', 'TM', ORDERS).map((m) => m.order),
      ['cbp-wro:tm'],
    );
    // An order built without a scope is read as product-wide.
    assert.deepEqual(
      wroMatches('cotton shirts', 'CN', [
        { id: 'o', country: 'CN', merchandise: 'Cotton', words: ['cotton'] },
      ]).map((m) => m.scope),
      ['product'],
    );
  });

  it('property: the orders and nodes a decision records give the same signals again (replay)', () => {
    const parties = [
      { role: 'seller', name: 'Ningbo Textile', address: { city: 'Ningbo', country: 'CN' } },
      { role: 'seller', name: 'Tianshan Trading', address: { city: 'Urumqi', country: 'CN' } },
      { role: 'manufacturer', name: 'Ashgabat Mills', address: { city: 'Ashgabat', country: 'TM' } },
    ];
    const lines = [
      { description: 'Cotton yarn', hts: '5205.11.10.00' },
      { description: 'Tomato paste', hts: '2002.90.80.00' },
      { description: 'Laptop computers', hts: '8471.30.01.00' },
      { description: 'T-shirts of Turkmen cotton', hts: '6109.10.00.12' },
    ];
    const nodes = [
      node({}),
      node({ node: 'T2', text: 'Mill Aksu', material: 'cotton yarn' }),
      node({ node: 'T4', country: 'TM' }),
      node({ node: 'T5', hits: [{ list: 'cbp-wro', entry: XPCC.id }] }),
    ];
    const findings = [hit('cbp-wro', XPCC.id), hit('cbp-wro', GLOVES.id), hit('uflpa', 'uflpa:z')];
    fc.assert(
      fc.property(
        fc.subarray(parties, { minLength: 1 }),
        fc.constantFrom(...lines),
        fc.constantFrom('CN', 'VN', 'TM', 'MY'),
        fc.subarray(nodes),
        fc.subarray(findings),
        (ps, line, origin, ns, fs) => {
          const s = shipment({ parties: ps, line: { ...line, origin } });
          const all = signals(s, fs, ns);
          const applied = appliedInputs(all, ORDERS, ns);
          const again = signals(s, fs, applied.supply_chain, applied.orders);
          assert.deepEqual(codes(again), codes(all));
        },
      ),
    );
  });
});
