#!/usr/bin/env node
/**
 * The `tradelane` command: every module registers its own commands; this file wires them to the
 * services of a container (opened for each command, closed after it) and turns failures into one
 * line and an exit code.
 */
import { Command } from 'commander';
import { isProblem } from '../kernel/problem.js';
import { registerAccessCommands } from '../modules/access/index.js';
import { registerClassificationCommands } from '../modules/classification/index.js';
import { registerFilingCommands } from '../modules/filing/index.js';
import { registerPartyCommands } from '../modules/parties/index.js';
import { registerPgaCommands } from '../modules/pga/index.js';
import { registerRefdataCommands } from '../modules/refdata/index.js';
import { registerRiskCommands } from '../modules/risk/index.js';
import { registerScreeningCommands } from '../modules/screening/index.js';
import { registerTariffCommands } from '../modules/tariff/index.js';
import { registerTrustedCommands } from '../modules/trusted-trader/index.js';
import type { CommandKit, Needs } from '../platform/cli/command-kit.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';
import { createLogger } from '../platform/system/logger.js';
import { createContainer, VERSION, type Container } from './container.js';
import { registerServeCommand } from './serve-command.js';
import { registerWorkerCommand } from './worker-command.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');

/** The services of this process for one command: a container wired as the command needs. */
const kit: CommandKit<Container> = {
  out,
  async run(fn, needs: Needs = {}) {
    const config = loadConfig();
    const c = await createContainer(config, {
      // Commands print their results on stdout; the log goes to stderr, problems only unless
      // TRADELANE_LOG_LEVEL asks for more.
      logger: createLogger(process.env.TRADELANE_LOG_LEVEL ? config.TRADELANE_LOG_LEVEL : 'warn', 'stderr'),
      skipAutoImport: needs.autoImport === false,
      skipReference: needs.reference === false,
      skipScreening: needs.screening === false,
      skipClassifier: !needs.classifier,
      ...(needs.registry ? { loadRegistry: true } : {}),
      ...(needs.clock ? { clock: needs.clock } : {}),
    });
    try {
      return await fn(c);
    } finally {
      await c.close();
    }
  },
  setting: (name) => (loadConfig() as unknown as Record<string, string | number | undefined>)[name],
};

const program = new Command();
program
  .name('tradelane')
  .description('Tradelane: a single window for the import side of customs')
  .version(VERSION)
  .showHelpAfterError();

registerServeCommand(program, out);
registerWorkerCommand(program, out);
registerRefdataCommands(program, kit);
registerTariffCommands(program, kit);
registerAccessCommands(program, kit);
registerPartyCommands(program, kit);
registerFilingCommands(program, kit);
registerScreeningCommands(program, kit);
registerClassificationCommands(program, kit);
registerRiskCommands(program, kit);
registerPgaCommands(program, kit);
registerTrustedCommands(program, kit);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`tradelane: ${e.message}\n`);
    process.exit(2);
  }
  if (isProblem(e)) {
    process.stderr.write(`tradelane: ${e.code}: ${e.message}${e.path ? ` (at ${e.path})` : ''}\n`);
    process.exit(2);
  }
  process.stderr.write(`tradelane: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
