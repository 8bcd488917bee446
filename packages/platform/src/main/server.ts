import type { FastifyInstance } from 'fastify';
import { OutboxRelay } from '../modules/filing/index.js';
import { eventsOf, reminderEvent } from '../modules/notifications/index.js';
import { loadRuleSet } from '../modules/risk/index.js';
import { MemoryBus } from '../platform/bus/memory-bus.js';
import { systemClock } from '../platform/system/system.js';
import type { Container } from './container.js';
import { buildApp } from './http.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  stop(): Promise<void>;
}

/** `tradelane serve`: the API, and (unless --no-workers) the pipeline workers in the same process. */
export async function startServer(
  c: Container,
  opts: { port: number; host: string; workers: boolean },
): Promise<RunningServer> {
  const app = await buildApp(c);
  const bus = new MemoryBus();
  // Party resolution runs behind the filing: each filed shipment's parties become registry links.
  bus.subscribe('shipment.filed', async (m) => {
    const ids = ((m.payload as { shipments?: { id: string }[] }).shipments ?? []).map((s) => s.id);
    await c.registry.recordShipments(ids);
  });
  // Filers hear about decisions and officers' actions: durable webhook deliveries, and the stream.
  for (const topic of ['shipment.filed', 'shipment.status', 'trusted.status']) {
    bus.subscribe(topic, async (m) => {
      const events = eventsOf(m.topic, m.payload, systemClock.now());
      c.events.publish(events);
      await c.webhooks.enqueue(events);
    });
  }
  // Self-assessments due: a reminder per member, due date and step (60, 30, 7 days; overdue),
  // delivered once to each webhook that wants `trusted.reminder` however often this runs.
  const remind = () =>
    c.trusted
      .reminders(null)
      .then((rs) =>
        c.webhooks.enqueue(rs.map((r) => reminderEvent(r, r.tenant, r.status, systemClock.now()))),
      )
      .catch((err: unknown) => app.log.error({ err }, 'self-assessment reminders failed; will retry'));
  void remind();
  const reminders = setInterval(() => void remind(), 3_600_000);
  reminders.unref();
  let delivering = false;
  const deliveries = setInterval(() => {
    if (delivering) return;
    delivering = true;
    c.webhooks
      .deliverDue()
      .catch((err: unknown) => app.log.error({ err }, 'webhook delivery failed; will retry'))
      .finally(() => (delivering = false));
  }, 250);
  deliveries.unref();
  const relay = opts.workers
    ? new OutboxRelay(c.store, bus, systemClock, 500, (err) =>
        app.log.error({ err }, 'outbox relay failed; will retry'),
      )
    : null;
  relay?.start();
  // Lists and tariffs imported by another process (`refdata import`/`sync`) are picked up here:
  // the new index is built beside the old one and swapped in whole.
  let known = await activeKey(c);
  const poll =
    c.config.TRADELANE_REFDATA_POLL_MS > 0
      ? setInterval(() => {
          void (async () => {
            // Members changed by another process (the CLI, another server) decide from here on.
            await c.trusted.refresh();
            const now = await activeKey(c);
            if (now === known) return;
            known = now;
            await c.reference.reload();
            const v = await c.screening.rebuild();
            await c.classification.refresh();
            app.log.info(
              { lists: v.versions.length - 1, build_ms: v.buildMs },
              'reference data changed: reloaded',
            );
          })().catch((err: unknown) => app.log.error({ err }, 'reference data reload failed'));
        }, c.config.TRADELANE_REFDATA_POLL_MS)
      : null;
  poll?.unref();
  // A new rule set is put in force on SIGHUP; an invalid one is refused, naming the rule and the
  // field, and the one in force stays.
  const reloadRules = () => {
    void (async () => {
      try {
        const next = loadRuleSet(c.config.TRADELANE_RISK_RULES);
        await c.risk.replaceRules(c.store, next, systemClock.now());
        app.log.info({ version: next.ruleSet.version, sha256: next.sha256 }, 'rule set in force');
      } catch (err) {
        app.log.error({ err }, 'rule set refused; the one in force stays');
      }
    })();
  };
  process.on('SIGHUP', reloadRules);
  // Said once, by Fastify's own line (the URL followed by a space, for scripts that read it).
  const address = await app.listen({
    port: opts.port,
    host: opts.host,
    listenTextResolver: (a) =>
      `tradelane listening on ${a} (workers ${opts.workers ? 'on' : 'off'}, ${c.store.dialect})`,
  });
  return {
    app,
    url: address,
    async stop() {
      if (poll) clearInterval(poll);
      clearInterval(deliveries);
      clearInterval(reminders);
      process.off('SIGHUP', reloadRules);
      await app.close();
      await relay?.stop();
      await c.filing.drain();
      await bus.close();
    },
  };
}

async function activeKey(c: Container): Promise<string> {
  const active = await c.store.refdata.active();
  return active.map((m) => m.id).join(',');
}
