#!/usr/bin/env node
// The `tradelane` command. The TypeScript build (run by `npm ci` through the root `prepare` script)
// writes dist/; this file exists before the build so that npm can link the bin at install time.
await import('../dist/main/cli.js');
