import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, samplePallets } from '../../testing/support.js';
import { sql, type Kysely } from 'kysely';
import { recountBacklog } from '../../main/background.js';
import type { KyselyStore } from '../../main/store/kysely-store.js';
import { silentLogger } from '../../kernel/ports.js';
import { reportCounts } from '../../platform/db/migrations-counts.js';

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

    it('after an upgrade, answers COUNTS_CATCHING_UP until the recount has counted the older filings, then the same', async () => {
      await t.c.filing.fileOne('globex', pallets([{ agency: 'APHIS', program: 'APL', disclaim: 'D' }]), null);
      const officer = { authorization: `Bearer ${t.officer}` };
      const read = async (url: string, headers: Record<string, string>) => {
        const r = await t.app.inject({ method: 'GET', url, headers });
        return { status: r.statusCode, body: r.json() };
      };
      const reads = () =>
        Promise.all([
          read('/v1/pga/paperless', officer),
          read('/v1/pga/paperless', { authorization: `Bearer ${t.filer}` }),
          read('/v1/rules/stats', officer),
        ]);
      const before = await reads();
      assert.deepEqual(
        before.map((r) => r.status),
        [200, 200, 200],
      );
      assert.ok(before[0]!.body.filings >= 5, JSON.stringify(before[0]!.body));
      assert.ok(before[0]!.body.agencies.some((a: { agency: string }) => a.agency === 'APHIS'));
      // A store as migration 0019 finds it: filings and decisions, no counters.
      const db = (t.c.store as KyselyStore).db;
      for (const table of ['stage_counts', 'rule_counts', 'count_backlog', 'rule_backlog'])
        await sql`drop table ${sql.table(table)}`.execute(db);
      await reportCounts('sqlite').up(db as unknown as Kysely<unknown>);
      for (const r of await reads()) {
        assert.equal(r.status, 503);
        assert.equal(r.body.code, 'COUNTS_CATCHING_UP');
        assert.ok(r.body.details.left > 0);
      }
      await recountBacklog(t.c, silentLogger).done();
      assert.deepEqual(await reads(), before);
      const bad = await read('/v1/pga/paperless?from=2026-02-30T25:00', officer);
      assert.deepEqual([bad.status, bad.body.code, bad.body.path], [400, 'QUERY_INVALID', 'query.from']);
    });
  },
);
