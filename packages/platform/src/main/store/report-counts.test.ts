/**
 * The report counters (ADR 0029) on SQLite and PostgreSQL: the stages' counters and the rule
 * counters kept by every write (batches, idempotent replays not counted, officers' exam results,
 * document uploads), and migration 0019's backlog, which the recount turns into the same counters
 * as the writes would have kept — however it is paged, and with filings written meanwhile.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { StageCountOf } from '../../kernel/stage.js';
import { newShipmentRow, type StoredShipment } from '../../modules/filing/index.js';
import type { DecisionRecord } from '../../modules/risk/index.js';
import { reportCounts } from '../../platform/db/migrations-counts.js';
import { testStores } from '../../testing/stores.js';
import type { KyselyStore } from './kysely-store.js';
import { decisionRecord, shipmentRow } from '../../testing/store-rows.js';

const selecting = (rules: string[], random = false): DecisionRecord =>
  decisionRecord(rules.length > 0 || random ? 'red' : 'green', {
    rules: rules.map((id) => ({ id, lane: 'red' as const, description: id })),
    random: { selected: random, draw: 0.001, rate: 0.01 },
  });

/** What the test's filings add to the 'pga' stage: one filing, and FDA obligations by reference. */
const countsOf = (s: StoredShipment): StageCountOf[] => [
  { stage: 'pga', key: 'filings', n: 1 },
  { stage: 'pga', key: 'FDA:obligations', n: s.reference.length },
  ...(s.status === 'accepted' ? [{ stage: 'pga', key: 'FDA:electronic', n: 1 }] : []),
];

const rowOf = (s: StoredShipment) =>
  newShipmentRow(
    s,
    { json: JSON.stringify(s.versions), key: `vs_${s.versions.length}` },
    undefined,
    countsOf(s),
  );

/** The i-th filing of the test's traffic (the same in every store it is written to). */
function filing(
  i: number,
  tenant: string,
  day: string,
  decision: DecisionRecord | null,
  key?: string,
): StoredShipment {
  return shipmentRow({
    id: `shp_rc${i}`,
    tenant,
    reference: 'R'.repeat(1 + (i % 3)),
    createdAt: `${day}T0${i}:00:00.000Z`,
    status: decision ? 'accepted' : 'rejected',
    ...(decision ? { decision } : {}),
    ...(key ? { idempotencyKey: key, requestHash: 'h' } : {}),
  });
}

/** An officer's action on a filing's automated decision, as OfficerService records it. */
async function act(store: KyselyStore, s: StoredShipment, action: Record<string, unknown>, at: string) {
  const links = await store.decisions.forShipment(s.id);
  const decision = links.find((l) => !(JSON.parse(l.record) as { action?: unknown }).action)!;
  await store.decisions.append([
    {
      shipmentId: s.id,
      revision: 1,
      tenant: s.tenant,
      lane: decision.lane,
      score: decision.score,
      record: JSON.stringify({ action: { ...action, officer: 'k', at }, decision_seq: decision.seq }),
      createdAt: at,
    },
  ]);
}

/** Every counter, as comparable text (numbers as numbers: PostgreSQL's bigint sums come as text). */
async function counters(store: KyselyStore) {
  const stages = await store.db.selectFrom('stage_counts').selectAll().execute();
  const rules = await store.db.selectFrom('rule_counts').selectAll().execute();
  return {
    stages: stages.map((r) => `${r.stage}|${r.tenant}|${r.day}|${r.key}=${Number(r.n)}`).sort(),
    rules: rules
      .map((r) => `${r.day}|${r.rule}=${Number(r.selected)}/${Number(r.exams)}/${Number(r.found)}`)
      .sort(),
  };
}

