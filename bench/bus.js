// The bus: messages/s from publish to handled by a consumer group, on the memory bus (baseline)
// and on NATS JetStream (a stream of its own, removed after) in the same run. Each message is a
// `shipment.filed` event of one filing; published in batches of 500 as the outbox relay does.
// Also the outbox lag's p99 on NATS: from publish to handled. BENCH_N (messages), BENCH_NATS_URL.
import { openBus } from '../packages/platform/dist/platform/bus/open-bus.js';
import { report } from './lib.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

const payload = (i) => ({
  shipments: [
    {
      id: `shp_${i}`,
      tenant: 'bench',
      reference: `REF-${i}`,
      revision: 1,
      status: 'accepted',
      lane: 'green',
    },
  ],
});

async function run(bus) {
  const lags = [];
  const sent = new Map();
  let handled = 0;
  let done;
  const all = new Promise((r) => (done = r));
  await bus.subscribe(
    'shipment.filed',
    async (m) => {
      lags.push(performance.now() - sent.get(m.id));
      if (++handled === N) done();
    },
    { group: 'bench' },
  );
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 500); j++) {
      sent.set(`outbox-${j}`, performance.now());
      batch.push({ topic: 'shipment.filed', key: `shp_${j}+0`, id: `outbox-${j}`, payload: payload(j) });
    }
    await bus.publish(batch);
  }
  await all;
  const seconds = (performance.now() - t0) / 1000;
  lags.sort((a, b) => a - b);
  return { per_s: Math.round(N / seconds), p99_lag_ms: Math.round(lags[Math.floor(lags.length * 0.99)]) };
}

const memory = await openBus(undefined);
const mem = await run(memory);
await memory.close();
const nats = await openBus(URL, { prefix: `bench_${process.pid}` });
let js;
try {
  js = await run(nats);
} finally {
  await nats.destroy();
  await nats.close();
}
report({
  bench: 'bus',
  messages: N,
  memory_per_s: mem.per_s,
  nats_per_s: js.per_s,
  nats_vs_memory: Number((js.per_s / mem.per_s).toFixed(4)),
  nats_p99_lag_ms: js.p99_lag_ms,
});
