import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import { hasSharedData, sampleShipment } from '../testing/support.js';

describe(
  'PGA: catalogues from shared data, the stage in filings, POST /v1/pga/determine',
  { skip: !hasSharedData && 'no shared data' },
  () => {
    let t: SharedApp;
    before(async () => {
      t = await sharedApp();
    });
    after(() => t.close());

    it('loads the catalogues as a snapshot and records its version with each filing', async () => {
      const snap = (await t.c.store.refdata.active()).find((m) => m.dataset === 'pga-flags')!;
      assert.equal(snap.rowCounts.flags, 16);
      const pallets = sampleShipment({
        lines: [
          {
            description: 'Wooden pallets',
            hts: '4415.20.40.00',
            origin: 'CN',
            quantity: [{ value: 10, unit: 'No.' }],
            value: { amount: 5000, currency: 'USD' },
          },
        ],
      });
      const r = t.c.filing.evaluate('acme', pallets);
      const f = r.findings.find((x) => x.code === 'PGA_DATA_REQUIRED');
      assert.ok(f, JSON.stringify(r.findings.map((x) => x.code)));
      assert.equal(f.path, 'lines[0].pga');
      assert.ok(r.versions.some((v) => v.dataset === 'pga-flags'));
      assert.ok(r.versions.some((v) => v.dataset === 'pga-inference-policy'));
    });

    it('answers what to file or disclaim for a number, and refuses a bad one', async () => {
      const ok = await t.app.inject({
        method: 'POST',
        url: '/v1/pga/determine',
        payload: { hts: '4415.20.40.00', pga: [{ agency: 'APHIS', disclaim: 'B' }] },
      });
      assert.equal(ok.statusCode, 200);
      const body = ok.json();
      assert.equal(body.agencies[0].flags[0].code, 'AL2');
      assert.equal(body.agencies[0].requirement, 'required');
      assert.deepEqual(
        body.findings.map((f: { code: string }) => f.code),
        ['PGA_DISCLAIM_NOT_ALLOWED'],
      );
      const bad = await t.app.inject({ method: 'POST', url: '/v1/pga/determine', payload: { hts: '44' } });
      assert.equal(bad.json().code, 'HTS_INVALID_FORMAT');
    });
  },
);
