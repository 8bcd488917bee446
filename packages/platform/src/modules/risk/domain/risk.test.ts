import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fold } from '../../../kernel/text/fold.js';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';
import { capDecision, decide, draw, movable } from './decide.js';
import { parseRuleSet, type RuleSet } from './policy.js';
import { merchandiseWords, placesIn, riskSignals, type RiskData, type RiskInputs } from './signals.js';
import { partyWords, placesInParty } from './places.js';
import type { TrustInput } from '../../trusted-trader/index.js';

const data: RiskData = {
  version: 'test',
  xinjiang_places: ['Xinjiang', 'Urumqi', 'Ili Kazakh', '新疆', '乌鲁木齐'],
  uflpa_sectors: [
    { prefix: '61', sector: 'apparel' },
    { prefix: '5201', sector: 'cotton' },
  ],
  brands: ['Nike', 'Louis Vuitton'],
  recalls: [
    { id: 'cpsc-25-001', product: 'magnetic ball set', source: 'CPSC recall 25-001' },
    {
      id: 'cpsc-25-002',
      product: 'infant sleeper',
      brand: 'Dreamy',
      hts_prefix: '9404',
      source: 'CPSC recall 25-002',
    },
  ],
  value_anomaly: { min_samples: 20, robust_z: 3.5, floor_ratio: 0.25 },
  split_shipments: { window_hours: 24, min_parcels: 5, low_value_usd: 800 },
};

