/**
 * What a module's commands get from the CLI: the services of this process, wired for the command
 * and closed after it, and a way to print. Each module declares the services it needs as an
 * interface; main's container satisfies all of them.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Clock } from '../../kernel/ports.js';

/** What a command needs loaded; the lighter the faster it starts. */
export interface Needs {
  /** Reference data (tariff, codes): default true. */
  readonly reference?: boolean;
  /** The screening index: default true when reference data is loaded. */
  readonly screening?: boolean;
  /** The HS classifier: default false (≈ 1 s to build); commands that classify ask for it. */
  readonly classifier?: boolean;
  /** The party registry in memory (resolution of filed parties). */
  readonly registry?: boolean;
  /**
   * After an import that changed the classifier's inputs, build the classifier once into the
   * artefact cache (ADR 0017), so that the next `serve` or `file` reads it instead of building it:
   * default false (the import commands ask for it).
   */
  readonly prebuildClassifier?: boolean;
  /** Import TRADELANE_REFDATA_DIR first when it changed: default true. */
  readonly autoImport?: boolean;
  /** The clock of the program's services (the simulator moves one). */
  readonly clock?: Clock;
}

export interface CommandKit<S> {
  /** Runs `fn` with the services wired as `needs` says, and closes them after. */
  run<T>(fn: (s: S) => Promise<T>, needs?: Needs): Promise<T>;
  /** One line on stdout. */
  out(line: string): void;
  /** A setting's value (TRADELANE_*), checked, without opening the database. */
  setting(name: string): string | number | undefined;
}

/**
 * A commander option parser for an integer of at least `min` (and at most `max`): commander
 * reports a wrong value as a usage error naming the option, the value and the range.
 */
export const int =
  (name: string, min = 0, max?: number) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || (max !== undefined && n > max))
      throw new InvalidArgumentError(
        max === undefined
          ? `${name} must be an integer ≥ ${min}`
          : `${name} must be an integer from ${min} to ${max}`,
      );
    return n;
  };

/** A commander option parser for a number from `min` to `max` (a score, a share). */
export const numberIn = (name: string, min: number, max: number) => (v: string) => {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!(n >= min && n <= max))
    throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
  return n;
};

/**
 * What keeps a folder from being read ("the folder does not exist (/abs/path)"), or null when
 * it can be: said before a command starts its work on it.
 */
export function folderProblem(dir: string): string | null {
  const where = dir === resolve(dir) ? '' : ` (${resolve(dir)})`;
  try {
    if (!statSync(dir).isDirectory()) return `not a folder${where}`;
    accessSync(dir, constants.R_OK | constants.X_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `the folder does not exist${where}`
      : `the folder cannot be read${where} (${code ?? (e as Error).message})`;
  }
}
