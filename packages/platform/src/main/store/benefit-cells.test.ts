/**
 * The benefit report's cells (ADR 0033) on SQLite and PostgreSQL: kept by the ledger's triggers
 * with every append and every outcome, they give the report over whole months exactly what a pass
 * over the decisions gives (checked against that pass for random ledgers), and migration 0020
 * counts a ledger stored before it as the triggers would have.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Lane } from '../../modules/risk/index.js';
import {
  BenefitReportBuilder,
  KyselyBenefitLedger,
  loadProgram,
} from '../../modules/trusted-trader/index.js';
import { BenefitService, wholeMonths } from '../../modules/trusted-trader/benefit-service.js';
import type { LedgerEntry, LedgerOutcome } from '../../modules/trusted-trader/repository.js';
import { ALL_FOLDED, countBenefitCells } from '../../platform/db/migrations-counts.js';
import { silentLogger } from '../../kernel/ports.js';
import { foldBenefitLedger } from '../background.js';
import type { Container } from '../container.js';
import { tempSqliteUrl, until } from '../../testing/support.js';
import { openStore } from './open-store.js';
import { spawnSync } from 'node:child_process';
import { testStores } from '../../testing/stores.js';
import type { KyselyStore } from './kysely-store.js';

const LANES: readonly Lane[] = ['green', 'blue', 'yellow', 'red'];
const clock = { now: () => '2031-12-31T00:00:00.000Z' };
const program = loadProgram();

/** A decision of a small world: 3 members in 2 tiers and non-members, 2 × 2 × 2 × 2 strata, 3 months. */
const decision = fc.record({
  member: fc.constantFrom(null, null, 'ttm_a', 'ttm_b', 'ttm_c'),
  month: fc.constantFrom('01', '02', '03'),
  chapter: fc.constantFrom('61', '84'),
  origin: fc.constantFrom('CN', 'VN'),
  port: fc.constantFrom('2704', '1001'),
  band: fc.constantFrom(0, 2),
  lane: fc.constantFrom(...LANES),
  counterfactual: fc.constantFrom(...LANES),
  // Hours in quarters: sums of them are exact in any order, as the pass and the cells add them.
  hours: fc.integer({ min: 1, max: 400 }).map((q) => q / 4),
});

type Decision = typeof decision extends fc.Arbitrary<infer T> ? T : never;

/** A member's tier in a month: ttm_b moves from certified to validated in February. */
const tierOf = (member: string, month: string) =>
  member === 'ttm_a' || (member === 'ttm_b' && month === '01') ? 'certified' : 'validated';

function entry(i: number, d: Decision): LedgerEntry {
  const held = d.lane === 'yellow' || d.lane === 'red';
  return {
    shipmentId: `shp_bc${i}`,
    revision: 1,
    tenant: 'acme',
    decidedAt: `2031-${d.month}-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`,
    releasedAt: held ? null : `2031-${d.month}-01T10:00:00.000Z`,
    member: d.member,
    tier: d.member ? tierOf(d.member, d.month) : null,
    period: `2031-${d.month}`,
    chapter: d.chapter,
    origin: d.origin,
    port: d.port,
    band: d.band,
    lane: d.lane,
    counterfactual: d.member ? d.counterfactual : null,
    exam: d.lane === 'red',
    held,
    releaseHours: held ? null : 0,
  };
}

async function compare(service: BenefitService, months: { from?: string; to?: string }) {
  const cells = await service.report(months);
  // The same decisions through the pass: bounds a minute before each month start (no decision
  // is decided in the last minute of a month here), which are not whole months.
  const minuteBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - 60_000).toISOString();
  assert.equal(wholeMonths({ from: minuteBefore('2031-02-01') }), null);
  const pass = await service.report({
    from: months.from ? minuteBefore(months.from) : '2000-01-01T00:00:01Z',
    ...(months.to ? { to: minuteBefore(months.to) } : {}),
  });
  assertSameReport(cells, pass);
}

/**
 * Two reports the same but for summation order: every text, count and interval of counts
 * equal; a figure rounded to 4 decimals within one unit of its last place, one rounded to 2
 * (hours, dollars) within one unit of its. The two ways add the same numbers in other orders, so
 * a sum may round the other way at the last place.
 */
