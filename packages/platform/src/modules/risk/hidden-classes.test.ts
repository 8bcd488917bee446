import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShipment, type Shipment } from '../../kernel/shipment.js';
import { othersThanFirst } from '../../testing/hidden-class.js';
import { sampleShipment } from '../../testing/support.js';
import { CountryResolver } from '../screening/index.js';
import { loadRiskData, loadRuleSet } from './adapters/risk-policy.js';
import { chainRows } from './db.js';
import type { NewDecision } from './repository.js';
import { RiskService } from './risk-service.js';

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

  it('decision records', () => {
    assert.equal(othersThanFirst(records), 0);
  });

  it('their inputs', () => {
    assert.equal(othersThanFirst(records.map((r) => r.inputs)), 0);
  });

  it('their weighted signals', () => {
    const signals = records.flatMap((r) => r.signals);
    assert.ok(signals.length >= 20, `${signals.length} signals`);
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
    // The text the chain hashes: the same as the spread it replaced made, record by record.
    records.forEach((r, i) => {
      const d = risk.verdict(risk.rules.ruleSet, `shp_${i}`, filing(i), [], r.inputs);
      const spread = { ...d, inputs: r.inputs, rule_set_sha256: r.rule_set_sha256, risk_data: r.risk_data };
      assert.equal(JSON.stringify(r), JSON.stringify(spread));
    });
    assert.deepEqual(Object.keys(records.flatMap((r) => r.signals)[0]!), [
      'code',
      'path',
      'evidence',
      'weight',
    ]);
  });

  it('chained decision rows, with and without the selecting rules', () => {
    for (const selecting of [['RANDOM'], undefined]) {
      // Rows of one shape each time, as a writer makes them: a filing's with its selecting rules,
      // an officer's action without.
      const rows: NewDecision[] = records.map((r, i) => ({
        shipmentId: `shp_${i}`,
        revision: 1,
        tenant: 't',
        lane: r.lane,
        score: r.score,
        record: JSON.stringify(r),
        createdAt: at,
        ...(selecting ? { selecting } : {}),
      }));
      const chained = chainRows({ seq: 0, hash: 'genesis' }, rows);
      assert.equal(othersThanFirst(chained), 0);
      assert.ok(chained.every((d) => d.selecting === selecting));
    }
  });
});
