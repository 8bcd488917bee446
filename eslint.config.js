// Lint: typescript-eslint on every package, plus the two rules of the house (docs/architecture.md,
// ADR 0011):
//
// 1. Direction between the top-level folders of packages/*/src:
//      kernel ← platform ← modules ← main      (testing/ is test support only)
//    kernel is pure (no node:* modules); platform knows no capability.
// 2. Modules by capability. A module imports another only through its public surface
//    (`modules/<other>/index.js`), and keeps its own layers:
//      domain/ (pure) ← service files at the module's root ← adapters/, db.ts, routes.ts, commands.ts
//    index.ts is the public surface and may re-export any of them.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SRC = 'packages/*/src';
const up = (n) => '(\\.\\./)'.repeat(n);

/** A forbidden import: a regex on the specifier and the reason given. */
const ban = (regex, message) => ({ regex, message });

const topLevel = {
  kernel: [
    ban(`^(\\.\\./)+(platform|modules|main|testing)/`, 'house rule: kernel imports only kernel'),
    ban('^node:', 'house rule: kernel is pure: no node:* modules (pass I/O in)'),
  ],
  platform: [
    ban(
      `^(\\.\\./)+(modules|main|testing)/`,
      'house rule: platform knows no capability: it must not import modules, main or testing',
    ),
  ],
  modules: [ban(`^(\\.\\./)+(main|testing)/`, 'house rule: modules must not import main or testing')],
};

/** Deep imports into another module, seen from a file `depth` folders below `modules/<m>/`. */
const otherModuleDeep = (depth) =>
  ban(
    `^${up(depth + 1)}(?!\\.\\.)[^/]+/(?!index\\.js$).+`,
    'house rule: import another module only through its index.js (its public surface)',
  );
const mainDeep = (depth) =>
  ban(
    `^${up(depth)}modules/[^/]+/(?!index\\.js$).+`,
    'house rule: main uses a module only through its index.js (its public surface)',
  );

/** Inside a module: the layers. */
const domainRules = [
  ban('^node:', "house rule: a module's domain/ is pure: no node:* modules (pass I/O in)"),
  ban(
    `^${up(1)}(?!\\.\\./)`,
    "house rule: a module's domain/ must not import the module's services or adapters",
  ),
  ban(`^(\\.\\./)+platform/`, "house rule: a module's domain/ must not import platform (I/O)"),
];
const serviceRules = [
  ban(
    '^\\./(adapters/|db\\.js$|routes\\.js$|commands\\.js$)',
    "house rule: a module's services must not import its adapters (adapters/, db, routes, commands)",
  ),
];

const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const tests = ['**/*.test.ts', '**/*.contract.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'var/**', 'packages/console/src/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // ESLint applies the last matching config's value of a rule, so each file group below lists every
  // pattern that applies to it.
  restrict([`${SRC}/kernel/**/*.ts`], topLevel.kernel, tests),
  restrict([`${SRC}/platform/**/*.ts`], topLevel.platform, tests),
  restrict([`${SRC}/main/*.ts`], [mainDeep(1)], tests),
  restrict([`${SRC}/main/*/*.ts`], [mainDeep(2)], tests),
  // Module root: services, ports, and the adapter files db.ts, routes.ts, commands.ts, index.ts.
  restrict(
    [`${SRC}/modules/*/*.ts`],
    [...topLevel.modules, otherModuleDeep(0), ...serviceRules],
    [
      ...tests,
      `${SRC}/modules/*/index.ts`,
      `${SRC}/modules/*/db.ts`,
      `${SRC}/modules/*/routes.ts`,
      `${SRC}/modules/*/commands.ts`,
    ],
  ),
  restrict(
    [
      `${SRC}/modules/*/index.ts`,
      `${SRC}/modules/*/db.ts`,
      `${SRC}/modules/*/routes.ts`,
      `${SRC}/modules/*/commands.ts`,
    ],
    [...topLevel.modules, otherModuleDeep(0)],
  ),
  restrict([`${SRC}/modules/*/adapters/**/*.ts`], [...topLevel.modules, otherModuleDeep(1)], tests),
  restrict(
    [`${SRC}/modules/*/domain/**/*.ts`],
    [...topLevel.modules, otherModuleDeep(1), ...domainRules],
    tests,
  ),
  // Time comes from the clock (kernel/ports.ts Clock; platform/system implements it), so that a
  // decision's instant is the one the clock gave and tests can fix it. Durations use performance.now().
  {
    files: [`${SRC}/**/*.ts`],
    ignores: [...tests, `${SRC}/platform/system/system.ts`, `${SRC}/testing/**`],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'house rule: read time from the Clock (or performance.now() for a duration)',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'house rule: read time from the Clock, not new Date()',
        },
      ],
    },
  },
  // The console runs in the browser.
  { files: ['packages/console/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  // Tests may reach into main and testing to wire real adapters, but still meet other modules at
  // their public surface.
  restrict([`${SRC}/modules/*/*.test.ts`], [otherModuleDeep(0)]),
  restrict([`${SRC}/modules/*/*/**/*.test.ts`], [otherModuleDeep(1)]),
);