const rules = (over: Record<string, unknown> = {}): RuleSet => {
  const r = parseRuleSet({
    version: 'rs-test',
    default_lane: 'green',
    weights: {
      denied_party: 100,
      forced_labor_region: 70,
      uflpa_sector: 15,
      value_anomaly: 25,
      counterfeit: 45,
      split_shipment: 20,
      stage_failure: 30,
    },
    rules: [
      {
        id: 'R-DENIED',
        description: 'denied',
        when: { signal: 'denied_party' },
        lane: 'red',
        mandatory: true,
      },
      {
        id: 'R-XJ',
        description: 'xinjiang',
        when: { signal: 'forced_labor_region' },
        lane: 'red',
        holds: ['CBP-UFLPA'],
      },
      { id: 'R-MID', description: 'score', when: { score_at_least: 30 }, lane: 'yellow' },
      {
        id: 'R-SECTOR',
        description: 'sector on formal',
        when: { all: [{ signal: 'uflpa_sector' }, { field: 'type', equals: 'formal' }] },
        lane: 'blue',
      },
    ],
    random: { rate: 0, lane: 'red', seed: 's', trusted_factor: 0.25 },
    trusted_trader: { rule_factor: 0.5 },
    ...over,
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  return r.ruleSet;
};

const shipment = (over: Record<string, unknown> = {}, line: Record<string, unknown> = {}): Shipment => {
  const r = parseShipment({
    type: 'formal',
    reference: 'R-1',
    transport: { mode: 'ocean', port_of_entry: '2704', arrival_date: '2026-12-01' },
    parties: [
      { role: 'importer', name: 'Acme LLC', address: { city: 'Austin', country: 'US' } },
      { role: 'seller', name: 'Shenzhen Trading Co', address: { city: 'Shenzhen', country: 'CN' } },
      {
        role: 'consignee',
        name: 'Jane Doe',
        address: { city: 'Austin', postal_code: '78701', country: 'US' },
      },
    ],
    lines: [
      {
        description: 'Cotton T-shirts',
        hts: '6109.10.00.12',
        origin: 'CN',
        quantity: [{ value: 10, unit: 'doz.' }],
        value: { amount: 50000, currency: 'USD' },
        ...line,
      },
    ],
    ...over,
  });
  assert.ok(r.ok);
  return r.shipment;
};

const noInputs: RiskInputs = { valueStats: [null], recentParcels: 1, trusted: null };
const none = { scoped: true, orders: [], nodes: [] } as const;

const trust = (exam_factor: number): TrustInput => ({
  member: 'ttm_1',
  tier: 'certified',
  program: 'test',
  policy_from: '2022-11-01',
  benefits: {
    exam_factor,
    front_of_line_forced_labor: true,
    exam_at_premises: true,
    bonded_facility_move: true,
    ruling_priority: true,
    processing_fee_reduction: 0,
  },
});

describe('risk: signals, rules, lanes', () => {
  it('finds a Xinjiang nexus in Latin or Chinese script, as whole words', () => {
    assert.deepEqual(placesIn('No. 8 Road, Urumqi, Xinjiang', data.xinjiang_places), ['Xinjiang', 'Urumqi']);
    assert.deepEqual(placesIn('新疆乌鲁木齐市', data.xinjiang_places), ['新疆', '乌鲁木齐']);
    assert.deepEqual(placesIn('Ili Kazakh Autonomous Prefecture', data.xinjiang_places), ['Ili Kazakh']);
    assert.deepEqual(placesIn('Philippines; Illinois', data.xinjiang_places), []);
    assert.deepEqual(merchandiseWords('Stevia extracts and derivatives'), ['stevia', 'extract']);
  });

  it('reads a text against each list on its own, and gives frozen answers', () => {
    const text = 'Cotton from Urumqi, Xinjiang, shipped via Lyon';
    const first = placesIn(text, data.xinjiang_places);
    assert.deepEqual(first, ['Xinjiang', 'Urumqi']);
    assert.deepEqual(placesIn(text, ['Lyon', 'Xinjiang']), ['Lyon', 'Xinjiang']);
    assert.deepEqual(placesIn(text, ['Paris']), []);
    assert.deepEqual(placesIn(text, ['Urumqi Xinjiang']), ['Urumqi Xinjiang'], 'a phrase as a run of words');
    assert.deepEqual(
      placesIn(text, ['Xinjiang Urumqi', 'Lyon Paris']),
      [],
      'not out of order, not cut short',
    );
    assert.ok(Object.isFrozen(first), 'answers cannot be changed by a caller');
    assert.ok(Object.isFrozen(placesIn(text, ['Paris'])));
  });

  it('finds what a plain reading of the text finds (property: names as whole words, phrases, Chinese substrings)', () => {
    const words = ['ili', 'kazakh', 'urumqi', 'xinjiang', 'hotan', 'road', 'no', 'kashgar'];
    const latin = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    const han = fc.constantFrom('新疆', '乌鲁木齐', '和田', '喀什');
    const name = fc.oneof(latin, han);
    const piece = fc.oneof(fc.constantFrom(...words, ...words.map((w) => w.toUpperCase())), han, fc.string());
    const sep = fc.constantFrom(' ', ', ', '-', '', '.', '市');
    const text = fc
      .array(fc.tuple(piece, sep), { maxLength: 12 })
      .map((ps) => ps.map(([p, s]) => p + s).join(''));
    // The reading placesIn must agree with: a Latin name's words as a run of the text's words, in
    // the list's order, each name once; a Chinese name anywhere in the text.
    const words_ = (t: string) =>
      fold(t)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1);
    const plain = (t: string, names: readonly string[]) => {
      const padded = ` ${words_(t).join(' ')} `;
      const out: string[] = [];
      for (const n of names) {
        if (out.includes(n)) continue;
        const hit = /\p{Script=Han}/u.test(n)
          ? t.includes(n)
          : words_(n).length > 0 && padded.includes(` ${words_(n).join(' ')} `);
        if (hit) out.push(n);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), text, (names, t) => {
        assert.deepEqual([...placesIn(t, names)], plain(t, names));
        // A party's text is read without the memo, to the same answer.
        assert.deepEqual([...placesInParty(partyWords(t), names)], plain(t, names));
      }),
      { numRuns: 2000 },
    );
  });

  it('turns findings and data into signals with evidence (orders read as before scopes)', () => {
    const s = shipment({
      parties: [
        { role: 'manufacturer', name: 'Hotan Textile', address: { street: '新疆和田', country: 'CN' } },
      ],
    });
    const signals = riskSignals(
      s,
      [
        {
          code: 'SCREENING_HIT',
          severity: 'warning',
          path: 'parties[0]',
          message: 'hit',
          details: { entry: 'x' },
        },
      ],
      data,
      {
        scoped: false,
        orders: [
          {
            id: 'cbp-wro:1',
            country: 'CN',
            merchandise: 'Cotton T-shirts',
            words: merchandiseWords('Cotton T-shirts'),
          },
        ],
      },
      noInputs,
    );
    assert.deepEqual(
      signals.map((x) => `${x.code}@${x.path}`),
      [
        'denied_party@parties[0]',
        'forced_labor_region@parties[0]',
        'uflpa_sector@lines[0]',
        'forced_labor_wro_product@lines[0]',
      ],
    );
    assert.deepEqual(signals[1]!.evidence.places, ['新疆']);
  });

  it('flags a unit value far below the usual, and a counterfeit when a brand comes with it', () => {
    const st = { median: 20, mad: 2, n: 50 };
    const cheap = shipment(
      {},
      {
        description: 'Nike running shoes',
        hts: '6404.11.20.00',
        quantity: [{ value: 10, unit: 'prs.' }],
        value: { amount: 3000, currency: 'USD' },
      },
    );
    const got = riskSignals(cheap, [], data, none, { valueStats: [st], recentParcels: 1, trusted: null }).map(
      (x) => x.code,
    );
    assert.deepEqual(got, ['value_anomaly', 'counterfeit']);
    const fair = shipment(
      {},
      {
        description: 'Nike running shoes',
        hts: '6404.11.20.00',
        quantity: [{ value: 10, unit: 'prs.' }],
        value: { amount: 19000, currency: 'USD' },
      },
    );
    assert.deepEqual(
      riskSignals(fair, [], data, none, { valueStats: [st], recentParcels: 1, trusted: null }),
      [],
    );
    const few = { ...st, n: 5 };
    assert.deepEqual(
      riskSignals(cheap, [], data, none, { valueStats: [few], recentParcels: 1, trusted: null }),
      [],
    );
  });

  it('flags a recalled product named in the description (brand and tariff prefix when the recall gives them)', () => {
    const magnets = shipment({}, { description: 'Set of 216 magnetic balls', hts: '9503.00.00.90' });
    assert.deepEqual(
      riskSignals(magnets, [], data, none, noInputs).map((x) => x.code),
      ['recalled_product'],
    );
    const sleeper = (desc: string, hts: string) =>
      riskSignals(shipment({}, { description: desc, hts }), [], data, none, noInputs).map((x) => x.code);
    assert.deepEqual(sleeper('Dreamy infant sleeper, inclined', '9404.90.20.00'), ['recalled_product']);
    assert.deepEqual(sleeper('Cozy infant sleeper', '9404.90.20.00'), []);
    assert.deepEqual(sleeper('Dreamy infant sleeper', '6111.20.60.70'), ['uflpa_sector']);
    // The same description again under another number: the tariff prefix is checked each time.
    assert.deepEqual(sleeper('Dreamy infant sleeper, inclined', '6111.20.60.70'), ['uflpa_sector']);
    assert.deepEqual(sleeper('Dreamy infant sleeper, inclined', '9404.90.20.00'), ['recalled_product']);
  });

  it('flags split shipments: many low-value parcels from one seller to one consignee', () => {
    const parcel = shipment({ type: 'low_value' }, { hts: '9503.00.00.73' });
    assert.deepEqual(
      riskSignals(parcel, [], data, none, { valueStats: [null], recentParcels: 6, trusted: null }).map(
        (x) => x.code,
      ),
      ['split_shipment'],
    );
    assert.deepEqual(
      riskSignals(parcel, [], data, none, { valueStats: [null], recentParcels: 4, trusted: null }),
      [],
    );
  });

  it('chooses the most severe lane of the matching rules, with holds and the score', () => {
    const rs = rules();
    const s = shipment();
    const d = decide(
      rs,
      s,
      'shp_1',
      [
        { code: 'forced_labor_region', path: 'parties[0]', evidence: {} },
        { code: 'uflpa_sector', path: 'lines[0]', evidence: {} },
        { code: 'uflpa_sector', path: 'lines[1]', evidence: {} },
      ],
      null,
    );
    assert.equal(d.lane, 'red');
    assert.equal(d.score, 85, 'each kind of signal counts once');
    assert.deepEqual(
      d.rules.map((r) => r.id),
      ['R-XJ', 'R-MID', 'R-SECTOR'],
    );
    assert.deepEqual(d.holds, ['CBP-UFLPA']);
    const sector = decide(rs, s, 'shp_1', [{ code: 'uflpa_sector', path: 'lines[0]', evidence: {} }], null);
    assert.equal(sector.lane, 'blue');
    assert.equal(
      decide(
        rs,
        shipment({ type: 'low_value' }),
        'shp_1',
        [{ code: 'uflpa_sector', path: '', evidence: {} }],
        null,
      ).lane,
      'green',
    );
    // A trusted trader keeps the share exam_factor of its non-mandatory rule selections, each by
    // a seeded draw of its own; list hits stay.
    const two = [
      { code: 'value_anomaly', path: '', evidence: {} },
      { code: 'split_shipment', path: '', evidence: {} },
    ];
    let kept = 0;
    for (let i = 0; i < 4000; i++) {
      const member = decide(rs, s, `x${i}`, two, trust(0.5));
      assert.equal(decide(rs, s, `x${i}`, two, null).lane, 'yellow');
      if (member.lane === 'yellow') kept++;
      else
        assert.deepEqual(
          member.rules.filter((r) => r.waived).map((r) => r.id),
          ['R-MID'],
        );
      assert.deepEqual(decide(rs, s, `x${i}`, two, trust(0.5)), member, 'replayable');
    }
    assert.ok(Math.abs(kept / 4000 - 0.5) < 0.03, `kept ${kept / 4000}`);
    const listHit = [{ code: 'denied_party', path: '', evidence: {} }];
    assert.equal(decide(rs, s, 'x', listHit, trust(0)).lane, 'red', 'a mandatory rule is never waived');
  });

  it('selects at random at the configured rate, reproducibly, and less for trusted traders', () => {
    const rs = rules({ random: { rate: 0.1, lane: 'red', seed: 'seed-1', trusted_factor: 0.25 } });
    const s = shipment();
    let picked = 0;
    let trustedPicked = 0;
    for (let i = 0; i < 20_000; i++) {
      const d = decide(rs, s, `shp_${i}`, [], null);
      if (d.random.selected) picked++;
      if (decide(rs, s, `shp_${i}`, [], trust(0.25)).random.selected) trustedPicked++;
      if (i < 50) assert.deepEqual(decide(rs, s, `shp_${i}`, [], null), d);
    }
    assert.ok(Math.abs(picked / 20_000 - 0.1) < 0.01, `rate ${picked / 20_000}`);
    assert.ok(Math.abs(trustedPicked / 20_000 - 0.025) < 0.006, `trusted rate ${trustedPicked / 20_000}`);
    fc.assert(fc.property(fc.string(), (k) => draw(k) >= 0 && draw(k) < 1));
  });

  it('sends a filing that broke a stage to an officer: the finding becomes a signal, the lane yellow', () => {
    const rs = rules({
      rules: [
        { id: 'R-STAGE', description: 'stage failed', when: { signal: 'stage_failure' }, lane: 'yellow' },
      ],
    });
    const s = shipment({}, { origin: 'VN' });
    const signals = riskSignals(
      s,
      [
        {
          code: 'STAGE_FAILED',
          severity: 'warning',
          path: '',
          message: 'the screen stage failed',
          details: { stage: 'screen' },
        },
      ],
      data,
      none,
      noInputs,
    );
    assert.deepEqual(
      signals.map((x) => [x.code, x.evidence.stage]),
      [['stage_failure', 'screen']],
    );
    assert.equal(decide(rs, s, 'x', signals, null).lane, 'yellow');
  });

  it('moves a full lane down, but never a mandatory list hit', () => {
    const rs = rules();
    const s = shipment();
    const hit = decide(rs, s, 'a', [{ code: 'denied_party', path: '', evidence: {} }], null);
    assert.equal(movable(rs, hit), false);
    const score = decide(rs, s, 'b', [{ code: 'forced_labor_region', path: '', evidence: {} }], null);
    assert.equal(movable(rs, score), true);
    const moved = capDecision(score, 'yellow', '2704', 10);
    assert.deepEqual([moved.lane, moved.capped], ['yellow', { from: 'red', port: '2704', per_day: 10 }]);
  });

  it('refuses an invalid rule set naming the rule and the field', () => {
    const bad = parseRuleSet({
      version: 'v',
      default_lane: 'green',
      weights: { denied_party: 100 },
      rules: [
        { id: 'R-OK', description: 'ok', when: { signal: 'denied_party' }, lane: 'red' },
        { id: 'R-BAD', description: 'bad', when: { signal: 'no_such_signal' }, lane: 'purple' },
        { id: 'R-OK', description: 'dup', when: { field: 'Type', equals: 'x' }, lane: 'red' },
      ],
      random: { rate: 2, lane: 'red', seed: 's', trusted_factor: 0.5 },
      trusted_trader: { rule_factor: 0.5 },
    });
    assert.equal(bad.ok, false);
    const problems = !bad.ok ? bad.problems : [];
    assert.ok(
      problems.some((p) => p.rule === 'R-BAD' && p.path === 'rules[1].lane'),
      JSON.stringify(problems),
    );
    assert.ok(problems.some((p) => p.path === 'random.rate'));
    assert.ok(problems.some((p) => p.rule === 'R-OK' && /field|dotted/.test(p.message + p.path)));
    // Once the shapes are right, the cross-checks: unknown signals and duplicate ids.
    const cross = parseRuleSet({
      version: 'v',
      default_lane: 'green',
      weights: { denied_party: 100 },
      rules: [
        { id: 'R-A', description: 'a', when: { any: [{ signal: 'no_such_signal' }] }, lane: 'red' },
        { id: 'R-A', description: 'b', when: { signal: 'denied_party' }, lane: 'red' },
      ],
      random: { rate: 0.01, lane: 'red', seed: 's', trusted_factor: 0.5 },
      trusted_trader: { rule_factor: 0.5 },
    });
    assert.deepEqual(!cross.ok && cross.problems, [
      {
        rule: 'R-A',
        path: 'rules[0].when',
        message: 'rule R-A names the signal "no_such_signal", which has no weight',
      },
      { rule: 'R-A', path: 'rules[1].id', message: 'duplicate rule id R-A' },
    ]);
  });
});
