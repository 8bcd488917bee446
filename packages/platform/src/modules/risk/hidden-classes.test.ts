import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { parseShipment, type Shipment } from '../../kernel/shipment.js';
import { sampleShipment } from '../../testing/support.js';
import { CountryResolver } from '../screening/index.js';
import { loadRiskData, loadRuleSet } from './adapters/risk-policy.js';
import { chainRows } from './db.js';
import type { NewDecision } from './repository.js';
import { RiskService } from './risk-service.js';

// V8's own answer to "do these two objects share a hidden class?" (%HaveSameMap). The syntax is
// allowed from here on in this process; a function compiled after that may use it.
setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many of the objects have another hidden class than the first. */
const othersThanFirst = (xs: readonly object[]) => xs.filter((x) => !sameClass(x, xs[0]!)).length;

const filing = (i: number): Shipment => {
  const parsed = parseShipment(
    sampleShipment({
      reference: `HC-${i}`,
      lines: [
        {
          description: 'cotton t-shirts for men',
          hts: '6109.10.0012',
          origin: i % 2 ? 'CN' : 'VN',
          quantity: [{ value: 10 + i, unit: 'DOZ' }],
          value: { amount: 2_000 + 37 * i, currency: 'USD' },
        },
      ],
    }),
  );
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.shipment;
};

// On Node 20 an object literal that begins with a spread and then adds keys of its own
// (`{ ...d, inputs }`) is given a new hidden class nearly every time it runs once warm: each a map
// and descriptors in the old generation that only a full collection frees, ~1 KB a filing for the
// decision records alone (ADR 0042). These objects are made for every filing.
describe('what the risk stage makes for every filing shares one hidden class', () => {
  const risk = new RiskService(
    loadRuleSet(),
    loadRiskData(),
    () => [],
    () => new CountryResolver([['CN', 'China']]),
  );
  const at = '2026-12-10T10:00:00Z';
  const records = Array.from({ length: 60 }, (_, i) => risk.decide('t', `shp_${i}`, filing(i), [], at));

  it('decision records, their inputs and their weighted signals', () => {
    assert.equal(othersThanFirst(records), 0);
    assert.equal(othersThanFirst(records.map((r) => r.inputs)), 0);
    const signals = records.flatMap((r) => r.signals);
    assert.ok(signals.length >= records.length, 'each filing of apparel carries a signal');
    assert.equal(othersThanFirst(signals), 0);
  });

  it("a record keeps a spread's keys and order: the decision's, then its inputs and versions", () => {
    assert.deepEqual(Object.keys(records[0]!), [
      'lane',
      'score',
      'signals',
      'rules',
      'holds',
      'hold_reasons',
      'random',
      'capped',
      'trusted',
      'rule_set',
      'inputs',
      'rule_set_sha256',
      'risk_data',
    ]);
    assert.deepEqual(Object.keys(records[0]!.inputs), [
      'valueStats',
      'recentParcels',
      'trusted',
      'forced_labor',
    ]);
    assert.deepEqual(Object.keys(records.flatMap((r) => r.signals)[0]!), [
      'code',
      'path',
      'evidence',
      'weight',
    ]);
  });

  it('chained decision rows', () => {
    const rows: NewDecision[] = records.map((r, i) => ({
      shipmentId: `shp_${i}`,
      revision: 1,
      tenant: 't',
      lane: r.lane,
      score: r.score,
      record: JSON.stringify(r),
      createdAt: at,
      ...(i % 2 ? { selecting: ['RANDOM'] } : {}),
    }));
    const chained = chainRows({ seq: 0, hash: 'genesis' }, rows);
    assert.equal(othersThanFirst(chained), 0);
    assert.deepEqual(
      chained.map((d) => d.selecting ?? null),
      rows.map((d) => d.selecting ?? null),
    );
  });
});