function assertSameReport(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const counts = /(shipments|released|avoided|decisions|strata|holds_avoided_ci\.\d)$/.test(path);
    const unit = counts ? 0 : /hours|usd/.test(path) ? 0.01 : 0.0001;
    assert.ok(Math.abs(a - b) <= unit * 1.0001, `${path}: ${a} against ${b}`);
    return;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    assert.equal(a, b, path);
    return;
  }
  assert.deepEqual(Object.keys(a), Object.keys(b), path);
  for (const k of Object.keys(a))
    assertSameReport((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

/** Entries in the order they are decided, as the ledger receives them. */
const inOrder = (ds: readonly Decision[]) =>
  ds.map((d, i) => entry(i, d)).sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));

/** Cells and hours as text, sorted (PostgreSQL's bigint sums come as text). */
async function cellsOf(store: KyselyStore) {
  const cells = await store.db.selectFrom('benefit_cells').selectAll().where('n', '>', 0).execute();
  const hours = await store.db.selectFrom('benefit_hours').selectAll().where('n', '>', 0).execute();
  return [
    ...cells.map(
      (c) =>
        `${c.period}|${c.member}|${c.tier}|${c.chapter}|${c.origin}|${c.port}|${c.band}=` +
        [c.n, c.exams, c.holds, c.exams_avoided, c.holds_avoided, c.released, c.hours_sum, c.hours_sum2]
          .map(Number)
          .join('/'),
    ),
    ...hours.map(
      (h) =>
        `${h.period}|${h.member}|${h.tier}|${h.chapter}|${h.origin}|${h.port}|${h.band}@${Number(h.hours)}=${Number(h.n)}`,
    ),
  ].sort();
}

for (const [name, open] of testStores()) {
  describe(`benefit cells: ${name}`, () => {
    it('give the report over whole months what a pass over the decisions gives: appends, outcomes, folds between', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(decision, { minLength: 1, maxLength: 60 }),
          fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 400 })), {
            maxLength: 20,
          }),
          // How many entries each fold takes (0: none), after each of the three writes.
          fc.tuple(fc.nat(40), fc.nat(40), fc.nat(80)),
          async (ds, outs, folds) => {
            const store = await open();
            try {
              const entries = inOrder(ds);
              const fold = (limit: number) => (limit > 0 ? store.ledger.fold(limit) : 0);
              // Appended in two writes, an entry appended twice counted once.
              await store.ledger.append(entries.slice(0, Math.ceil(entries.length / 2)));
              await fold(folds[0]);
              await store.ledger.append(entries.slice(Math.floor(entries.length / 2)));
              await fold(folds[1]);
              // Officers' outcomes: exams, holds, releases some hours after the decision.
              const outcomes: LedgerOutcome[] = outs.map(([k, exam, held, q]) => {
                const e = entries[k % entries.length]!;
                return {
                  shipmentId: e.shipmentId,
                  ...(exam ? { exam } : {}),
                  ...(held ? { held } : {}),
                  releasedAt: new Date(Date.parse(e.decidedAt) + q * 900_000).toISOString(),
                };
              });
              await store.ledger.outcomes(outcomes);
              await fold(folds[2]);
              const service = new BenefitService(store, program, clock);
              await compare(service, {});
              await compare(service, { from: '2031-02-01' });
              await compare(service, { from: '2031-01-01', to: '2031-03-01' });
              await compare(service, { to: '2031-02-01' });
            } finally {
              await store.close();
            }
          },
        ),
        { numRuns: name === 'SQLite' ? 40 : 12 },
      );
    });

    it('are what a count of the whole ledger gives, folded or kept by triggers; read in pages alike', async () => {
      const store = await open();
      try {
        const ds = fc.sample(decision, { numRuns: 80, seed: 7 });
        const entries = inOrder(ds);
        await store.ledger.append(entries.slice(0, 50));
        // SQLite folds in steps (outcomes then land on folded and unfolded entries alike);
        // PostgreSQL's triggers leave nothing to fold.
        const folded = await store.ledger.fold(30);
        assert.equal(folded, name === 'SQLite' ? 30 : 0);
        await store.ledger.append(entries.slice(50));
        await store.ledger.outcomes(
          entries
            .filter((e) => e.held)
            .map((e) => ({ shipmentId: e.shipmentId, releasedAt: '2031-04-02T00:00:00.000Z' })),
        );
        while ((await store.ledger.fold(7)) > 0);
        assert.equal(await store.ledger.fold(1_000), 0);
        const kept = await cellsOf(store);
        assert.ok(kept.length > 10);
        // The portable read (PostgreSQL's) pages by key: pages of 3 read what one read does.
        const read = async (pageSize?: number) => {
          const seen: string[] = [];
          const n = await new KyselyBenefitLedger(store.db).cells(
            { from: '2031-02' },
            {
              cell: (c) => seen.push(`${c.member}|${c.tier}|${c.stratum}|${c.n}|${c.released}|${c.hoursSum}`),
              hours: (h) => seen.push(`${h.member}|${h.tier}|${h.stratum}@${h.hours}=${h.n}`),
              entry: (r) => seen.push(`entry ${r.member}|${r.period}`),
            },
            pageSize,
          );
          return { n, seen };
        };
        const whole = await read();
        assert.ok(whole.n > 6 && whole.seen.length > whole.n, `${whole.n} cells`);
        assert.ok(!whole.seen.some((x) => x.startsWith('entry')), 'everything is folded');
        assert.deepEqual(await read(3), whole);
        // Counted again from the whole ledger in one statement, as migration 0020 does.
        await sql`delete from benefit_cells`.execute(store.db);
        await sql`delete from benefit_hours`.execute(store.db);
        assert.deepEqual(await cellsOf(store), []);
        await countBenefitCells(store.db);
        assert.deepEqual(await cellsOf(store), kept);
      } finally {
        await store.close();
      }
    });

    it('are folded by the background work of serve until none is left (SQLite), and kept by triggers (PostgreSQL)', async () => {
      const store = await open();
      const fold = foldBenefitLedger({ store } as unknown as Container, silentLogger, 5);
      try {
        const entries = inOrder(fc.sample(decision, { numRuns: 30, seed: 11 }));
        await store.ledger.append(entries.slice(0, 20));
        await store.ledger.append(entries.slice(20));
        const head = await store.ledger.lastSeq();
        const upto = async () =>
          Number((await store.db.selectFrom('benefit_folded').select('upto').executeTakeFirstOrThrow()).upto);
        await until('the ledger folded', async () => (await upto()) >= head);
        assert.equal(await upto(), name === 'SQLite' ? head : ALL_FOLDED);
        const n = (await cellsOf(store)).length;
        assert.ok(n > 5, `${n} cells and hours`);
      } finally {
        await fold.stop();
        await store.close();
      }
    });
  });
}

