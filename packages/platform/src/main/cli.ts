#!/usr/bin/env node
/**
 * The `tradelane` command: every module registers its own commands (program.ts); this file wires
 * them to the services of a container (opened for each command, closed after it) and turns
 * failures into one line and an exit code (platform/cli/exit.ts).
 */
import { CommanderError, type Command } from 'commander';
import { isProblem } from '../kernel/problem.js';
import type { CommandKit, Needs } from '../platform/cli/command-kit.js';
import {
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_READER_GONE,
  EXIT_USAGE,
  UsageError,
  oneLine,
  systemErrorLine,
} from '../platform/cli/exit.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';
import { createLogger } from '../platform/system/logger.js';
import { createContainer, type Container } from './container.js';
import { buildProgram, usageErrorLine, usageHint } from './program.js';

// A reader that went away (`tradelane tariff search cotton | head -1`) stops the command quietly,
// with the exit code of a command SIGPIPE stops (141), instead of Node's unhandled 'error' event and
// its stack: a filing cut short must not look finished to a script.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_READER_GONE);
    throw e;
  });

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
      ...(needs.prebuildClassifier ? { prebuildClassifier: true } : {}),
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

// --verbose is taken wherever it is written (before or after the command).
const verbose = process.argv.includes('--verbose');
const argv = process.argv.filter((a, i) => i < 2 || a !== '--verbose');

/** One line for a failure, and the exit code it means. */
function failure(e: unknown): { line: string; code: number } {
  if (e instanceof ConfigError || e instanceof UsageError) return { line: e.message, code: EXIT_USAGE };
  if (isProblem(e))
    return { line: `${e.code}: ${e.message}${e.path ? ` (at ${e.path})` : ''}`, code: EXIT_USAGE };
  const system = systemErrorLine(e);
  if (system) return { line: system, code: EXIT_USAGE };
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return {
    line: `unexpected failure: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}`,
    code: EXIT_INTERNAL,
  };
}

// Commander prints the usage errors it finds while parsing; those a command's action throws
// (an InvalidArgumentError of a check across options) reach the catch below unprinted.
let usageErrorShown = false;
let running: Command | null = null;
const program = buildProgram(kit, { usageErrorShown: () => (usageErrorShown = true) });
program.hook('preAction', (_program, action) => {
  running = action;
});

program.parseAsync(argv).catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // Help and version end well; a usage error ends with exit code 2, said once.
    if (e.exitCode === 0) process.exit(EXIT_OK);
    if (!usageErrorShown && e.code !== 'commander.help') {
      process.stderr.write(`${usageErrorLine(e.message)}\n`);
      if (running) process.stderr.write(`${usageHint(running)}\n`);
    }
    process.exit(EXIT_USAGE);
  }
  const { line, code } = failure(e);
  process.stderr.write(`tradelane: ${oneLine(line)}\n`);
  if (verbose && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exit(code);
});
