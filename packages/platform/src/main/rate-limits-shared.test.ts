/**
 * Rate limits across processes: on PostgreSQL the heavy routes' counts live in the database, so
 * two servers (two containers and apps on one database, as two processes would be) allow a key its
 * limit once between them, not once each. Embedded (SQLite) counts in the process's memory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createContainer, type Container } from './container.js';
import { buildApp } from './http.js';
import { TEST_HTTP } from '../testing/shared-app.js';
import { PG_URL, fixtureDir, pgEnabled, testConfig, uniqueSchema } from '../testing/support.js';

const LIMIT = 5;

describe('rate limits shared by the servers of one PostgreSQL database', { skip: !pgEnabled }, () => {
  const schema = uniqueSchema();
  const containers: Container[] = [];
  const apps: FastifyInstance[] = [];
  let key = '';
  let other = '';

  before(async () => {
    for (let i = 0; i < 2; i++) {
      const c = await createContainer(
        testConfig({
          TRADELANE_REFDATA_DIR: fixtureDir(),
          TRADELANE_DATABASE_URL: PG_URL,
          TRADELANE_DATABASE_SCHEMA: schema,
        }),
        { skipClassifier: true, skipScreening: true },
      );
      containers.push(c);
      apps.push(await buildApp(c, { ...TEST_HTTP, heavyPerMinute: LIMIT }));
    }
    key = (await containers[0]!.apiKeys.create({ tenant: 'acme', role: 'analyst' })).key;
    other = (await containers[1]!.apiKeys.create({ tenant: 'acme', role: 'analyst' })).key;
  });
  after(async () => {
    for (const app of apps) await app.close();
    for (const c of containers) await c.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });

  const call = (app: FastifyInstance, k: string) =>
    app.inject({ url: '/v1/rules/stats', headers: { authorization: `Bearer ${k}` } });

  it('allows a key its limit once across both servers, then 429 with Retry-After on either', async () => {
    const first = await Promise.all(Array.from({ length: 2 * LIMIT + 2 }, (_, i) => call(apps[i % 2]!, key)));
    const codes = first.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [...Array(LIMIT).fill(200), ...Array(LIMIT + 2).fill(429)], first[0]!.body);
    for (const app of apps) {
      const over = await call(app, key);
      assert.equal(over.statusCode, 429);
      assert.equal(over.json().code, 'RATE_LIMITED');
      assert.ok(Number(over.headers['retry-after']) > 0, JSON.stringify(over.headers));
      assert.ok(Number(over.headers['retry-after']) <= 60, JSON.stringify(over.headers));
    }
    // Another key has its own window, on either server.
    assert.equal((await call(apps[1]!, other)).statusCode, 200);
    assert.equal((await call(apps[0]!, other)).statusCode, 200);
  });
});

describe('rate limits of an embedded server', () => {
  it('are counted in memory (the SQLite store keeps no shared counter)', async () => {
    const c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: fixtureDir() }), {
      skipClassifier: true,
      skipScreening: true,
    });
    try {
      assert.equal(c.store.rateLimits, null);
    } finally {
      await c.close();
    }
  });
});
