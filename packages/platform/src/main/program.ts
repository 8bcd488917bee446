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
import { addHelp, commandPath } from './cli-help.js';
import { VERSION, type Container } from './container.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerWorkerCommand } from './worker-command.js';

/** The line said after a usage error: where the command's options (or subcommands) are told. */
export function usageHint(c: Command): string {
  const path = commandPath(c);
  const what = c.commands.length > 0 ? 'commands' : 'options';
  return `run 'tradelane ${path ? `${path} ` : ''}--help' for the ${what}`;
}

/**
 * Commander's message of a usage error as one line like every other error of the command:
 * "tradelane: unknown option '--tenat' (Did you mean --tenant?)".
 */
export function usageErrorLine(message: string): string {
  const text = message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return `tradelane: ${text}`;
}

export interface ProgramHooks {
  /** Told when commander has printed a usage error (the CLI then prints nothing more of it). */
  readonly usageErrorShown?: () => void;
}

export function buildProgram(kit: CommandKit<Container>, hooks: ProgramHooks = {}): Command {
  const program = new Command();
  program
    .name('tradelane')
    .description('Tradelane: a single window for the import side of customs')
    .version(VERSION)
    .option('--verbose', 'on a failure, print the stack trace too')
    // Set before the commands are added: they inherit it. A usage error is one line, then a hint
    // (showHelpAfterError, set on every command below), not the whole help.
    .configureOutput({
      outputError: (message, write) => {
        hooks.usageErrorShown?.();
        write(`${usageErrorLine(message)}\n`);
      },
    })
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
  const hint = (c: Command) => {
    c.showHelpAfterError(usageHint(c));
    c.commands.forEach(hint);
  };
  hint(program);
  return program;
}
