import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, samplePallets } from '../../testing/support.js';

describe(
  'PGA: catalogues from shared data, the stage in filings, POST /v1/pga/determine',
  sharedData(),
  () => {
    let t: SharedApp;
    before(async () => {
      t = await sharedApp();
    });
    after(() => t.close());

    it('loads the catalogues as a snapshot and records its version with each filing', async () => {
      const snap = (await t.c.store.refdata.active()).find((m) => m.dataset === 'pga-flags')!;
      assert.equal(snap.rowCounts.flags, 16);
      const pallets = samplePallets();
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
        headers: { authorization: `Bearer ${t.filer}` },
        payload: { hts: '4415.20.40.00', pga: [{ agency: 'APHIS', program: 'APL', disclaim: 'B' }] },
      });
      assert.equal(ok.statusCode, 200);
      const body = ok.json();
      const aphis = body.lines[0].agencies[0];
      assert.equal(aphis.flag, 'AL2');
      assert.equal(aphis.requirement, 'required');
      assert.equal(aphis.source, 'cbp_flag');
      assert.equal(aphis.recommendation.action, 'file');
      assert.deepEqual(aphis.message_set, { pg01_agency: 'APH', programs: ['APQ', 'AVS', 'APL'] });
      assert.deepEqual(
        body.rejects.map((f: { code: string }) => f.code),
        ['PGA_DISCLAIM_NOT_ALLOWED'],
      );
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/pga/determine',
        headers: { authorization: `Bearer ${t.filer}` },
        payload: { hts: '44' },
      });
      assert.equal(bad.json().code, 'HTS_INVALID_FORMAT');
    });

    const pallets = (pga?: unknown[]) => samplePallets({ reference: 'PGA-1' }, pga);

    it('answers for a whole shipment in the canonical JSON, with the rejects its PGA data would get', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/pga/determine',
        headers: { authorization: `Bearer ${t.filer}` },
        payload: pallets([
          {
            agency: 'USDA APHIS',
            program: 'APL',
            message_set: { species: [{ genus: 'Pinus', species: 'radiata' }] },
          },
        ]),
      });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.reference, 'PGA-1');
      assert.equal(body.lines[0].hts, '4415204000');
      assert.deepEqual(
        body.rejects.map((f: { code: string; path: string }) => `${f.code}@${f.path}`),
        ['PGA_SPECIES_MISSING@lines[0].pga[0].message_set.species[0]'],
      );
      const shape = await t.app.inject({
        method: 'POST',
        url: '/v1/pga/determine',
        headers: { authorization: `Bearer ${t.filer}` },
        payload: { lines: 'no' },
      });
      assert.equal(shape.statusCode, 400);
      assert.equal(shape.json().code, 'REQUEST_INVALID');
    });

    it('lists agency programs and documents, and reports the paperless rate per agency', async () => {
      const ag = await t.app.inject({ method: 'GET', url: '/v1/pga/agencies' });
      assert.equal(ag.statusCode, 200);
      const fws = ag.json().documents.find((d: { type: string }) => d.type === 'cites_permit');
      assert.equal(fws.electronic, false);
      const since = new Date().toISOString();
      await t.c.filing.fileOne(
        'acme',
        pallets([
          {
            agency: 'APHIS',
            program: 'APL',
            message_set: { species: [{ genus: 'Pinus', harvest_country: 'NZ' }] },
          },
        ]),
        null,
      );
      await t.c.filing.fileOne('acme', pallets([{ agency: 'APHIS', program: 'APL', disclaim: 'D' }]), null);
      await t.c.filing.fileOne('acme', pallets(), null);
      await t.c.filing.fileOne('other', pallets(), null);
      const auth = { authorization: `Bearer ${t.filer}` };
      const r = await t.app.inject({ method: 'GET', url: `/v1/pga/paperless?from=${since}`, headers: auth });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.filings, 3, 'a filer sees its own filings');
      const aphis = body.agencies.find((a: { agency: string }) => a.agency === 'APHIS');
      assert.deepEqual(
        [aphis.obligations, aphis.electronic, aphis.paper, aphis.missing, aphis.paperless_rate],
        [3, 1, 1, 1, 0.5],
      );
      const officer = await t.app.inject({
        method: 'GET',
        url: `/v1/pga/paperless?from=${since}`,
        headers: { authorization: `Bearer ${t.officer}` },
      });
      assert.equal(officer.json().filings, 4);
      const noAuth = await t.app.inject({ method: 'GET', url: '/v1/pga/paperless' });
      assert.equal(noAuth.statusCode, 401);
    });
  },
);
