/**
 * How the `tradelane` command ends: the exit codes scripts rely on (documented in the README and
 * in `tradelane --help`), and the one line that says what went wrong.
 */

/** Everything was accepted (or the check passed). */
export const EXIT_OK = 0;
/** The command ran, and some input was rejected or unreadable (or a check failed). */
export const EXIT_REJECTED = 1;
/** Usage or setup: a wrong option or argument, a missing file, a wrong setting, no database. */
export const EXIT_USAGE = 2;
/** An unexpected failure (a bug): the stack is printed with --verbose. */
export const EXIT_INTERNAL = 3;
/**
 * The reader of stdout went away (`| head -1`): the command stopped there, as a process killed by
 * SIGPIPE does (128 + 13), so that a pipeline under `set -o pipefail` does not take a filing cut
 * short for a finished one. What it had committed stays committed.
 */
export const EXIT_READER_GONE = 141;

export const EXIT_CODES_HELP = `Exit codes:
  0  done; every line accepted (warnings allowed), or the check passed
  1  done, but some lines were rejected or malformed (or a check failed)
  2  usage or setup error: an option, a file, a setting, the database, the reference data
  3  unexpected failure (run again with --verbose for the stack trace)
  141  stdout's reader went away (| head): stopped there, as SIGPIPE stops a command`;

/**
 * A usage or setup error: the message names what is wrong (the file, the line, the setting) and,
 * when there is one, the fix. Printed as one line; exit code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A message of several lines (a configuration with two wrong settings) as the one line an error
 * is: "invalid configuration: A; B".
 */
export function oneLine(message: string): string {
  return message
    .trim()
    .replace(/:[ \t]*\n\s*/g, ': ')
    .replace(/\s*\n\s*/g, '; ');
}

/** Errors of the file system (and sockets) that a user can fix: one line with the path. */
export function systemErrorLine(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return null;
  const what: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory, not a file',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'read-only file system',
    EADDRINUSE: 'address already in use',
    ECONNREFUSED: 'connection refused',
  };
  const path = err.path ?? (err as { address?: string }).address;
  const verb =
    err.syscall === 'open' || err.syscall === 'stat' ? 'cannot read' : `cannot ${err.syscall ?? 'use'}`;
  return `${verb} ${path ?? ''}: ${what[err.code] ?? err.message} (${err.code})`.replace(/ {2,}/g, ' ');
}
