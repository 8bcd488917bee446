/**
 * Text no store can keep, on both stores: a NUL character in a filing was a 500 on PostgreSQL
 * (and lost a whole batch) while SQLite stored it. Both now answer the same: a 400 for one filing,
 * an error for that line of a batch and the other lines filed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createContainer, type Container } from './container.js';
import { buildApp } from './http.js';
import { TEST_HTTP } from '../testing/shared-app.js';
import {
  PG_URL,
  fixtureDir,
  pgEnabled,
  sampleShipment,
  testConfig,
  uniqueSchema,
} from '../testing/support.js';

const stores: [string, () => Record<string, string>][] = [['SQLite', () => ({})]];
if (pgEnabled) {
  stores.push([
    'PostgreSQL',
    () => ({ TRADELANE_DATABASE_URL: PG_URL, TRADELANE_DATABASE_SCHEMA: uniqueSchema() }),
  ]);
}

for (const [name, env] of stores) {
  describe(`hostile text on ${name}`, () => {
    let c: Container;
    let app: FastifyInstance;
    let key: string;
    let schema: string | undefined;

    before(async () => {
      const e = env();
      schema = e.TRADELANE_DATABASE_SCHEMA;
      c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: fixtureDir(), ...e }), {
        skipClassifier: true,
      });
      app = await buildApp(c, TEST_HTTP);
      key = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
    });
    after(async () => {
      await app.close();
      await c.close();
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    });

    const nulReference = sampleShipment({ reference: 'R\u0000' });
    const nulDate = sampleShipment({
      reference: 'NUL-DATE',
      transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2026-12-0\u00001' },
    });

    it('answers a filing with a NUL character 400 TEXT_NUL and stores nothing', async () => {
      const before = await c.store.shipments.count();
      for (const body of [nulReference, nulDate]) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/shipments',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().code, 'TEXT_NUL');
      }
      assert.equal(await c.store.shipments.count(), before);
    });

    it('files the other lines of a batch and refuses only the line with a NUL character', async () => {
      const before = await c.store.shipments.count();
      const lines = [
        sampleShipment({ reference: 'B-1' }),
        nulReference,
        sampleShipment({ reference: 'B-3' }),
        nulDate,
        sampleShipment({ reference: 'B-5' }),
      ].map((s) => JSON.stringify(s));
      const res = await app.inject({
        method: 'POST',
        url: '/v1/shipments:batch',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        payload: lines.join('\n') + '\n',
      });
      assert.equal(res.statusCode, 200, res.body);
      const out = res.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number; status?: string; error?: { code: string } });
      assert.deepEqual(
        out.map((o) => `${o.line}:${o.error?.code ?? o.status}`),
        ['1:accepted', '2:TEXT_NUL', '3:accepted', '4:TEXT_NUL', '5:accepted'],
      );
      assert.equal(await c.store.shipments.count(), before + 3);
    });
  });
}
