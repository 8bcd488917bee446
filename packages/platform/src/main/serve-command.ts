/** `tradelane serve`: the API and, unless --no-workers, the pipeline's background work. */
import type { Command } from 'commander';
import { int } from '../platform/cli/command-kit.js';
import { loadConfig } from '../platform/config/config.js';
import type { ImportOutcome } from '../modules/refdata/index.js';
import { createContainer } from './container.js';
import { startServer } from './server.js';

function printImportToStderr(outcomes: readonly ImportOutcome[]): void {
  for (const o of outcomes) {
    process.stderr.write(
      `refdata ${o.dataset}: ${o.outcome}${o.outcome === 'failed' ? ` (${o.error})` : ''}\n`,
    );
  }
}

export function registerServeCommand(program: Command, out: (s: string) => void): void {
  program
    .command('serve')
    .description('start the API (and the pipeline workers)')
    .option('--port <n>', 'port (default TRADELANE_PORT or 8080; 0 = any free port)', int('port'))
    .option('--host <host>', 'address to bind (default TRADELANE_HOST or 127.0.0.1)')
    .option('--no-workers', 'serve the API only; workers run elsewhere')
    .action(async (o: { port?: number; host?: string; workers: boolean }) => {
      const config = loadConfig();
      // Listening at once; the lists, the classifier and the registry load after (`/readyz` 503).
      const c = await createContainer(config, {
        checkpoints: 'background',
        loadRegistry: true,
        background: true,
      });
      const server = await startServer(c, {
        port: o.port ?? config.TRADELANE_PORT,
        host: o.host ?? config.TRADELANE_HOST,
        workers: o.workers,
      });
      if (c.startupImport.length > 0) printImportToStderr(c.startupImport);
      out(`tradelane listening on ${server.url}`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await server.stop();
        await c.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
