/**
 * The `tradelane` command line: every module registers its own commands on one commander program,
 * with the help texts (examples, exit codes) of cli-help.ts. Built apart from cli.ts so that tests
 * can look at the whole program without running it.
 */
import { Command } from 'commander';
import { registerAccessCommands } from '../modules/access/index.js';
import { registerClassificationCommands } from '../modules/classification/index.js';
import { registerDocumentCommands } from '../modules/documents/index.js';
import { registerFilingCommands } from '../modules/filing/index.js';
import { registerPartyCommands } from '../modules/parties/index.js';
import { registerPgaCommands } from '../modules/pga/index.js';
import { registerRefdataCommands } from '../modules/refdata/index.js';
import { registerRiskCommands } from '../modules/risk/index.js';
import { registerScreeningCommands } from '../modules/screening/index.js';
import { registerTariffCommands } from '../modules/tariff/index.js';
import { registerTrustedCommands } from '../modules/trusted-trader/index.js';
import type { CommandKit } from '../platform/cli/command-kit.js';
import { addHelp } from './cli-help.js';
import { VERSION, type Container } from './container.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerWorkerCommand } from './worker-command.js';

export function buildProgram(kit: CommandKit<Container>): Command {
  const program = new Command();
  program
    .name('tradelane')
    .description('Tradelane: a single window for the import side of customs')
    .version(VERSION)
    .option('--verbose', 'on a failure, print the stack trace too')
    .showHelpAfterError()
    // Usage errors end with exit code 2 (not commander's 1, which means "some lines rejected").
    .exitOverride();
  registerServeCommand(program);
  registerWorkerCommand(program, kit.out);
  registerDoctorCommand(program, kit.out);
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
  registerDocumentCommands(program, kit);
  addHelp(program);
  return program;
}
