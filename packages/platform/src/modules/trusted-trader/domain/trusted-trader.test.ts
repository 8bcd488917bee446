import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Problem } from '../../../kernel/problem.js';
import { BenefitReportBuilder, valueBand } from './benefit-report.js';
import { wilson } from './intervals.js';
import { checkEligibility } from './eligibility.js';
import { addMonths, applyAction, reminderFor, type Member } from './lifecycle.js';
import { MembershipIndex } from './membership.js';
import { benefitPolicyOn, parseProgram, type Program } from './program.js';
import { findCycle, parseSupplyChain } from './supply-chain.js';
import type { Shipment } from '../../../kernel/shipment.js';

const shipped = JSON.parse(
  readFileSync(new URL('../../../../policy/trusted-trader-program.json', import.meta.url), 'utf8'),
) as Program;
const program = (): Program => structuredClone(shipped);

const ELIGIBLE = {
  ior_country: 'US',
  import_history_years: 3,
  first_import_date: '2020-01-01',
  ctpat_security_tier: 'II',
  ctpat_security_good_standing: true,
  debts_to_government: false,
  mou_signed: true,
  questionnaire_answered: true,
};

function member(over: Partial<Member> = {}): Member {
  return {
    id: 'ttm_1',
    tenant: 'acme',
    program: 'p',
    company: { name: 'Acme', country: 'US', identifiers: [{ scheme: 'EIN', value: '12-3456789' }] },
    answers: ELIGIBLE,
    eligibility: checkEligibility(program(), ELIGIBLE, '2026-01-01'),
    status: 'applicant',
    officer: null,
    requirements: {},
    applied_at: '2026-01-01T00:00:00Z',
    certified_at: null,
    validated_at: null,
    self_assessment_due: null,
    open_request: null,
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
    ...over,
  };
}

