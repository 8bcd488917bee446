/** `tradelane doctor`: the checks of doctor.ts, one line each; exit 1 when one fails. */
import type { Command } from 'commander';
import { EXIT_REJECTED } from '../platform/cli/exit.js';
import { formatCheck, runDoctor } from './doctor.js';

export function registerDoctorCommand(program: Command, out: (s: string) => void): void {
  program
    .command('doctor')
    .description(
      'check what serving needs: Node version, settings, database writable and migrated, each reference data set (publisher date, age), the classifier, the port, the bus when configured',
    )
    .option('--json', 'one JSON object per check')
    .action(async (o: { json?: boolean }) => {
      const checks = await runDoctor();
      for (const c of checks) out(o.json ? JSON.stringify(c) : formatCheck(c));
      const failed = checks.filter((c) => c.status === 'fail').length;
      const warned = checks.filter((c) => c.status === 'warn').length;
      process.stderr.write(
        `doctor: ${checks.length} checks, ${failed} failed, ${warned} warning${warned === 1 ? '' : 's'}\n`,
      );
      if (failed > 0) process.exitCode = EXIT_REJECTED;
    });
}
