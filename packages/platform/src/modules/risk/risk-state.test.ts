import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../../main/store/open-store.js';
import { PG_URL, pgEnabled, tempSqliteUrl, uniqueSchema } from '../../testing/support.js';
import { KyselyRiskCounters } from './counters-db.js';
import { MemoryRiskState, SharedRiskState } from './risk-state.js';

const H = 3_600_000;

describe('risk state in this process', () => {
  it('counts parcels in a sliding window per key', () => {
    const s = new MemoryRiskState();
    assert.equal(s.parcel('a', 0, 24 * H), 1);
    assert.equal(s.parcel('a', 10 * H, 24 * H), 2);
    assert.equal(s.parcel('b', 11 * H, 24 * H), 1);
    assert.equal(s.parcel('a', 30 * H, 24 * H), 2, 'the first left the window');
  });

  it('evicts the least recently seen keys past the bound, never the whole window', () => {
    const s = new MemoryRiskState(1_000);
    for (let i = 0; i < 5_000; i++) s.parcel(`k${i}`, i, 24 * H);
    assert.equal(s.parcelKeys, 1_000);
    assert.equal(s.parcel('k4999', 5_000, 24 * H), 2, 'a recent key keeps its parcels');
    assert.equal(s.parcel('k0', 5_001, 24 * H), 1, 'the oldest went first');
  });

  it('drops expired keys as time moves on', () => {
    const s = new MemoryRiskState();
    for (let i = 0; i < 100; i++) s.parcel(`k${i}`, 0, H);
    s.parcel('late', 2 * H, H);
    assert.equal(s.parcelKeys, 1);
  });

  it('counts capacity per day up to the cap; forced units always count', () => {
    const s = new MemoryRiskState();
    const took = Array.from({ length: 5 }, () => s.take('2026-12-01|USLAX|red', 3, false));
    assert.deepEqual(took, [true, true, true, false, false]);
    assert.equal(s.take('2026-12-01|USLAX|red', 3, true), true);
    assert.equal(s.take('2026-12-02|USLAX|red', 3, false), true, 'a new day, a new count');
  });
});

function sharedCapacity(
  name: string,
  open: () => Promise<{ counters: KyselyRiskCounters; close(): Promise<void> }>,
) {
  describe(`risk capacity shared through the store: ${name}`, () => {
    it('holds a cap across processes (one unit on credit per process at most)', async () => {
      const { counters, close } = await open();
      try {
        const procs = [1, 2, 3].map(() => new SharedRiskState(counters, 4));
        const key = '2026-12-01|USNYC|red';
        let taken = 0;
        for (let round = 0; round < 40; round++) {
          for (const p of procs) if (p.take(key, 25, false)) taken++;
          if (round % 3 === 0) await Promise.all(procs.map((p) => p.sync()));
        }
        for (const p of procs) await p.stop();
        assert.ok(taken >= 25 - 3 * 4, `most of the cap used (${taken})`);
        assert.ok(taken <= 25 + procs.length, `at most one over per process (${taken})`);
        const stored = await counters.value('capacity', key, '2026-12-01');
        assert.ok(stored >= taken, `every unit used is counted (${stored} ≥ ${taken})`);
        assert.ok(stored <= 25 + procs.length);
      } finally {
        await close();
      }
    });

    it('counts the parcels of a seller and consignee split over processes, in a bounded window', async () => {
      const { counters, close } = await open();
      try {
        const [a, b] = [new SharedRiskState(counters, 4), new SharedRiskState(counters, 4)];
        const day = 86_400_000;
        const t0 = Date.parse('2026-12-01T08:00:00Z');
        const seen: number[] = [];
        // Six parcels of one key, alternately through two processes, each turn synced as the
        // background would between filings.
        for (let i = 0; i < 6; i++) {
          seen.push((i % 2 ? b : a).parcel('shop|jane|78701', t0 + i * 60_000, day));
          await Promise.all([a.sync(), b.sync()]);
        }
        // Each process counts its own at once and the others' as of its own previous parcel of
        // the key (read back by the turn after it): one parcel behind, never more than the window.
        assert.deepEqual(seen, [1, 1, 2, 3, 4, 5]);
        // A process alone would have seen at most 3 of them.
        assert.ok(Math.max(...seen) > 3);
        // Another key stays apart; a parcel a window later counts alone.
        assert.equal(a.parcel('other|x|1', t0, day), 1);
        assert.equal(b.parcel('shop|jane|78701', t0 + 2 * day, day), 1);
        await Promise.all([a.sync(), b.sync()]);
        const total = await counters.addAndSum(
          'parcels',
          [],
          [{ key: 'shop|jane|78701', from: '2026-12-01T00:00' }],
        );
        assert.equal(total.get('shop|jane|78701'), 1, 'the buckets out of the window are pruned');
        await a.stop();
        await b.stop();
      } finally {
        await close();
      }
    });

    it('counts forced units past the cap', async () => {
      const { counters, close } = await open();
      try {
        const p = new SharedRiskState(counters, 4);
        const key = '2026-12-01|USSEA|red';
        for (let i = 0; i < 3; i++) assert.equal(p.take(key, 1, true), true);
        await p.stop();
        assert.equal(await counters.value('capacity', key, '2026-12-01'), 3);
      } finally {
        await close();
      }
    });
  });
}

sharedCapacity('SQLite', async () => {
  const store = await openStore({ url: tempSqliteUrl() });
  return { counters: new KyselyRiskCounters(store.db, 'sqlite'), close: () => store.close() };
});

if (pgEnabled) {
  sharedCapacity('PostgreSQL', async () => {
    const schema = uniqueSchema();
    const store = await openStore({ url: PG_URL, schema });
    return {
      counters: new KyselyRiskCounters(store.db, 'postgres'),
      close: async () => {
        await store.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`);
        await c.end();
      },
    };
  });
}
