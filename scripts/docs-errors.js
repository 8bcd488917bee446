#!/usr/bin/env node
// Writes docs/errors.md from the error catalogue (packages/platform/src/kernel/errors.ts).
import { writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { renderErrorsDoc } from '../packages/platform/dist/platform/http/errors-doc.js';

const file = new URL('../docs/errors.md', import.meta.url);
const options = (await prettier.resolveConfig(file)) ?? {};
writeFileSync(file, await prettier.format(renderErrorsDoc(), { ...options, parser: 'markdown' }));
process.stdout.write('docs/errors.md written\n');
