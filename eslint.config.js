// Lint: typescript-eslint on every package, plus the layer rule of docs/architecture.md:
// domain ← ports ← app ← adapters ← main. A layer may import only from itself and the layers to its left.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = ['domain', 'ports', 'app', 'adapters', 'config', 'main'];
// What each layer must not import (relative paths inside packages/*/src).
const forbidden = {
  domain: ['ports', 'app', 'adapters', 'config', 'main'],
  ports: ['app', 'adapters', 'config', 'main'],
  app: ['adapters', 'config', 'main'],
  adapters: ['main'],
  config: ['app', 'adapters', 'main'],
  main: [],
};
const layerRules = layers.map((layer) => ({
  files: [`packages/*/src/${layer}/**/*.ts`],
  // Tests wire real adapters around the code they test; the rule binds production code.
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden[layer].map((other) => ({
            regex: `^(\\.\\./)+(.*/)?${other}/`,
            message: `layer rule: ${layer} must not import from ${other} (domain ← ports ← app ← adapters ← main)`,
          })),
          ...(layer === 'domain'
            ? [{ regex: '^node:', message: 'layer rule: domain is pure: no node:* modules (pass I/O in)' }]
            : []),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'var/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
);
