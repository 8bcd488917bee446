/**
 * CSV that is not UTF-8, as a security probe sent it: a batch over HTTP (through the app factory)
 * and `tradelane file` of a .csv filed the bad bytes as U+FFFD, where NDJSON refuses them. Now the
 * row is an INVALID_UTF8 line and the other rows are filed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createContainer, type Container } from '../../../main/container.js';
import { buildApp } from '../../../main/http.js';
import { TEST_HTTP } from '../../../testing/shared-app.js';
import { fixtureDir, runCli, soon, tempDir, tempSqliteUrl, testConfig } from '../../../testing/support.js';

const HEADER =
  'reference,type,mode,port_of_entry,arrival_date,seller_name,seller_country,consignee_name,consignee_country,description,hts,origin,quantity_1,unit_1,quantity_2,unit_2,value_amount,currency';
const row = (ref: string, desc: string) =>
  `${ref},low_value,air,2704,${soon()},Seller,CN,Jane,US,${desc},6109100012,CN,1,doz.,0.3,kg,1999,USD`;

/** Three shipments; the second row's description has a Latin-1 "é" (byte 0xE9, not UTF-8). */
const CSV = Buffer.concat([
  Buffer.from(`${HEADER}\n${row('U-1', 'T-shirt')}\n`),
  Buffer.from(row('U-2', 'Caf\u00e9 T-shirt'), 'latin1'),
  Buffer.from(`\n${row('U-3', 'Caf\u00e9 T-shirt')}\n`),
]);
const BAD_AT = row('U-2', 'Caf\u00e9 T-shirt').indexOf('\u00e9');

type Result = { line?: number; reference?: string; status?: string; error?: { code: string; path: string } };
const results = (text: string): Result[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Result);

describe('CSV that is not UTF-8', () => {
  let c: Container;
  let app: FastifyInstance;
  let key: string;
  const refdata = fixtureDir();

  before(async () => {
    c = await createContainer(testConfig({ TRADELANE_REFDATA_DIR: refdata }), { skipClassifier: true });
    app = await buildApp(c, TEST_HTTP);
    key = (await c.apiKeys.create({ tenant: 'acme', role: 'filer' })).key;
  });
  after(async () => {
    await app.close();
    await c.close();
  });

  it('over HTTP: the bad row is an INVALID_UTF8 line, the others are filed, nothing holds U+FFFD', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/shipments:batch',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      payload: CSV,
    });
    assert.equal(res.statusCode, 200, res.body);
    const out = results(res.body);
    assert.deepEqual(
      out.map((r) => [r.line, r.reference ?? null, r.error?.code ?? 'filed']),
      [
        [2, 'U-1', 'filed'],
        [3, null, 'INVALID_UTF8'],
        [4, 'U-3', 'filed'],
      ],
    );
    assert.equal(out[1]!.error!.path, `line 3, byte ${BAD_AT}`);
    const stored = await c.store.shipments.page(null, 100);
    assert.deepEqual(stored.map((s) => s.reference).sort(), ['U-1', 'U-3']);
    assert.ok(!JSON.stringify(stored).includes('\ufffd'), 'no U+FFFD stored');
  });

  it('tradelane file of a .csv: the same lines, exit 1', () => {
    const env = { TRADELANE_DATABASE_URL: tempSqliteUrl() };
    assert.equal(runCli(['refdata', 'import', '--dir', refdata], env).code, 0);
    const file = join(tempDir('tl-csv-utf8'), 'shipments.csv');
    writeFileSync(file, CSV);
    const r = runCli(['file', file], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /1 malformed/);
    assert.deepEqual(
      results(r.stdout).map((o) => o.reference ?? o.error?.code),
      ['U-1', 'INVALID_UTF8', 'U-3'],
    );
    assert.ok(!r.stdout.includes('\ufffd'));
  });
});
