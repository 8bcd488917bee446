/**
 * Writes the OpenAPI document of the HTTP API to a file, from the app factory and without a
 * server: the console's typed client is generated from it at build time (ADR 0015).
 *
 *   node packages/platform/dist/main/openapi-dump.js <out.json>
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../platform/config/config.js';
import { createContainer } from './container.js';
import { buildApp } from './http.js';

/** The OpenAPI document as the server would publish it at /openapi.json. */
export async function openApiDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-openapi-'));
  try {
    const config = loadConfig({
      TRADELANE_DATABASE_URL: `sqlite:${join(dir, 'spec.db')}`,
      TRADELANE_LOG_LEVEL: 'silent',
      TRADELANE_DOCUMENTS_DIR: join(dir, 'docs'),
    });
    const c = await createContainer(config, { skipReference: true });
    try {
      const app = await buildApp(c);
      const doc = app.swagger();
      await app.close();
      return doc;
    } finally {
      await c.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = process.argv[2];
if (out && import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(out, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
}
