/**
 * Where the platform package is on disk: the directory holding its package.json, policy/ and
 * dist/. Found by walking up from this module to the package.json that names the package, so that
 * it is the same whether the code runs from dist/ (a file per module: the unit tests) or from a
 * bundle (dist/main/*.bundle.js: the command and its worker threads, ADR 0036), where every module's
 * `import.meta.url` is the bundle's. Shipped files are located from here, never from a module's
 * own place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = '@tradelane/platform';

interface PackageJson {
  readonly name?: unknown;
  readonly version: string;
  readonly engines?: { readonly node?: string };
}

/** The nearest directory from `from` up whose package.json names the platform package, and that file. */
function findPackage(from: string): { dir: string; json: PackageJson } {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (json.name === NAME) return { dir, json };
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of ${NAME} above ${from}`);
  }
}

const found = findPackage(dirname(fileURLToPath(import.meta.url)));

export const PACKAGE_ROOT: string = found.dir;

/** The package's own package.json, read once (the same read that found the package). */
export const PACKAGE_JSON: PackageJson = found.json;
