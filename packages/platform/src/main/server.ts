import type { FastifyInstance } from 'fastify';
import { loadRuleSet } from '../modules/risk/index.js';
import { openBus } from '../platform/bus/open-bus.js';
import { systemClock } from '../platform/system/system.js';
import { feedEventStream, startBackground, watchRefdata } from './background.js';
import { walMetrics } from '../platform/db/wal-metrics.js';
import type { Container } from './container.js';
import { buildApp } from './http.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `tradelane serve`: the API, fed the event stream from the bus, and (unless --no-workers) the
 * pipeline's background work in the same process (`main/background.ts`). A container made with
 * `background` listens first and warms up after (`/readyz` 503 until then); resolves once warm.
 */
export async function startServer(
  c: Container,
  opts: { port: number; host: string; workers: boolean },
): Promise<RunningServer> {
  const app = await buildApp(c);
  // The embedded store's checkpointer thread (ADR 0030), with or without the background workers.
  if (c.store.wal) walMetrics(app.metrics, c.store.wal);
  const bus = await openBus(c.config.TRADELANE_BUS_URL, {
    prefix: c.config.TRADELANE_BUS_PREFIX,
    maxDeliver: c.config.TRADELANE_BUS_MAX_DELIVER,
    ackWaitMs: c.config.TRADELANE_BUS_ACK_WAIT_MS,
    onError: (err, context) => app.log.error({ err, context }, 'bus'),
  });
  await feedEventStream(c, bus);
  // The background work starts once warm: a backlog (a million filings' parties after a bulk
  // `tradelane file`) would otherwise take the CPU the warm-up needs (docs/benchmarks.md).
  let background: Awaited<ReturnType<typeof startBackground>> | null = null;
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
  // Said once, by Fastify's own line (the URL followed by a space, for scripts that read it) —
  // once warm: a server still loading its lists and classifier says it is starting.
  const listening = (a: string) =>
    `tradelane listening on ${a} (workers ${opts.workers ? 'on' : 'off'}, ${c.store.dialect}, bus ${bus.kind})`;
  const warm = c.isWarm();
  const address = await app.listen({
    port: opts.port,
    host: opts.host,
    listenTextResolver: (a) =>
      warm
        ? listening(a)
        : `tradelane starting at ${a}: loading the lists and the classifier (/readyz 503 until then)`,
  });
  if (!warm) {
    const t0 = performance.now();
    await c.warmUp();
    app.log.info({ warm_up_ms: Math.round(performance.now() - t0) }, listening(address));
  }
  if (opts.workers) background = await startBackground(c, bus, app.log, app.metrics);
  // Data imported by another process is picked up from here on (after the start-up import).
  const stopWatching = watchRefdata(c, app.log);
  return {
    app,
    url: address,
    async stop() {
      stopWatching();
      process.off('SIGHUP', reloadRules);
      // Open event streams (and clients that never hang up) get 5 s, then their connections close.
      const force = setTimeout(() => app.server.closeAllConnections(), 5_000);
      await app.close();
      clearTimeout(force);
      await background?.stop();
      await c.filing.drain();
      await bus.close();
    },
  };
}
