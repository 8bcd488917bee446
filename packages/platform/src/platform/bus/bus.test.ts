import assert from 'node:assert/strict';
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
  describe('NATS JetStream bus: a consumer that stops answering', () => {
    it('has its unacknowledged message handed to another member after the ack wait', async () => {
      const prefix = uniquePrefix('tlbus');
      const opts = { ...fast, prefix, ackWaitMs: 400 };
      const a = (await openBus(NATS_URL, opts)) as NatsBus;
      const b = (await openBus(NATS_URL, opts)) as NatsBus;
      let release = () => undefined as void;
      const stuck = new Promise<void>((r) => (release = r));
      const onA: number[] = [];
      const onB: number[] = [];
      try {
        await a.subscribe(
          'work.x',
          async (m) => {
            onA.push(m.deliveries);
            await stuck; // a process frozen mid-message (as under kill -STOP)
          },
          { group: 'w' },
        );
        await a.publish([{ topic: 'work.x', key: 'k', id: 'only', payload: 1 }]);
        await until('a holds it', () => onA.length === 1);
        await b.subscribe('work.x', async (m) => void onB.push(m.deliveries), { group: 'w' });
        await until('b gets it after the ack wait', () => onB.length === 1);
        assert.ok(onB[0]! >= 2, `a redelivery (${onB[0]})`);
      } finally {
        release();
        await a.destroy();
        await a.close();
        await b.close();
      }
    });
  });
}
