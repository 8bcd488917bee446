/** `tradelane serve`: the API and, unless --no-workers, the pipeline's background work. */
import type { Command } from 'commander';
import { int } from '../platform/cli/command-kit.js';
import { UsageError } from '../platform/cli/exit.js';
import { loadConfig } from '../platform/config/config.js';
import type { ImportOutcome } from '../modules/refdata/index.js';
import { createContainer, type Container } from './container.js';
import { startServer } from './server.js';

function printImportToStderr(outcomes: readonly ImportOutcome[]): void {
  for (const o of outcomes) {
    process.stderr.write(
      `refdata ${o.dataset}: ${o.outcome}${o.outcome === 'failed' ? ` (${o.error})` : ''}\n`,
    );
  }
}

/** What /readyz would say is missing, said at start (a filing would fail long after otherwise). */
export function startupWarnings(c: Container): string[] {
  const fix = c.config.TRADELANE_REFDATA_DIR
    ? `check the import from TRADELANE_REFDATA_DIR=${c.config.TRADELANE_REFDATA_DIR} above (tradelane refdata status)`
    : 'set TRADELANE_REFDATA_DIR=../shared/data and start again, or run tradelane refdata import --dir DIR (this server picks it up)';
  const out: string[] = [];
  if (!c.reference.isReady())
    out.push(
      `no reference data loaded (no HTSUS edition): every filing is refused and /readyz answers 503 not_ready; ${fix}`,
    );
  else if (!c.screening.current().index)
    out.push(`no watch list loaded: parties are not screened and /readyz answers degraded; ${fix}`);
  return out;
}

/**
 * A port that cannot be taken, said with the port and the fix (as `doctor` says it); any other
 * failure as it is.
 */
export function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') return e;
  const why =
    code === 'EADDRINUSE'
      ? 'the port is in use (EADDRINUSE): stop what listens there (another tradelane serve?), or choose another port with --port N or TRADELANE_PORT'
      : code === 'EACCES'
        ? 'this user may not take that port (EACCES): ports below 1024 need privileges; choose another with --port N or TRADELANE_PORT'
        : `${host} is not an address of this machine (EADDRNOTAVAIL): choose another with --host H or TRADELANE_HOST`;
  return new UsageError(`cannot listen on ${host}:${port}: ${why}`);
}

export function registerServeCommand(program: Command): void {
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
      const port = o.port ?? config.TRADELANE_PORT;
      const host = o.host ?? config.TRADELANE_HOST;
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(c, { port, host, workers: o.workers });
      } catch (e) {
        await c.close().catch(() => undefined);
        throw listenError(e, host, port);
      }
      if (c.startupImport.length > 0) printImportToStderr(c.startupImport);
      for (const w of startupWarnings(c)) server.app.log.warn(w);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.app.log.info(`${signal}: shutting down (no new requests; finishing the work in hand)`);
        const started = performance.now();
        await server.stop();
        await c.close();
        server.app.log.info(`tradelane stopped in ${Math.round(performance.now() - started)} ms`);
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