describe('trusted-trader program', () => {
  it('accepts the shipped program and refuses one that contradicts itself', () => {
    assert.equal(parseProgram(program()).ok, true);
    const p = program();
    p.benefits[1]!.tiers.validated!.exam_factor = 0.9; // worth less than certified (0.5)
    p.benefits.push({ ...p.benefits[0]!, note: 'again' }); // same effective date twice
    p.eligibility[0]!.question = 'nope';
    const r = parseProgram(p);
    assert.equal(r.ok, false);
    const paths = r.ok ? [] : r.problems.map((x) => x.path);
    assert.ok(paths.includes('benefits[1].tiers.validated.exam_factor'), paths.join());
    assert.ok(paths.includes('benefits[2].effective_from'));
    assert.ok(paths.includes('eligibility[0].question'));
  });

  it('picks the benefit policy in force on a day', () => {
    assert.equal(benefitPolicyOn(program(), '2022-10-31')!.effective_from, '2020-01-01');
    assert.equal(benefitPolicyOn(program(), '2022-11-01T10:00:00Z')!.effective_from, '2022-11-01');
    assert.equal(benefitPolicyOn(program(), '2019-12-31'), null);
  });

  it('explains eligibility: pass, fail, missing, invalid and contradictory answers', () => {
    const ok = checkEligibility(program(), ELIGIBLE, '2026-01-01');
    assert.equal(ok.eligible, true);
    const bad = checkEligibility(
      program(),
      {
        ...ELIGIBLE,
        import_history_years: 5,
        first_import_date: '2025-06-01',
        ctpat_security_tier: 'I',
        mou_signed: 'yes',
        questionnaire_answered: undefined,
      },
      '2026-01-01',
    );
    const by = Object.fromEntries(bad.checks.map((c) => [c.id, c.status]));
    assert.equal(bad.eligible, false);
    assert.equal(by.import_history, 'contradictory');
    assert.equal(by.ctpat_security_tier, 'fail');
    assert.equal(by.mou, 'invalid');
    assert.equal(by.questionnaire, 'missing');
    assert.deepEqual(bad.contradictions[0]!.questions, ['import_history_years', 'first_import_date']);
  });

  it('moves a member through review, certification, suspension and back, refusing what its status does not allow', () => {
    const p = program();
    const at = '2026-03-01T00:00:00Z';
    assert.throws(
      () => applyAction(p, member(), { action: 'certify' }, { at, actor: 'o' }),
      (e: Problem) => e.code === 'TT_TRANSITION_INVALID',
    );
    let m = applyAction(p, member(), { action: 'assign' }, { at, actor: 'o' }).member;
    assert.equal(m.officer, 'o');
    assert.throws(
      () => applyAction(p, m, { action: 'certify' }, { at, actor: 'o' }),
      (e: Problem) => e.code === 'TT_REQUIREMENTS_UNMET',
    );
    m = {
      ...m,
      requirements: {
        supply_chain_mapping: { status: 'accepted', evidence: ['doc_1'] },
        code_of_conduct: { status: 'accepted', evidence: ['doc_2'] },
      },
    };
    m = applyAction(p, m, { action: 'certify' }, { at, actor: 'o' }).member;
    assert.equal(m.status, 'certified');
    assert.equal(m.self_assessment_due, '2027-03-01');
    assert.throws(
      () => applyAction(p, m, { action: 'suspend' }, { at, actor: 'o' }),
      (e: Problem) => e.code === 'TT_REASON_REQUIRED',
    );
    const { member: s, event } = applyAction(
      p,
      m,
      { action: 'suspend', reason: 'audit' },
      { at, actor: 'o' },
    );
    assert.deepEqual([event.from, event.to, event.reason], ['certified', 'suspended', 'audit']);
    assert.equal(
      applyAction(p, s, { action: 'reinstate', reason: 'cleared' }, { at, actor: 'o' }).member.status,
      'certified',
    );
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
    const r = reminderFor(p, m, '2027-02-10T00:00:00Z')!;
    assert.deepEqual([r.days_left, r.step, r.overdue], [19, 30, false]);
    assert.equal(reminderFor(p, m, '2026-06-01'), null);
  });

  it('gives benefits by the status at the decision instant (effective dating)', () => {
    const p = program();
    const events = [
      {
        member: 'ttm_1',
        at: '2026-01-01T00:00:00Z',
        actor: 'a',
        action: 'apply' as const,
        from: null,
        to: 'applicant' as const,
        reason: null,
        details: {},
      },
      {
        member: 'ttm_1',
        at: '2026-02-01T00:00:00Z',
        actor: 'o',
        action: 'certify' as const,
        from: 'under_review' as const,
        to: 'certified' as const,
        reason: null,
        details: {},
      },
      {
        member: 'ttm_1',
        at: '2026-03-01T10:00:00Z',
        actor: 'o',
        action: 'remove' as const,
        from: 'certified' as const,
        to: 'removed' as const,
        reason: 'x',
        details: {},
      },
    ];
    const idx = new MembershipIndex(p, [member()], events);
    const s = {
      parties: [{ role: 'importer', name: 'Acme', identifiers: [{ scheme: 'ein', value: '123456789' }] }],
    } as unknown as Shipment;
    assert.equal(idx.trustOf('acme', s, '2026-01-15T00:00:00Z'), null);
    assert.equal(idx.trustOf('acme', s, '2026-02-15T00:00:00Z')!.tier, 'certified');
    assert.equal(idx.trustOf('acme', s, '2026-03-01T09:59:59Z')!.benefits.exam_factor, 0.5);
    assert.equal(idx.trustOf('acme', s, '2026-03-01T10:00:01Z'), null, 'removed');
    assert.equal(idx.trustOf('other-tenant', s, '2026-02-15T00:00:00Z'), null);
  });
});

