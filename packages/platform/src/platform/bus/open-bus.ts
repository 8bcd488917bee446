import type { Bus, BusOptions } from './bus.js';
import { MemoryBus } from './memory-bus.js';
import type { NatsBusOptions, NatsModules } from './nats-bus.js';

/**
 * The bus a URL names: none (embedded) → in process; `nats://host:port` → NATS JetStream. The NATS
 * client is an optional dependency, loaded only here, as the PostgreSQL driver is.
 */
export async function openBus(
  url: string | undefined,
  opts: BusOptions & Omit<NatsBusOptions, 'url'> = {},
): Promise<Bus> {
  if (!url) return new MemoryBus(opts);
  if (!url.startsWith('nats://')) throw new Error(`TRADELANE_BUS_URL must be nats://host:port, not ${url}`);
  let mods: NatsModules;
  try {
    mods = {
      transport: await import('@nats-io/transport-node'),
      jetstream: await import('@nats-io/jetstream'),
    };
  } catch (e) {
    throw new Error(
      `TRADELANE_BUS_URL=nats://… needs the NATS client, which is not installed (${(e as Error).message.split('\n')[0]}): run \`npm install @nats-io/transport-node @nats-io/jetstream\``,
    );
  }
  const { NatsBus } = await import('./nats-bus.js');
  return NatsBus.open(mods, { ...opts, url });
}
