/**
 * Whether the command's bundles (dist/main/*.bundle.js, ADR 0036) are those of the code and the
 * packages in place. The bundling step writes a stamp beside them: a digest of what it bundled,
 * that is the compiler's record of the last compile (`dist/.tsbuildinfo`, which changes with
 * every emitted file) and npm's record of the installed packages (`node_modules/.package-lock.json`,
 * rewritten by every install or update). A bundle runs only while the same digest is computed
 * again: after a compile that changed anything, a package installed or updated without a build,
 * or `tsc --clean`, the compiled modules run instead. Dates are not compared: git and `cp` move
 * them without changing anything, and `tsc -b` rewrites its record when only a date moved.
 *
 * Imported by bin/tradelane.js before anything else, so it uses Node's modules only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The stamp's file, beside the bundles. */
export const STAMP_FILE = join('dist', 'main', 'bundle.stamp');

/** npm's record of the installed tree: the nearest node_modules/.package-lock.json from `root` up. */
function installedRecord(root: string): string | null {
  for (let dir = root; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '.package-lock.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The digest the bundles of the package at `root` must carry: null when there is no compile record
 * (nothing compiled, or `tsc --clean`), so that no bundle runs.
 */
export function expectedStamp(root: string): string | null {
  const compiled = join(root, 'dist', '.tsbuildinfo');
  if (!existsSync(compiled)) return null;
  const h = createHash('sha256').update(readFileSync(compiled));
  const installed = installedRecord(root);
  h.update('\0').update(installed ? readFileSync(installed) : '');
  return h.digest('hex');
}

/** Whether the bundles at `root` were made from the compile and the packages in place. */
export function bundleIsCurrent(root: string): boolean {
  const want = expectedStamp(root);
  const stamp = join(root, STAMP_FILE);
  return want !== null && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want;
}
