import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../platform/http/app.js';
import { tempDir } from '../testing/support.js';
import { CONSOLE_CSP, CONSOLE_PAGES, serveConsole } from './console.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head></html>';

const bareApp = () =>
  createHttpApp({
    logLevel: 'silent',
    bodyLimit: 1_000_000,
    version: 'test',
    authenticator: { key: async () => null, session: async () => null },
  });

describe('the console served at /', () => {
  let app: FastifyInstance;
  before(async () => {
    const dir = tempDir('tl-console');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    app = await bareApp();
    app.get('/v1/ping', { config: { access: 'public' } }, async () => ({ ok: true }));
    assert.equal(await serveConsole(app, dir), true);
    await app.ready();
  });
  after(() => app.close());

  it('answers index.html with a strict CSP at every page address (deep links survive a reload)', async () => {
    for (const page of CONSOLE_PAGES) {
      const url = page.replace(':id', 'shp_01ABC');
      const r = await app.inject(url);
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      assert.equal(r.body, INDEX, url);
      assert.equal(r.headers['content-security-policy'], CONSOLE_CSP);
      assert.doesNotMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval/);
    }
  });

  it('serves the hashed assets, cached for good', async () => {
    const r = await app.inject('/assets/app-1a2b.js');
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await app.inject('/assets/missing.js')).statusCode, 404);
  });

  it('leaves the API alone: its routes answer, unknown /v1 paths are the JSON 404', async () => {
    assert.deepEqual((await app.inject('/v1/ping')).json(), { ok: true });
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9-]{1,20}(\/[a-z0-9_-]{1,20}){0,3}$/), async (rest) => {
        fc.pre(rest !== 'ping');
        for (const prefix of ['/v1/', '/nope/']) {
          const r = await app.inject(`${prefix}${rest}`);
          assert.equal(r.statusCode, 404);
          assert.equal(r.json().code, 'ROUTE_NOT_FOUND');
        }
      }),
      { numRuns: 50 },
    );
  });

  it('serves nothing (and the API still starts) when the console is not built', async () => {
    const bare = await bareApp();
    assert.equal(await serveConsole(bare, tempDir('tl-console-none')), false);
    await bare.ready();
    assert.equal((await bare.inject('/')).statusCode, 404);
    await bare.close();
  });
});