/** Filings over two days and tenants, a replayed key, exams, a release and documents. */
async function traffic(store: KyselyStore): Promise<StoredShipment[]> {
  const key = 'idem-rc';
  const a = filing(1, 'acme', '2031-05-01', selecting(['R1', 'R2']), key);
  const b = filing(2, 'acme', '2031-05-01', selecting(['R1'], true));
  const c = filing(3, 'globex', '2031-05-02', selecting([]));
  const d = filing(4, 'globex', '2031-05-02', null);
  const e = filing(5, 'acme', '2031-05-02', selecting(['R2']));
  await store.shipments.insertMany([a, b, c].map(rowOf));
  // The replay of a's key is refused: neither it nor its decision is counted.
  const replay = filing(6, 'acme', '2031-05-01', selecting(['R1']), key);
  assert.deepEqual(await store.shipments.insertMany([replay, d, e].map(rowOf)), [false, true, true]);
  await act(store, a, { type: 'exam_result', found: true }, '2031-05-03T09:00:00.000Z');
  await act(store, b, { type: 'exam_result', found: false }, '2031-05-03T10:00:00.000Z');
  await act(store, e, { type: 'exam_result', found: true }, '2031-05-04T10:00:00.000Z');
  await act(store, c, { type: 'exam_result', found: true }, '2031-05-04T11:00:00.000Z');
  await act(store, a, { type: 'release' }, '2031-05-04T12:00:00.000Z');
  const doc = (s: StoredShipment, agency: string | null, i: number) =>
    store.documents.add(
      {
        id: `doc_rc${i}`,
        tenant: s.tenant,
        shipmentId: s.id,
        lineIndex: null,
        agency,
        docType: 'permit',
        mediaType: 'application/pdf',
        filename: 'p.pdf',
        sha256: 'a'.repeat(64),
        size: 1,
        createdAt: '2031-06-01T00:00:00.000Z',
      },
      s.createdAt,
    );
  await doc(a, 'FDA', 1);
  await doc(a, 'FDA', 2);
  await doc(c, null, 3);
  return [a, b, c, d, e];
}

