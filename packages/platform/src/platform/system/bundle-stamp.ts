/**
 * Whether the command's bundles (dist/main/*.bundle.js, ADR 0036) are those of the code and the
 * packages in place. The bundling step writes a stamp beside them: the bundles' files, and a
 * digest of what it bundled with what: the compiler's record of the last compile
 * (`dist/.tsbuildinfo`, which changes with every emitted file), npm's record of the installed
 * packages (`node_modules/.package-lock.json`, rewritten by every change to them) and the bundling
 * script itself (what it keeps out). The bundles run only while the same digest is computed again
 * and every one of their files is there: after a compile that changed anything, a package added
 * or updated without a build, a changed bundling script, `tsc --clean` or a bundle deleted, the
 * compiled modules run instead. Dates are not compared: git and `cp` move them without changing
 * anything, and `tsc -b` rewrites its record when only a date moved.
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
  const script = join(root, 'scripts', 'bundle.js');
  h.update('\0').update(existsSync(script) ? readFileSync(script) : '');
  return h.digest('hex');
}

/** The stamp's text: the digest, then each bundle's file name (in dist/main), a line each. */
export function stampText(digest: string, bundles: readonly string[]): string {
  return `${[digest, ...bundles].join('\n')}\n`;
}

/** Whether the bundles at `root` were made from the compile, packages and script in place, and are all there. */
export function bundleIsCurrent(root: string): boolean {
  const want = expectedStamp(root);
  const stamp = join(root, STAMP_FILE);
  if (want === null || !existsSync(stamp)) return false;
  const [digest, ...bundles] = readFileSync(stamp, 'utf8').trim().split('\n');
  return (
    digest === want && bundles.length > 0 && bundles.every((b) => existsSync(join(root, 'dist', 'main', b)))
  );
}