describe('supply-chain maps', () => {
  const node = (id: string, tier: number) => ({
    id,
    name: `N ${id}`,
    kind: 'supplier' as const,
    tier,
    country: 'CN',
  });

  it('refuses a cycle naming it, and warns of skipped tiers and unlinked nodes', () => {
    assert.throws(
      () =>
        parseSupplyChain({
          product: 'p',
          nodes: [node('A', 1), node('B', 2), node('C', 3)],
          edges: [
            { from: 'A', to: 'member' },
            { from: 'B', to: 'A' },
            { from: 'C', to: 'B' },
            { from: 'B', to: 'C' },
          ],
        }),
      (e: Problem) => e.code === 'SUPPLY_CHAIN_CYCLE' && (e.details!.cycle as string[]).join() === 'B,C,B',
    );
    const { warnings } = parseSupplyChain({
      product: 'p',
      nodes: [node('A', 1), node('C', 3), node('Z', 2)],
      edges: [
        { from: 'A', to: 'member' },
        { from: 'C', to: 'A' },
      ],
    });
    assert.deepEqual(warnings.map((w) => w.code).sort(), [
      'SUPPLY_CHAIN_TIER_SKIPPED',
      'SUPPLY_CHAIN_UNLINKED',
    ]);
    assert.throws(
      () => parseSupplyChain({ product: 'p', nodes: [node('A', 1)], edges: [{ from: 'A', to: 'X' }] }),
      (e: Problem) => e.code === 'SUPPLY_CHAIN_INVALID' && e.path === 'edges[0].to',
    );
  });

  it('finds a cycle exactly when a graph has one (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 20 }), (pairs) => {
        const out = new Map<string, string[]>();
        for (const [a, b] of pairs) out.set(`n${a}`, [...(out.get(`n${a}`) ?? []), `n${b}`]);
        const ids = Array.from({ length: 8 }, (_, i) => `n${i}`);
        const cycle = findCycle(ids, out);
        // A graph is acyclic iff repeatedly removing nodes without successors empties it.
        const left = new Set(ids);
        for (let changed = true; changed;) {
          changed = false;
          for (const n of [...left])
            if (!(out.get(n) ?? []).some((x) => left.has(x))) {
              left.delete(n);
              changed = true;
            }
        }
        if (left.size === 0) return cycle === null;
        if (!cycle) return false;
        for (let i = 0; i + 1 < cycle.length; i++)
          if (!(out.get(cycle[i]!) ?? []).includes(cycle[i + 1]!)) return false;
        return cycle[0] === cycle[cycle.length - 1];
      }),
    );
  });
});

