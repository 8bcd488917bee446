import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Finding } from '../../kernel/finding.js';
import type { Container } from '../../main/container.js';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { SHARED_DATA, sharedData, sampleShipment, tempDir } from '../../testing/support.js';
import { matchJson } from './domain/stage.js';

const sdnSeller = (name: string) =>
  sampleShipment({
    reference: `AWB-${name.length}-${Math.random().toString(36).slice(2)}`,
    parties: [
      { role: 'seller', name, address: { city: 'Havana', country: 'CU' } },
      { role: 'consignee', name: 'Jane Doe', address: { city: 'Austin', country: 'US' } },
    ],
  });

describe('screening: pipeline stage, API, decisions, re-screening', sharedData(), () => {
  let c: Container;
  let app: FastifyInstance;
  let filer: string;
  let officer: string;
  let shared: SharedApp;
  before(async () => {
    shared = await sharedApp();
    ({ c, app, filer, officer } = shared);
  });
  after(() => shared.close());

  it('loads every list as a snapshot; the mended CSL copy whole, with no note', async () => {
    const active = (await c.store.refdata.active()).map((m) => m.dataset);
    for (const d of ['ofac-sdn', 'ofac-cons', 'csl', 'bis-dpl', 'un-sc', 'uflpa', 'cbp-wro'])
      assert.ok(active.includes(d), d);
    const csl = (await c.store.refdata.active()).find((m) => m.dataset === 'csl')!;
    // The shared copy's cut-off last record was removed (its SOURCE.md): nothing is dropped,
    // the 4,226 rows give 4,219 entries (seven ids are listed twice).
    assert.deepEqual(csl.notes ?? [], []);
    assert.equal(csl.rowCounts.entries, 4219);
    const stats = c.screening.current().index!.stats();
    assert.ok(stats.names >= 45_000);
    assert.ok(stats.parties < stats.entries, 'copies are consolidated');
  });

  it('reports a listed party once, the primary publisher first, with every source', () => {
    const r = c.screening.screen({ name: 'AEROCARIBBEAN AIRLINES', country: 'CU' });
    const hits = r.matches.filter((m) => m.sources.some((x) => x.id === 'ofac-sdn:36'));
    assert.equal(hits.length, 1, 'one match for the SDN entry and its CSL copy');
    assert.equal(r.matches[0]!.entry.id, 'ofac-sdn:36');
    assert.deepEqual(
      r.matches[0]!.sources.map((x) => x.id),
      ['ofac-sdn:36', 'csl:36'],
    );
    assert.ok(!r.matches.some((m) => m.entry.id === 'csl:36'));
    const json = matchJson(r.matches[0]!);
    assert.equal(json.list, 'ofac-sdn');
    assert.equal(json.source_id, '36');
    assert.deepEqual(json.sources[1], {
      list: 'csl',
      source_id: '36',
      sub_list: 'Specially Designated Nationals (SDN) - Treasury Department',
      entity_id: 'csl:36',
    });
    // A UN entry OFAC also lists is one of its sources.
    const komid = c.screening.screen({ name: 'Korea Mining Development Tra\u200bding Corp' }).matches[0]!;
    assert.equal(komid.entry.id, 'ofac-sdn:9345');
    assert.ok(komid.sources.some((x) => x.list === 'un-sc'));
    assert.ok(komid.score >= komid.threshold, 'a zero-width space does not hide a listed name');
  });

  it("a decision on a filing's party: the filing's tenant, every source, reported as suppressed", async () => {
    const id = (await c.filing.fileOne('acme', sdnSeller('AEROCARIBBEAN AIRLINES'), null)).result.id;
    const hit = (await c.store.shipments.get(id, null))!.findings.find((f) => f.code === 'SCREENING_HIT')!;
    assert.equal((hit.details as { entity_id: string }).entity_id, 'ofac-sdn:36');
    const decide = (over: { partyIndex?: number; scope?: string | null }) =>
      c.screening
        .decideForShipment({
          shipmentId: id,
          partyIndex: 0,
          entryId: 'csl:36',
          reason: 'x',
          officer: 'k',
          scope: null,
          ...over,
        })
        .then(
          () => 'ok',
          (e: { code: string }) => e.code,
        );
    assert.equal(
      await decide({ scope: 'other' }),
      'SHIPMENT_NOT_FOUND',
      "another tenant's filing is not found",
    );
    assert.equal(await decide({ partyIndex: 7 }), 'SCREENING_PARTY_UNKNOWN');
    // Decided on the CSL copy: the decision is on the party, for the filing's tenant.
    const d = await c.screening.decideForShipment({
      shipmentId: id,
      partyIndex: 0,
      entryId: 'csl:36',
      reason: 'a charter broker of the same name',
      officer: 'officer-key',
      scope: null,
    });
    assert.equal(d.tenant, 'acme');
    assert.equal(d.entryId, 'ofac-sdn:36');
    const again = c.filing.evaluate('acme', sdnSeller('AEROCARIBBEAN AIRLINES'));
    const codes = (fs: readonly Finding[]) =>
      fs.filter((f) => f.path === 'parties[0].name').map((f) => f.code);
    assert.ok(!codes(again.findings).includes('SCREENING_HIT'), 'no hit stands');
    const suppressed = again.findings.find((f) => f.code === 'SCREENING_HIT_SUPPRESSED')!;
    assert.equal(suppressed.severity, 'info');
    assert.equal((suppressed.details as { decision: { id: string } }).decision.id, d.id);
    assert.deepEqual(
      (suppressed.details as { sources: { entity_id: string }[] }).sources.map((x) => x.entity_id),
      ['ofac-sdn:36', 'csl:36'],
    );
    const other = c.filing.evaluate('other', sdnSeller('AEROCARIBBEAN AIRLINES'));
    assert.ok(codes(other.findings).includes('SCREENING_HIT'), "another tenant's party is flagged");
  });

  it('flags a listed party in a filing, with the list versions used', async () => {
    const r = c.filing.evaluate('acme', sdnSeller('Banco Nacional de Cuba'));
    const hit = r.findings.find((f) => f.code === 'SCREENING_HIT')!;
    assert.equal(hit.path, 'parties[0].name');
    assert.equal(hit.severity, 'warning');
    assert.ok(r.versions.some((v) => v.dataset === 'ofac-sdn'));
    assert.ok(r.versions.some((v) => v.dataset === 'screening-policy'));
    const uflpa = c.filing.evaluate('acme', sdnSeller('Xinjiang Production and Construction Corps'));
    assert.ok(uflpa.findings.some((f) => f.code === 'FORCED_LABOR_LIST_HIT'));
    const clean = c.filing.evaluate('acme', sampleShipment());
    assert.ok(!clean.findings.some((f) => f.code.endsWith('_HIT')));
  });

  it('POST /v1/screen: one party or a batch; bad parties get their own error', async () => {
    const one = await app.inject({
      method: 'POST',
      url: '/v1/screen',
      headers: { authorization: `Bearer ${filer}` },
      payload: { name: 'AEROCARIBEAN AIRLINES', country: 'CU' },
    });
    assert.equal(one.statusCode, 200);
    const body = one.json();
    assert.ok(body.matches.some((m: { source_id: string }) => m.source_id === '36'));
    assert.ok(body.data_versions.some((v: { dataset: string }) => v.dataset === 'ofac-sdn'));
    const batch = await app.inject({
      method: 'POST',
      url: '/v1/screen',
      headers: { authorization: `Bearer ${filer}` },
      payload: { parties: [{ id: 'a', name: '' }, { id: 'b', name: 'x'.repeat(10_000) }, { name: 7 }] },
    });
    assert.equal(batch.statusCode, 200);
    const [a, b, c3] = batch.json().results;
    assert.equal(a.error.code, 'FIELD_REQUIRED');
    assert.deepEqual(b.matches, []);
    assert.equal(c3.error.code, 'TYPE_INVALID');
  });

  it('an officer marks a false positive on a filing; the same party is not flagged again for that entry', async () => {
    const party = { name: 'Cimex Iberica', country: 'ES' };
    const before = c.screening.screen(party, { tenant: 'acme' }).matches.map((m) => m.entry.id);
    assert.ok(before.includes('ofac-sdn:536'));
    const filed = await c.filing.fileOne(
      'acme',
      sampleShipment({
        reference: 'FP-1',
        parties: [
          { role: 'seller', name: party.name, address: { country: 'ES' } },
          { role: 'consignee', name: 'Jane Doe', address: { country: 'US' } },
        ],
      }),
      null,
    );
    const decision = (key: string, body: object) =>
      app.inject({
        method: 'POST',
        url: '/v1/screening/decisions',
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
    const body = {
      shipment_id: filed.result.id,
      party_index: 0,
      entity_id: 'ofac-sdn:536',
      reason: 'a Spanish bakery, not the Cuban firm',
    };
    assert.equal((await decision(filer, body)).statusCode, 403);
    // The tenant comes from the filing: a body naming another tenant is refused as a shape error.
    assert.equal((await decision(officer, { ...body, tenant: 'globex' })).statusCode, 400);
    const ok = await decision(officer, body);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().tenant, 'acme');
    const after = c.screening.screen(party, { tenant: 'acme' });
    assert.ok(!after.matches.some((m) => m.entry.id === 'ofac-sdn:536'));
    assert.ok(after.suppressed.some((m) => m.entry.id === 'ofac-sdn:536'));
    assert.ok(
      c.screening.screen(party, { tenant: 'globex' }).matches.some((m) => m.entry.id === 'ofac-sdn:536'),
      'another tenant is not affected',
    );
    const changed = c.screening.screen({ ...party, address: 'Calle Mayor 1' }, { tenant: 'acme' });
    assert.ok(
      changed.matches.some((m) => m.entry.id === 'ofac-sdn:536'),
      'a changed party is screened afresh',
    );
    assert.equal(
      (await decision(officer, { ...body, entity_id: 'ofac-sdn:nope' })).json().code,
      'SCREENING_ENTRY_UNKNOWN',
    );
    assert.equal(
      (await decision(officer, { ...body, party_index: 7 })).json().code,
      'SCREENING_PARTY_UNKNOWN',
    );
    assert.equal((await decision(officer, { ...body, shipment_id: 'shp_nope' })).statusCode, 404);
  });

  it('re-screening: no alert for hits the filings reported, even after an import of unchanged lists', async () => {
    await c.filing.fileOne('acme', sdnSeller('Anglo-Caribbean Co Ltd'), null);
    const first = await c.screening.rescreen();
    assert.equal(first.alerts, 0, 'every hit was reported by its filing');
    // The CSL republished: other bytes, the same entries.
    const dir = tempDir('tl-csl');
    mkdirSync(join(dir, 'csl-trade-gov-subset'));
    writeFileSync(
      join(dir, 'csl-trade-gov-subset', 'csl.csv'),
      readFileSync(join(SHARED_DATA, 'csl-trade-gov-subset', 'csl.csv'), 'utf8') + '\n',
    );
    const imported = await c.importer.run(c.directorySource(dir));
    assert.equal(imported[0]!.outcome, 'imported');
    assert.equal(c.lastRescreen()!.alerts, 0, 'an import of unchanged lists raises nothing');
    assert.equal((await c.screening.rescreen()).alerts, 0);
    // A new entry naming a filed party raises one alert, once.
    mkdirSync(join(dir, 'uflpa-entity-list'));
    writeFileSync(
      join(dir, 'uflpa-entity-list', 'entities.csv'),
      readFileSync(join(SHARED_DATA, 'uflpa-entity-list', 'entities.csv'), 'utf8') +
        'Anglo-Caribbean Company Limited,,,2026-12-01,,,test entry\n',
    );
    await c.importer.run(c.directorySource(dir));
    assert.equal(c.lastRescreen()!.alerts, 1);
    assert.equal((await c.screening.rescreen()).alerts, 0, 'known hits raise nothing');
    const res = await app.inject({
      method: 'GET',
      url: '/v1/alerts',
      headers: { authorization: `Bearer ${officer}` },
    });
    const alert = res.json().alerts.find((a: { list: string }) => a.list === 'uflpa');
    assert.ok(alert);
    const ack = (key: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/alerts/${alert.id}/acknowledge?tenant=acme`,
        headers: { authorization: `Bearer ${key}` },
      });
    assert.equal((await ack(filer)).statusCode, 403);
    assert.equal((await ack(officer)).statusCode, 200);
    assert.equal((await ack(officer)).json().code, 'ALERT_NOT_FOUND', 'acknowledged once');
  });
});
