import type { FastifyInstance } from 'fastify';
import { createContainer, type Container, type ContainerOptions } from '../main/container.js';
import { buildApp } from '../main/http.js';
import { LIST_ENV, refdataDir, testConfig } from './support.js';

/** HTTP settings of the tests: small limits, no logs, every answer checked against its schema. */
export const TEST_HTTP = {
  bodyLimit: 1024 * 1024,
  batchLineLimit: 64 * 1024,
  logLevel: 'silent',
  version: 'test',
  checkResponses: true,
} as const;

export interface SharedApp {
  readonly c: Container;
  readonly app: FastifyInstance;
  /** A filer key of tenant `acme` and an officer key. */
  readonly filer: string;
  readonly officer: string;
  close(): Promise<void>;
}

/** A container on a new SQLite database with the shared reference data and lists, and its HTTP app. */
export async function sharedApp(
  opts: ContainerOptions = {},
  env: Record<string, string> = {},
): Promise<SharedApp> {
  const c = await createContainer(
    testConfig({ TRADELANE_REFDATA_DIR: refdataDir(), ...LIST_ENV, ...env }),
    opts,
  );
  const app = await buildApp(c, TEST_HTTP);
  return {
    c,
    app,
    filer: (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key,
    officer: (await c.apiKeys.create({ tenant: 'cbp', role: 'officer' })).key,
    close: async () => {
      await app.close();
      await c.close();
    },
  };
}
