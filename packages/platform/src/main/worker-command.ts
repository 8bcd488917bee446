/** `tradelane worker`: the pipeline's background work, beside servers run with --no-workers. */
import { createServer } from 'node:http';
import type { Command } from 'commander';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { int } from '../platform/cli/command-kit.js';
import { loadConfig } from '../platform/config/config.js';
import { openBus } from '../platform/bus/open-bus.js';
import { observeGcPauses } from '../platform/system/gc-pauses.js';
import { startBackground, watchRefdata } from './background.js';
import { createContainer } from './container.js';

export function registerWorkerCommand(program: Command, out: (s: string) => void): void {
  program
    .command('worker')
    .description(
      'run the background work (outbox relay, party resolution, webhooks) for servers started with --no-workers',
    )
    .option('--metrics-port <n>', 'serve Prometheus metrics on this port (GET /metrics)', int('metrics-port'))
    .option('--host <host>', 'address for the metrics port (default TRADELANE_HOST or 127.0.0.1)')
    .action(async (o: { metricsPort?: number; host?: string }) => {
      const config = loadConfig();
      const c = await createContainer(config, { loadRegistry: true });
      const log = c.logger.child({ process: 'worker' });
      const bus = await openBus(config.TRADELANE_BUS_URL, {
        prefix: config.TRADELANE_BUS_PREFIX,
        maxDeliver: config.TRADELANE_BUS_MAX_DELIVER,
        ackWaitMs: config.TRADELANE_BUS_ACK_WAIT_MS,
        onError: (err, context) => log.error({ err, context }, 'bus'),
      });
      const metrics = new Registry();
      collectDefaultMetrics({ register: metrics });
      const stopGc = observeGcPauses(metrics);
      // No filings are answered here: a relayed message's parties are recorded a hundred filings
      // a transaction, not in the short parts a server uses (ADR 0041).
      const background = await startBackground(c, bus, log, metrics, { partyPart: 100 });
      const stopWatching = watchRefdata(c, log);
      const http =
        o.metricsPort === undefined
          ? null
          : createServer((req, res) => {
              if (req.url !== '/metrics') return void res.writeHead(404).end();
              void metrics.metrics().then(
                (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
                () => res.writeHead(500).end(),
              );
            });
      if (http)
        await new Promise<void>((r) => http.listen(o.metricsPort, o.host ?? config.TRADELANE_HOST, r));
      out(`tradelane worker running (bus: ${bus.kind}, database: ${c.store.dialect})`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        stopWatching();
        http?.close();
        stopGc();
        await background.stop();
        await bus.close();
        await c.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
