/**
 * What the scale-out benchmark and the fault script share (bench/scale-out.js,
 * scripts/fault-kill.js): a large batch's shipments, whose parties repeat so that they are
 * resolved and linked; a `tradelane serve` started on the fixture reference data with a filer
 * key; and the removal of a run's PostgreSQL schema and NATS streams at its end.
 */
import type pg from 'pg';
import { openBus } from '../platform/bus/open-bus.js';
import type { NatsBus } from '../platform/bus/nats-bus.js';
import { LISTENING, type Processes } from './processes.js';
import { fixtureDir, sampleShipment } from './support.js';

/**
 * Shipment `i` of a batch as an NDJSON line: reference `${prefix}-${i}`, one of 997 sellers
 * (`${seller} n Co Ltd`, Shenzhen) and one of 4,999 consignees (Austin).
 */
export function repeatedPartiesLine(prefix: string, seller: string, i: number): string {
  return JSON.stringify(
    sampleShipment({
      reference: `${prefix}-${i}`,
      parties: [
        {
          role: 'seller',
          name: `${seller} ${i % 997} Co Ltd`,
          address: { city: 'Shenzhen', country: 'CN' },
        },
        {
          role: 'consignee',
          name: `Consignee ${i % 4999}`,
          address: { street: '1 Main St', city: 'Austin', postal_code: '78701', country: 'US' },
        },
      ],
    }),
  );
}

/**
 * Imports the fixture reference data, makes a filer key of `tenant` and starts `tradelane serve`
 * (with `serveArgs`, on a port of its own); resolves once it listens, with the key and its address.
 */
export async function startFiling(
  p: Processes,
  tenant: string,
  serveArgs: readonly string[] = [],
): Promise<{ key: string; base: string }> {
  p.cli(['refdata', 'import', '--dir', fixtureDir()]);
  const key = p.cli(['keys', 'create', '--tenant', tenant, '--role', 'filer']).trim().split('\n').pop()!;
  const server = await p.start(['serve', ...serveArgs, '--port', '0'], LISTENING, {
    TRADELANE_LOG_LEVEL: 'info',
  });
  return { key, base: server.line };
}

/**
 * Removes what a run left: its PostgreSQL schema (through `db`, which is then closed; errors
 * ignored, the run's own result matters more) and, on a shared NATS, its streams (`bus`).
 */
export async function removeRun(
  db: pg.Client,
  schema: string,
  bus: { url: string; prefix: string } | null,
): Promise<void> {
  await db.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
  await db.end().catch(() => undefined);
  if (bus) {
    const b = (await openBus(bus.url, { prefix: bus.prefix })) as NatsBus;
    await b.destroy();
    await b.close();
  }
}