describe('benefit report', () => {
  const facts = (member: string | null, lane: 'green' | 'red', hours: number, stratum = '61') => ({
    member,
    tier: member ? 'certified' : null,
    period: '2026-01',
    chapter: stratum,
    origin: 'CN',
    port: '2704',
    band: 1,
    lane,
    counterfactual: member ? ('red' as const) : null,
    exam: lane === 'red',
    held: lane === 'red',
    releaseHours: hours,
  });

  it('compares members with non-members of the same strata, weighted by the members’ shipments', () => {
    const b = new BenefitReportBuilder({ examUsdCents: 100_000, holdHourUsdCents: 1000 });
    // Stratum 61: non-members examined half the time; stratum 84: never. The member ships 3:1.
    for (let i = 0; i < 100; i++) b.add(facts(null, i % 2 ? 'red' : 'green', i % 2 ? 50 : 0, '61'));
    for (let i = 0; i < 100; i++) b.add(facts(null, 'green', 0, '84'));
    for (let i = 0; i < 30; i++) b.add(facts('ttm_a', i < 3 ? 'red' : 'green', i < 3 ? 50 : 0, '61'));
    for (let i = 0; i < 10; i++) b.add(facts('ttm_a', 'green', 0, '84'));
    b.add(facts('ttm_a', 'green', 0, '99')); // no non-member to compare with
    const r = b.report('p', 'now');
    const m = r.members[0]!;
    assert.equal(m.shipments, 41);
    assert.equal(m.matched_shipments, 40);
    assert.equal(m.baseline_exam_rate, 0.375); // (30·0.5 + 10·0) / 40
    assert.equal(m.exam_rate, Math.round((3 / 41) * 1e4) / 1e4);
    assert.equal(m.exams_avoided, 38);
    assert.equal(m.baseline_release_hours_p90, 50);
    assert.equal(m.release_hours_p90, 0);
    assert.ok(m.estimated_cost_saved_usd! > 0);
    assert.ok(m.exam_rate_ci[0] <= m.exam_rate && m.exam_rate <= m.exam_rate_ci[1]);
    assert.equal(r.overall.shipments, 41);
    assert.equal(r.non_member_shipments, 200);
  });

  it('reads releases at 0 hours as part of each quantile, from decisions and from cells alike', () => {
    const costs = { examUsdCents: 100_000, holdHourUsdCents: 1000 };
    // Stratum 61: 95 releases at 0 h, 5 after 10 h (p90: 0). Stratum 84: 50 at 0, 50 after 40 h.
    // The member, in 61 only: 85 at 0 and 15 after 20 h (p90: 20).
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => facts(null, 'green', i < 95 ? 0 : 10, '61')),
      ...Array.from({ length: 100 }, (_, i) => facts(null, 'green', i < 50 ? 0 : 40, '84')),
      ...Array.from({ length: 100 }, (_, i) => facts('ttm_a', 'green', i < 85 ? 0 : 20, '61')),
    ];
    const one = new BenefitReportBuilder(costs);
    for (const r of rows) one.add(r);
    // The same decisions as cells: counts and sums per stratum, hours other than 0 with counts.
    const cells = new BenefitReportBuilder(costs);
    const cell = (member: string | null, stratum: string, zeros: number, hours: number, n: number) => {
      cells.addCell({
        member,
        tier: member ? 'certified' : null,
        stratum: `${stratum}|CN|2704|1|2026-01`,
        n: zeros + n,
        exams: 0,
        holds: 0,
        examsAvoided: 0,
        holdsAvoided: member ? zeros + n : 0,
        released: zeros + n,
        hoursSum: hours * n,
        hoursSum2: hours * hours * n,
      });
      cells.addHours({
        member,
        tier: member ? 'certified' : null,
        stratum: member ? null : `${stratum}|CN|2704|1|2026-01`,
        hours,
        n,
      });
    };
    cell(null, '61', 95, 10, 5);
    cell(null, '84', 50, 40, 50);
    cell('ttm_a', '61', 85, 20, 15);
    for (const b of [one, cells]) {
      const m = b.report('p', 'now').members[0]!;
      assert.equal(m.release_hours_p90, 20);
      assert.equal(m.baseline_release_hours_p90, 0);
      assert.equal(m.release_hours_mean, 3);
      assert.equal(m.baseline_release_hours_mean, 0.5);
    }
    // A member shipping half in each stratum: the mixture is 0 with weight ¾, 10 or 40 above it.
    const both = new BenefitReportBuilder(costs);
    for (const r of rows) both.add(r);
    both.add(facts('ttm_b', 'green', 0, '61'));
    both.add(facts('ttm_b', 'green', 0, '84'));
    const mb = both.report('p', 'now').members.find((x) => x.member === 'ttm_b')!;
    assert.equal(mb.baseline_release_hours_p90, 40);
    assert.equal(mb.release_hours_p90, 0);
  });

  it('gives the same report from parts merged as from one pass (property)', () => {
    const lanes = ['green', 'blue', 'yellow', 'red'] as const;
    const fact = fc.record({
      member: fc.constantFrom(null, null, 'ttm_a', 'ttm_b'),
      stratum: fc.constantFrom('61', '84', '95'),
      lane: fc.constantFrom(...lanes),
      cf: fc.constantFrom(...lanes),
      hours: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 200 }), fc.nat(200), (rows, cut) => {
        const costs = { examUsdCents: 50_000, holdHourUsdCents: 1000 };
        const one = new BenefitReportBuilder(costs);
        const parts = [new BenefitReportBuilder(costs), new BenefitReportBuilder(costs)];
        rows.forEach((r, i) => {
          const f = {
            ...facts(r.member, r.lane === 'red' ? 'red' : 'green', r.hours ?? 0, r.stratum),
            lane: r.lane,
            counterfactual: r.member ? r.cf : null,
            releaseHours: r.hours,
          };
          one.add(f);
          parts[i < cut ? 0 : 1]!.add(f);
        });
        const merged = new BenefitReportBuilder(costs);
        for (const p of parts) merged.merge(structuredClone(p.partial()));
        const a = one.report('p', 'now');
        const b = merged.report('p', 'now');
        assert.deepEqual(
          JSON.parse(
            JSON.stringify(b, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)),
          ),
          JSON.parse(
            JSON.stringify(a, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)),
          ),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('bands values and bounds Wilson intervals (property)', () => {
    assert.deepEqual([799, 800, 2500, 24_999, 250_000].map(valueBand), [0, 1, 2, 2, 4]);
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (k, extra) => {
        const n = k + extra;
        const [lo, hi] = wilson(k, n);
        return n === 0 || (lo <= k / n + 1e-12 && k / n <= hi + 1e-12 && lo >= 0 && hi <= 1);
      }),
    );
  });
});