for (const [name, open] of testStores()) {
  describe(`report counters: ${name}`, () => {
    it('are kept by every write: filings, decisions, exam results and documents', async () => {
      const store = await open();
      try {
        await traffic(store);
        const sum = (rows: { key: string; n: number }[]) => rows.map((r) => `${r.key}=${r.n}`).sort();
        const pga = (tenant: string | null, from: string | null, to: string | null) =>
          store.shipments.stageCounts('pga', tenant, from, to).then(sum);
        // Every tenant: five filings (the replay refused); one day; a tenant; a day of a tenant.
        assert.deepEqual(await pga(null, null, null), [
          'FDA:electronic=4',
          'FDA:obligations=11',
          'filings=5',
        ]);
        assert.deepEqual(await pga(null, '2031-05-01', '2031-05-02'), [
          'FDA:electronic=2',
          'FDA:obligations=5',
          'filings=2',
        ]);
        assert.deepEqual(await pga('globex', null, null), [
          'FDA:electronic=1',
          'FDA:obligations=3',
          'filings=2',
        ]);
        assert.deepEqual(await pga('acme', '2031-05-02', null), [
          'FDA:electronic=1',
          'FDA:obligations=3',
          'filings=1',
        ]);
        assert.deepEqual(await pga('nobody', null, null), []);
        assert.deepEqual(await store.shipments.stageCounts('documents', 'acme', null, null).then(sum), [
          'FDA=2',
        ]);
        assert.deepEqual(await store.shipments.stageCounts('documents', null, '2031-05-02', null).then(sum), [
          '=1',
        ]);
        // R1 selected a and b; R2 a and e; RANDOM b. Exams: a (R1, R2: found), b (R1, RANDOM: not),
        // e (R2: found), c (selected by nothing: counts nowhere). The release is no exam.
        assert.deepEqual(
          await store.decisions.ruleCounts().then((r) => r.sort((x, y) => x.rule.localeCompare(y.rule))),
          [
            { rule: 'R1', selected: 2, exams: 2, found: 1 },
            { rule: 'R2', selected: 2, exams: 2, found: 2 },
            { rule: 'RANDOM', selected: 1, exams: 1, found: 0 },
          ],
        );
        // By day: selections on the filings' days (05-01, 05-02), exams on the results' (05-03, 05-04).
        const rulesOn = (from: string | null, to: string | null) =>
          store.decisions
            .ruleCounts(from, to)
            .then((r) => r.map((x) => `${x.rule}=${x.selected}/${x.exams}/${x.found}`).sort());
        assert.deepEqual(await rulesOn('2031-05-01', '2031-05-02'), ['R1=2/0/0', 'R2=1/0/0', 'RANDOM=1/0/0']);
        assert.deepEqual(await rulesOn(null, '2031-05-03'), ['R1=2/0/0', 'R2=2/0/0', 'RANDOM=1/0/0']);
        assert.deepEqual(await rulesOn('2031-05-03', null), ['R1=0/2/1', 'R2=0/2/2', 'RANDOM=0/1/0']);
        assert.deepEqual(await rulesOn('2031-05-04', '2031-05-05'), ['R2=0/1/1']);
        assert.deepEqual(await rulesOn('2031-05-05', null), []);
        assert.equal(await store.decisions.ruleBacklog(), 0);
        assert.equal(await store.shipments.backlogLeft(100), 0);
      } finally {
        await store.close();
      }
    });

    it('migration 0019 leaves a backlog the recount turns into the counters the writes keep', async () => {
      const store = await open();
      try {
        const filed = await traffic(store);
        const kept = await counters(store);
        const head = await store.decisions.head();
        // As an upgrade finds a store: the rows, but no counters.
        for (const t of ['stage_counts', 'rule_counts', 'count_backlog', 'rule_backlog'])
          await sql`drop table ${sql.table(t)}`.execute(store.db);
        await reportCounts(store.dialect).up(store.db as unknown as Kysely<unknown>);
        assert.equal(await store.shipments.backlogLeft(100), 5);
        assert.equal(await store.decisions.ruleBacklog(), head.seq);
        // The documents already uploaded are counted by the migration itself.
        assert.deepEqual(
          (await counters(store)).stages,
          kept.stages.filter((s) => s.startsWith('documents|')),
        );
        // Filed and examined after the upgrade, during the recount: counted by the writes alone.
        const late = async (into: KyselyStore) => {
          await into.shipments.insertMany([filing(7, 'acme', '2031-05-02', selecting(['R1']))].map(rowOf));
          await act(into, filed[0]!, { type: 'exam_result', found: false }, '2031-05-05T09:00:00.000Z');
        };
        await late(store);
        // Pages of 2 filings (each counted once, though offered twice) and of 3 links.
        const byId = new Map(filed.map((s) => [s.id, s]));
        for (;;) {
          const page = await store.shipments.backlog(2);
          if (page.length === 0) break;
          assert.ok(
            page.every((f) => byId.has(f.id)),
            'only what was stored before the migration',
          );
          const recounted = page.map((f) => ({ ...f, counts: countsOf(byId.get(f.id)!) }));
          await store.shipments.recounted(recounted);
          await store.shipments.recounted(recounted);
        }
        while ((await store.decisions.recountRules(3)) > 0);
        assert.equal(await store.decisions.recountRules(3), 0);
        assert.equal(await store.shipments.backlogLeft(100), 0);
        assert.equal(await store.decisions.ruleBacklog(), 0);
        // The same writes into a store that always had the counters.
        const always = await open();
        try {
          await traffic(always);
          await late(always);
          const expected = await counters(always);
          assert.deepEqual(await counters(store), expected);
          assert.notDeepEqual(expected, kept, 'the late filing and exam count');
          assert.ok(expected.rules.includes('2031-05-05|R1=0/1/0'), expected.rules.join());
        } finally {
          await always.close();
        }
      } finally {
        await store.close();
      }
    });
  });
}
