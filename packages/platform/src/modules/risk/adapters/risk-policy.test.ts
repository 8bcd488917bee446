import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../../kernel/finding.js';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';
import { CountryResolver, parseWro } from '../../screening/index.js';
import { SHARED_DATA, sharedData } from '../../../testing/support.js';
import { decide } from '../domain/decide.js';
import { RiskService } from '../risk-service.js';
import { loadRiskData, loadRuleSet } from './risk-policy.js';

const shipment = (parties: unknown[], line: Record<string, unknown>): Shipment => {
  const r = parseShipment({
    type: 'formal',
    reference: 'P-1',
    transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: '2026-12-10' },
    parties,
    lines: [
      {
        description: "Men's T-shirts of cotton, knitted",
        hts: '6109.10.00.12',
        origin: 'CN',
        quantity: [{ value: 10, unit: 'doz.' }],
        value: { amount: 50000, currency: 'USD' },
        ...line,
      },
    ],
  });
  assert.ok(r.ok);
  return r.shipment;
};

const seller = (city: string, name = 'Ningbo Textile Co., Ltd.', country = 'CN') => [
  { role: 'importer', name: 'Acme Apparel LLC', address: { city: 'Austin', country: 'US' } },
  { role: 'seller', name, address: { street: '8 Zhongshan Road', city, country } },
];

describe('the shipped rule set and risk data', () => {
  const loaded = loadRuleSet();
  const rs = loaded.ruleSet;
  const s = shipment(seller('Ningbo'), {});

  it('holds the goods of a denied-party hit, and names every hold with its reason', () => {
    const d = decide(rs, s, 'shp_1', [{ code: 'denied_party', path: 'parties[1].name', evidence: {} }], null);
    assert.equal(d.lane, 'red');
    assert.deepEqual(d.holds, ['CBP-DENIED-PARTY']);
    assert.deepEqual(d.hold_reasons, [
      {
        hold: 'CBP-DENIED-PARTY',
        rule: 'R-DENIED',
        reason: 'a party matches a denied-party list',
        signals: ['denied_party@parties[1].name'],
      },
    ]);
    // Every rule that sends a list hit to the red lane holds the goods.
    for (const r of rs.rules)
      if (r.mandatory && r.lane === 'red') assert.ok((r.holds ?? []).length > 0, `${r.id} holds nothing`);
    const pga = decide(
      rs,
      s,
      'shp_2',
      [{ code: 'pga_unmet', path: 'lines[0].pga', evidence: { agency: 'FDA', message: 'FDA data missing' } }],
      null,
    );
    assert.deepEqual(pga.hold_reasons, [
      {
        hold: 'FDA',
        rule: 'R-PGA',
        reason: 'a partner agency requires data that is missing: FDA data missing',
        signals: ['pga_unmet@lines[0].pga'],
      },
    ]);
  });

  it('property: every hold has a reason, and every reason a hold', () => {
    const codes = Object.keys(rs.weights);
    fc.assert(
      fc.property(fc.subarray(codes), fc.string(), (present, id) => {
        const d = decide(
          rs,
          s,
          id,
          present.map((code) => ({ code, path: 'lines[0]', evidence: { agency: 'FDA' } })),
          null,
        );
        const reasons = d.hold_reasons ?? [];
        assert.deepEqual([...new Set(reasons.map((h) => h.hold))].sort(), [...d.holds]);
        for (const h of reasons) assert.ok(h.reason.length > 0 && h.rule.length > 0);
      }),
    );
  });

  it(
    'applies the shared orders by scope: Chinese cotton released, XPCC, Xinjiang and Turkmen cotton held',
    sharedData(),
    () => {
      const text = readFileSync(join(SHARED_DATA, 'cbp-withhold-release-orders', 'wro.csv'), 'utf8');
      const entries = parseWro(text, 'wro.csv');
      const countries = new CountryResolver([
        ['CN', 'China'],
        ['TM', 'Turkmenistan'],
        ['MW', 'Malawi'],
        ['CD', 'Congo, The Democratic Republic of the'],
        ['ZW', 'Zimbabwe'],
        ['MY', 'Malaysia'],
        ['VN', 'Viet Nam'],
      ]);
      const risk = new RiskService(
        loaded,
        loadRiskData(),
        () => entries,
        () => countries,
      );
      // Every region order of the compilation has its area's places in the shipped risk data.
      for (const o of risk.wroOrders().filter((x) => x.scope === 'region'))
        assert.ok((o.places ?? []).length > 0, `no places for ${o.region}`);
      const verdict = (x: Shipment, findings: Finding[] = []) => {
        const d = risk.decide('t', `shp_${x.reference}`, x, findings, '2026-12-10T10:00:00Z');
        // Replayed from what it recorded: the same verdict.
        const again = risk.verdict(rs, `shp_${x.reference}`, x, findings, d.inputs);
        assert.deepEqual([again.lane, again.holds, again.signals], [d.lane, d.holds, d.signals]);
        return { d, holds: d.holds, lane: d.lane };
      };
      const clean = verdict(s);
      assert.deepEqual(clean.holds, [], JSON.stringify(clean.d.signals));
      assert.equal(clean.lane, 'blue', 'a UFLPA sector on a formal entry: post-clearance audit');
      assert.deepEqual(clean.d.inputs.forced_labor, { orders: [], supply_chain: [] });
      // The entity the XPCC order names, as a party.
      const xpcc = entries.find((e) => e.names.some((n) => n.name === 'XPCC'))!;
      const named = verdict(s, [
        {
          code: 'FORCED_LABOR_LIST_HIT',
          severity: 'warning',
          path: 'parties[1].name',
          message: 'hit',
          details: { list: 'cbp-wro', entity_id: xpcc.id },
        },
      ]);
      assert.deepEqual([named.lane, named.holds], ['red', ['CBP-WRO']]);
      assert.deepEqual(
        named.d.inputs.forced_labor?.orders.map((o) => [o.id, o.scope]),
        [[xpcc.id, 'entity']],
      );
      // A seller in Urumqi: the region order and the UFLPA presumption.
      const xj = verdict(shipment(seller('Urumqi'), {}));
      assert.deepEqual([xj.lane, xj.holds], ['red', ['CBP-UFLPA', 'CBP-WRO']]);
      // Turkmen cotton, spun in Turkmenistan or named in a Vietnamese garment's description.
      const tm = verdict(
        shipment(seller('Ashgabat', 'Ashgabat Yarn', 'TM'), { origin: 'TM', hts: '5205.11.10.00' }),
      );
      assert.deepEqual(tm.holds, ['CBP-WRO']);
      const vn = verdict(
        shipment(seller('Hanoi', 'Song Hong Garment', 'VN'), {
          origin: 'VN',
          description: 'T-shirts of Turkmen cotton',
        }),
      );
      assert.deepEqual(vn.holds, ['CBP-WRO']);
      // A decision recorded before scopes (no forced-labor inputs) replays with the signals of
      // that time: the XPCC order then matched every Chinese cotton line.
      const old = risk.verdict(rs, 'shp_old', s, [], {
        valueStats: [null],
        recentParcels: 0,
        trusted: null,
      });
      assert.ok(
        old.signals.some((x) => x.code === 'forced_labor_wro_product'),
        JSON.stringify(old.signals),
      );
      assert.ok(old.holds.includes('CBP-WRO'));
    },
  );
});