describe('benefit cells: a fold by another process while the report reads (SQLite)', () => {
  it('is seen by all of the report’s reads or by none: nothing lost, nothing counted twice', async () => {
    const url = tempSqliteUrl();
    const store = await openStore({ url });
    try {
      const entries = inOrder(fc.sample(decision, { numRuns: 120, seed: 5 }));
      await store.ledger.append(entries);
      assert.equal(await store.ledger.fold(40), 40);
      // Held goods released after some hours, folded and not yet folded alike.
      const released = entries.filter((e) => e.held);
      assert.ok(released.length > 10);
      await store.ledger.outcomes(
        released.map((e, i) => ({
          shipmentId: e.shipmentId,
          releasedAt: new Date(Date.parse(e.decidedAt) + (1 + i) * 3_600_000).toISOString(),
        })),
      );
      const service = new BenefitService(store, program, clock);
      const expected = await service.report({ from: '2000-01-01T00:00:01Z' });
      // The first cell read starts another process that folds everything left, and waits for it.
      const folder = `import { openStore } from ${JSON.stringify(new URL('./open-store.js', import.meta.url).href)};
        const s = await openStore({ url: ${JSON.stringify(url)} });
        while ((await s.ledger.fold(1000)) > 0);
        await s.close();`;
      let folded = false;
      const b = new BenefitReportBuilder({
        examUsdCents: program.program.costs.exam_usd_cents,
        holdHourUsdCents: program.program.costs.hold_hour_usd_cents,
      });
      await store.ledger.cells(
        {},
        {
          cell: (c) => {
            if (!folded) {
              const r = spawnSync(process.execPath, ['--input-type=module', '-e', folder], {
                encoding: 'utf8',
              });
              assert.equal(r.status, 0, r.stderr);
              folded = true;
            }
            b.addCell(c);
          },
          hours: (h) => b.addHours(h),
          entry: (r) => b.add(r),
        },
      );
      assert.ok(folded);
      assertSameReport(b.report(program.program.version, clock.now()), expected);
      // The other process's fold is there for the next report.
      assert.equal(await store.ledger.fold(1000), 0);
      assertSameReport(await service.report(), expected);
    } finally {
      await store.close();
    }
  });
});
