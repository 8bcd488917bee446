#!/usr/bin/env node
// The `tradelane` command. The build (run by `npm ci` through the root `prepare` script) compiles
// src/ to dist/ and bundles the command into dist/main/cli.bundle.js (scripts/bundle.js, ADR 0036):
// one file to load instead of ~700. This file exists before the build so that npm can link the bin
// at install time. A bundle older than the last compile (`tsc` run alone, as `tsc --watch` does) is
// stale and is not run: the compiled modules are.
import { statSync } from 'node:fs';

const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = mtime('../dist/main/cli.bundle.js');
await import(
  bundle >= 0 && bundle >= mtime('../dist/.tsbuildinfo')
    ? '../dist/main/cli.bundle.js'
    : '../dist/main/cli.js'
);
