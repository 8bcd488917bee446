import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';
import { othersThanFirst } from '../../../testing/hidden-class.js';
import { sampleShipment } from '../../../testing/support.js';
import { nodesForFiling, prepareMap } from './mapped-nodes.js';
import type { SupplyChain } from './supply-chain.js';

const filing = (i: number): Shipment => {
  const parsed = parseShipment(
    sampleShipment({
      reference: `MN-${i}`,
      lines: [
        {
          description: 'cotton t-shirts',
          hts: '6109.10.0012',
          origin: 'VN',
          quantity: [{ value: 10 + i, unit: 'DOZ' }],
          value: { amount: 2_000 + i, currency: 'USD' },
        },
      ],
    }),
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.shipment;
};

// Made for every filing of a member with supply-chain maps, and recorded with the decision when
// they apply: one hidden class per shape of node (ADR 0042), and the same JSON as before.
describe("a member's mapped nodes for a filing", () => {
  const map: SupplyChain = {
    product: 'tees',
    hts: '6109',
    nodes: [
      {
        id: 'mill',
        name: 'Spinning mill',
        kind: 'facility',
        tier: 2,
        country: 'cn',
        region: 'Xinjiang',
        material: 'cotton yarn',
      },
      {
        id: 'sew',
        name: 'Sewing contractor',
        kind: 'supplier',
        tier: 1,
        country: 'VN',
        address: { city: 'Hanoi' },
      },
    ],
    edges: [
      { from: 'mill', to: 'sew' },
      { from: 'sew', to: 'member' },
    ],
  };
  const prepared = prepareMap({ product: 'tees', map, nexus: [] });
  const perFiling = Array.from({ length: 60 }, (_, i) => nodesForFiling([prepared], filing(i)));

  it('share one hidden class per node of the map', () => {
    assert.equal(prepared.nodes.length, 2);
    for (const k of [0, 1]) assert.equal(othersThanFirst(perFiling.map((nodes) => nodes[k]!)), 0);
  });

  it('carry the prepared node and the lines, as the spread did, in its order', () => {
    for (const nodes of perFiling)
      nodes.forEach((n, k) => {
        assert.deepEqual(n.lines, [0]);
        assert.equal(JSON.stringify(n), JSON.stringify({ ...prepared.nodes[k], lines: n.lines }));
      });
  });
});
