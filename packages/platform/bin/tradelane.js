#!/usr/bin/env node
// The `tradelane` command. The build (run by `npm ci` through the root `prepare` script) compiles
// src/ to dist/ and bundles the command into dist/main/cli.bundle.js (scripts/bundle.js, ADR 0036):
// one file to load instead of ~1,300. This file exists before the build so that npm can link the
// bin at install time. The bundle runs only while it is that of the last compile and of the
// installed packages (platform/system/bundle-stamp.ts); otherwise the compiled modules run.
import { fileURLToPath } from 'node:url';
import { bundleIsCurrent } from '../dist/platform/system/bundle-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
await import(bundleIsCurrent(root) ? '../dist/main/cli.bundle.js' : '../dist/main/cli.js');
