import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { busContract } from './bus.contract.js';
import { MemoryBus } from './memory-bus.js';
import { openBus } from './open-bus.js';
import type { NatsBus } from './nats-bus.js';
import { NATS_URL, natsEnabled, uniquePrefix, until } from '../../testing/support.js';

const fast = { maxDeliver: 3, backoffMs: () => 30 };

busContract('memory', async () => {
  const bus = new MemoryBus(fast);
  return { a: bus, b: bus, close: () => bus.close() };
});

if (natsEnabled) {
  busContract('NATS JetStream', async () => {
    const prefix = uniquePrefix('tlbus');
    const a = (await openBus(NATS_URL, { ...fast, prefix })) as NatsBus;
    const b = (await openBus(NATS_URL, { ...fast, prefix })) as NatsBus;
    return {
      a,
      b,
      close: async () => {
        await a.destroy();
        await a.close();
        await b.close();
      },
    };
  });
}

if (natsEnabled) {
  describe('NATS JetStream bus: consumers that are slow or die', () => {
    const HOLDER = fileURLToPath(new URL('../../testing/bus-holder.js', import.meta.url));

    it('loses nothing when a slow member dies (kill -9) with messages it took long before', async () => {
      // The fault run's defect (docs/operations.md): a worker took messages far ahead of its slow
      // handler; they waited there past the ack wait, were delivered again and again until the
      // server's delivery bound gave up on them, and the worker died before handling them.
      const prefix = uniquePrefix('tlbus');
      const ackWaitMs = 300;
      const b = (await openBus(NATS_URL, { ...fast, prefix, ackWaitMs })) as NatsBus;
      const args = [HOLDER, NATS_URL, prefix, String(ackWaitMs), '2', '250'];
      const holder = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      holder.stdout.on('data', (d: Buffer) => void (out += d.toString()));
      const exited = new Promise((r) => holder.once('exit', r));
      const lines = (word: string) =>
        out.split('\n').flatMap((l) => (l.startsWith(`${word} `) ? [l.split(' ')[1]!] : []));
      const onB = new Map<string, number>();
      try {
        await until('the holder subscribed', () => out.includes('subscribed'), 30_000);
        const ids = Array.from({ length: 20 }, (_, i) => `m${i}`);
        await b.publish(ids.map((id) => ({ topic: 'work.x', key: 'k', id, payload: id })));
        // Killed once it has handled six (1.5 s: five ack waits, more deliveries than any bound).
        await until('the holder handled six', () => lines('done').length >= 6, 30_000);
        holder.kill('SIGKILL');
        await exited;
        const done = new Set(lines('done'));
        await b.subscribe('work.x', async (m) => void onB.set(m.id, m.deliveries), { group: 'w' });
        await until(
          'every message the holder did not finish handled by another member',
          () => ids.every((id) => done.has(id) || onB.has(id)),
          20_000,
        );
        // Nothing burnt its deliveries waiting in the holder: each one taken by it once at most.
        const worn = [...onB].filter(([, n]) => n > 2);
        assert.deepEqual(worn, [], 'messages delivered again and again while the holder lived');
        assert.equal(b.stats.deadLettered, 0);
      } finally {
        holder.kill('SIGKILL');
        await b.destroy();
        await b.close();
      }
    });

    it('keeps a message with a live member whose handler outlasts the ack wait', async () => {
      const prefix = uniquePrefix('tlbus');
      const opts = { ...fast, prefix, ackWaitMs: 300 };
      const a = (await openBus(NATS_URL, opts)) as NatsBus;
      const b = (await openBus(NATS_URL, opts)) as NatsBus;
      let release = () => undefined as void;
      const slow = new Promise<void>((r) => (release = r));
      const onA: number[] = [];
      const onB: number[] = [];
      try {
        await a.subscribe(
          'work.x',
          async (m) => {
            onA.push(m.deliveries);
            await slow;
          },
          { group: 'w' },
        );
        await b.subscribe(
          'work.x',
          async (m) => {
            onB.push(m.deliveries);
            await slow;
          },
          { group: 'w' },
        );
        await a.publish([{ topic: 'work.x', key: 'k', id: 'only', payload: 1 }]);
        await until('a member holds it', () => onA.length + onB.length === 1);
        await new Promise((r) => setTimeout(r, 6 * opts.ackWaitMs)); // six ack waits in the handler
        release();
        await until('acknowledged', async () => (await a.pending('work.x', 'w')) === 0);
        assert.deepEqual([...onA, ...onB], [1], 'handled once, never redelivered');
      } finally {
        release();
        await a.destroy();
        await a.close();
        await b.close();
      }
    });
  });
}
