/**
 * A slow bus member in a process of its own, for the tests of consumers that die (bus.test.ts): it
 * joins group `w` of topic `work.x` and spends `handler ms` on each message, printing
 * `took <id> <deliveries>` when its handler starts and `done <id>` when it ends, until the test
 * kills it with SIGKILL.
 *   node bus-holder.js <nats url> <prefix> <ack wait ms> <max deliver> <handler ms>
 */
import { openBus } from '../platform/bus/open-bus.js';

const [url, prefix, ackWaitMs, maxDeliver, handlerMs] = process.argv.slice(2);
const bus = await openBus(url, { prefix, ackWaitMs: Number(ackWaitMs), maxDeliver: Number(maxDeliver) });
await bus.subscribe(
  'work.x',
  async (m) => {
    process.stdout.write(`took ${m.id} ${m.deliveries}\n`);
    await new Promise((r) => setTimeout(r, Number(handlerMs)));
    process.stdout.write(`done ${m.id}\n`);
  },
  { group: 'w' },
);
process.stdout.write('subscribed\n');
