/**
 * The bus contract: the memory bus and the NATS JetStream bus pass these same tests. A factory
 * opens two buses on one broker, as two processes would (the memory bus: one bus, both names).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { until } from '../../testing/support.js';
import { DEAD_LETTER_TOPIC, type Bus, type DeadLetter, type Delivered } from './bus.js';

export interface BusPair {
  readonly a: Bus;
  readonly b: Bus;
  close(): Promise<void>;
}

let n = 0;
const topic = (label: string) => `t${(n++).toString(36)}.${label}`;

export function busContract(name: string, open: () => Promise<BusPair>): void {
  describe(`bus contract: ${name}`, () => {
    let pair: BusPair;
    before(async () => {
      pair = await open();
    });
    after(async () => {
      await pair.close();
    });

    it('gives each message of a group to one member, across processes, none lost', async () => {
      const t = topic('work');
      const seen = new Map<string, number>();
      const onA: string[] = [];
      const onB: string[] = [];
      const record = (into: string[]) => async (m: Delivered) => {
        into.push(m.id);
        seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
      };
      await pair.a.subscribe(t, record(onA), { group: 'g' });
      await pair.b.subscribe(t, record(onB), { group: 'g' });
      const msgs = Array.from({ length: 400 }, (_, i) => ({
        topic: t,
        key: `k${i}`,
        id: `m${i}`,
        payload: { i },
      }));
      await Promise.all([pair.a.publish(msgs.slice(0, 200)), pair.b.publish(msgs.slice(200))]);
      await until('every message handled', () => seen.size === 400);
      assert.ok(
        [...seen.values()].every((c) => c === 1),
        'each message handled once',
      );
      assert.equal(onA.length + onB.length, 400);
      await until('nothing pending', async () => (await pair.a.pending(t, 'g')) === 0);
    });

    it('gives every message to every group, with its key and payload', async () => {
      const t = topic('fan');
      const got: Record<string, Delivered[]> = { x: [], y: [] };
      await pair.a.subscribe(t, async (m) => void got.x!.push(m), { group: 'x' });
      await pair.b.subscribe(t, async (m) => void got.y!.push(m), { group: 'y' });
      await pair.a.publish([
        { topic: t, key: 'shp_1+0', id: 'e1', payload: { shipments: [{ id: 'shp_1', revision: 1 }] } },
        { topic: t, key: 'shp_2+0', id: 'e2', payload: { note: 'Ünïcode ✓ 新疆' } },
      ]);
      await until('both groups hear both', () => got.x!.length === 2 && got.y!.length === 2);
      for (const list of Object.values(got)) {
        const byId = new Map(list.map((m) => [m.id, m]));
        assert.deepEqual(byId.get('e1')?.payload, { shipments: [{ id: 'shp_1', revision: 1 }] });
        assert.equal(byId.get('e2')?.key, 'shp_2+0');
        assert.deepEqual(byId.get('e2')?.payload, { note: 'Ünïcode ✓ 新疆' });
        assert.equal(byId.get('e1')?.deliveries, 1);
      }
    });

    it('stores a message published twice with one id once (a relay that retried)', async () => {
      const t = topic('dedup');
      const got: string[] = [];
      await pair.a.subscribe(t, async (m) => void got.push(m.id), { group: 'g' });
      const m = { topic: t, key: 'k', id: 'outbox-17', payload: 1 };
      await pair.a.publish([m]);
      await pair.b.publish([m]);
      await pair.a.publish([{ ...m, id: 'outbox-18' }]);
      await until('the second id handled', () => got.includes('outbox-18'));
      assert.deepEqual(got.sort(), ['outbox-17', 'outbox-18']);
    });

    it('live subscribers in every process each hear every message once', async () => {
      const t = topic('live');
      const a: unknown[] = [];
      const b: unknown[] = [];
      await pair.a.subscribe(t, async (m) => void a.push(m.payload));
      await pair.b.subscribe(t, async (m) => void b.push(m.payload));
      await pair.a.publish([1, 2, 3].map((i) => ({ topic: t, key: 'k', id: `l${i}`, payload: i })));
      await until('both hear three', () => a.length === 3 && b.length === 3);
      assert.deepEqual(a, [1, 2, 3]);
      assert.deepEqual(b, [1, 2, 3]);
    });

    it('delivers again after a handler fails, counting the deliveries', async () => {
      const t = topic('retry');
      const deliveries: number[] = [];
      await pair.a.subscribe(
        t,
        async (m) => {
          deliveries.push(m.deliveries);
          if (m.deliveries < 3) throw new Error('endpoint down');
        },
        { group: 'g' },
      );
      const before = pair.a.stats.redelivered;
      await pair.b.publish([{ topic: t, key: 'k', id: 'r1', payload: null }]);
      await until('the third delivery', () => deliveries.length === 3);
      assert.deepEqual(deliveries, [1, 2, 3]);
      assert.equal(pair.a.stats.redelivered - before, 2);
      await until('acknowledged', async () => (await pair.a.pending(t, 'g')) === 0);
    });

    it('dead-letters a message after maxDeliver (3) failed deliveries, with the error', async () => {
      const t = topic('poison');
      const dead: DeadLetter[] = [];
      await pair.b.subscribe(DEAD_LETTER_TOPIC, async (m) => void dead.push(m.payload as DeadLetter), {
        group: `dlq-${t}`,
      });
      let tries = 0;
      await pair.a.subscribe(
        t,
        async () => {
          tries++;
          throw new Error('cannot parse');
        },
        { group: 'g' },
      );
      await pair.a.publish([{ topic: t, key: 'shp_9+0', id: 'p1', payload: { bad: true } }]);
      await until('a dead letter', () => dead.some((d) => d.topic === t));
      const d = dead.find((x) => x.topic === t)!;
      assert.equal(d.id, 'p1');
      assert.equal(d.group, 'g');
      assert.equal(d.key, 'shp_9+0');
      assert.equal(d.deliveries, 3);
      assert.match(d.error, /cannot parse/);
      assert.deepEqual(d.payload, { bad: true });
      assert.equal(tries, 3);
      await until('nothing pending', async () => (await pair.a.pending(t, 'g')) === 0);
    });
  });
}
