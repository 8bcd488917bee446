/**
 * The lists and reports officers, analysts and filers read must stay flat as the store grows
 * (issue 22): every SELECT the read endpoints run on SQLite is explained (EXPLAIN QUERY PLAN), and
 * none may read a growing table whole or sort what it reads to page it. A new list or filter
 * without its index fails here, on 300 filings, instead of in production at ten million.
 *
 * The statements are recorded where better-sqlite3 prepares them (the driver's own prototype,
 * restored after), so the test sees exactly what the repositories send, hand-written or Kysely's.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type BetterSqlite3 from 'better-sqlite3';
import { sampleShipment } from '../testing/support.js';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import { SWEEP_TABLE } from '../modules/parties/adapters/sqlite-link-index.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** Tables that grow with traffic; any other table is reference-sized (keys, members, snapshots). */
const GROWING = [
  'shipments',
  'decisions',
  'benefit_ledger',
  'benefit_cells',
  'benefit_hours',
  'party_links',
  'party_links_by_entity',
  'entities',
  'screening_alerts',
  'screened_parties',
  'documents',
  'outbox',
  'webhook_deliveries',
  'filing_counts',
  'stage_counts',
  'rule_counts',
  'count_backlog',
];

/**
 * Plans allowed although they match the rule, each with its reason. A report that aggregates a
 * whole table reads it whole by design; its speed is a benchmark's business, not an index's.
 */
const ALLOWED: readonly { readonly sql: RegExp; readonly detail: RegExp; readonly why: string }[] = [
  {
    sql: /from benefit_ledger/,
    detail: /^SCAN benefit_ledger$/,
    why: 'the benefits report over a range that is not whole months passes over every ledger row in seq order (bench/benefits-report.js)',
  },
  {
    sql: /from benefit_(cells|hours) where n > 0$/,
    detail: /^SCAN benefit_(cells|hours)$/,
    why: 'the benefits report over every month reads every cell: a row per month, stratum and member (ADR 0033), not per decision',
  },
  {
    sql: /from "filing_counts"/,
    detail: /TEMP B-TREE FOR GROUP BY/,
    why: "a day's counters: a few dozen rows per day (ADR 0024)",
  },
  {
    sql: /from "stage_counts"/,
    detail: /TEMP B-TREE FOR GROUP BY/,
    why: "the paperless report's counters: a few rows per day and agency (ADR 0029)",
  },
  {
    sql: /from "rule_counts"/,
    detail: /^SCAN rule_counts$|TEMP B-TREE FOR GROUP BY/,
    why: 'the rule counters of every day: a row per day and rule (ADR 0029), whatever the filings',
  },
  {
    sql: /from \(select 1 as "one" from "count_backlog" limit \?\)/,
    detail: /^SCAN count_backlog/,
    why: 'a bounded count of what the recount has left (empty once caught up; ADR 0029)',
  },
  {
    sql: /from "entity_links" where \("child" = \? or "parent" = \?\)/,
    detail: /TEMP B-TREE FOR ORDER BY/,
    why: "one entity's ownership links, its parents and children: a few each (GLEIF's largest parents a few thousand), not a table's",
  },
  {
    sql: /from "entity_audit" where "entity_id" = \?/,
    detail: /TEMP B-TREE FOR ORDER BY/,
    why: "one entity's merges and splits, each an officer's act",
  },
  {
    sql: /from "documents" where "shipment_id" in/,
    detail: /TEMP B-TREE FOR GROUP BY/,
    why: "counts of the documents of one page's filings, found by documents_shipment",
  },
];

/** What is wrong with one line of a plan, or null. */
function problem(detail: string): string | null {
  const table = GROWING.find((t) => new RegExp(`^(SCAN|SEARCH) ${t}\\b`).test(detail));
  if (table && /^SCAN /.test(detail) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(detail))
    return `reads ${table} whole`;
  if (/USE TEMP B-TREE FOR (ORDER BY|LAST TERM OF ORDER BY|RIGHT PART OF ORDER BY|GROUP BY)/.test(detail))
    return 'sorts what it reads';
  return null;
}

describe('read plans: lists and reports use their indexes (SQLite)', () => {
  let t: SharedApp;
  let analyst: string;
  let entityId: string;
  const statements = new Map<string, string>();
  const prepare = Database.prototype.prepare;

  before(async () => {
    t = await sharedApp();
    analyst = (await t.c.apiKeys.create({ tenant: 'cbp', role: 'analyst' })).key;
    const body =
      Array.from({ length: 300 }, (_, i) => JSON.stringify(sampleShipment({ reference: `PLAN-${i}` }))).join(
        '\n',
      ) + '\n';
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/shipments:batch',
      headers: { authorization: `Bearer ${t.filer}`, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    assert.equal(res.statusCode, 200, res.body);
    // The filings' parties linked to entities, as party resolution behind the filing does.
    const ids = res.body
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    await t.c.registry.recordShipments(ids);
    const links = await t.c.store.registry.partyLinksOfShipments(ids.slice(0, 1));
    assert.ok(links.length > 0, 'the first filing has linked parties');
    entityId = links[0]!.entityId;
    Database.prototype.prepare = function (this: BetterSqlite3.Database, source: string) {
      if (/^\s*select/i.test(source)) statements.set(source.replace(/\s+/g, ' ').trim(), source);
      return prepare.call(this, source);
    } as typeof prepare;
  });

  after(async () => {
    Database.prototype.prepare = prepare;
    await t.close();
  });

  it("the queue, the lists, the dashboard, alerts, reports and an entity's page: no whole-table read, no sort", async () => {
    const reads: [string, string][] = [
      ['/v1/shipments?limit=50', t.filer],
      ['/v1/shipments?reference=PLAN-7', t.filer],
      ['/v1/shipments?status=accepted&limit=5', t.filer],
      ['/v1/shipments?lane=green&limit=5', t.filer],
      ['/v1/shipments?limit=5', t.officer],
      ['/v1/shipments?lane=green&limit=5', t.officer],
      ['/v1/shipments?tenant=acme&limit=5', t.officer],
      ['/v1/shipments?tenant=acme&status=accepted&limit=5', t.officer],
      ['/v1/shipments?from=2020-01-01&to=2100-01-01&limit=5', t.officer],
      ['/v1/queue?lane=green&limit=5', t.officer],
      ['/v1/queue?lane=green&port=4701&limit=5', t.officer],
      ['/v1/queue?lane=yellow&signal=VALUE_ANOMALY&limit=5', t.officer],
      ['/v1/dashboard', t.officer],
      ['/v1/alerts', t.officer],
      ['/v1/alerts?open=true', t.officer],
      ['/v1/alerts?open=true', t.filer],
      ['/v1/benefits/report', analyst],
      ['/v1/benefits/report?from=2026-01-01&to=2026-07-01', analyst],
      ['/v1/benefits/series', analyst],
      ['/v1/pga/paperless', t.filer],
      ['/v1/pga/paperless?from=2020-01-01&to=2100-01-01', analyst],
      ['/v1/rules/stats', analyst],
      // An entity's page: its latest filings (migration 0022).
      [`/v1/entities/${entityId}`, t.officer],
    ];
    for (const [url, key] of reads) {
      const headers = { authorization: `Bearer ${key}` };
      const res = await t.app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      // The second page too: a keyset page has a predicate of its own.
      const next = (res.json() as { next?: string | null }).next;
      if (next) {
        const page = await t.app.inject({
          method: 'GET',
          url: `${url}&cursor=${encodeURIComponent(next)}`,
          headers,
        });
        assert.equal(page.statusCode, 200, page.body);
      }
    }
    // A filing and a batch under an Idempotency-Key, each sent twice: the look-ups by key use the
    // idempotency index, which holds keyed filings only (migration 0021).
    for (let i = 0; i < 2; i++) {
      const one = await t.app.inject({
        method: 'POST',
        url: '/v1/shipments',
        headers: { authorization: `Bearer ${t.filer}`, 'idempotency-key': 'plan-one' },
        payload: sampleShipment({ reference: 'PLAN-KEYED' }),
      });
      assert.ok(one.statusCode < 300, one.body);
      const batch = await t.app.inject({
        method: 'POST',
        url: '/v1/shipments:batch',
        headers: {
          authorization: `Bearer ${t.filer}`,
          'idempotency-key': 'plan-batch',
          'content-type': 'application/x-ndjson',
        },
        payload: `${JSON.stringify(sampleShipment({ reference: 'PLAN-KEYED-BATCH' }))}\n`,
      });
      assert.equal(batch.statusCode, 200, batch.body);
    }
    assert.ok(
      [...statements.keys()].some((q) => /"idempotency_key" in \(/.test(q)) &&
        [...statements.keys()].some((q) => /"idempotency_key" = \?/.test(q)),
      'the look-ups by key were not recorded',
    );
    assert.ok(
      [...statements.keys()].some((q) => /from party_links_by_entity x join party_links l/.test(q)) &&
        [...statements.keys()].some((q) => /from party_links where link > \? and entity_id = \?/.test(q)),
      "the entity page's reads of its latest links (indexed, and past the sweeps' mark) were not recorded",
    );
    assert.ok(statements.size >= 10, `only ${statements.size} statements recorded`);
    const raw = new Database(t.c.config.TRADELANE_DATABASE_URL.replace(/^sqlite:/, ''), { readonly: true });
    try {
      // Should the sweep's statements be recorded (they are prepared with the first write of links,
      // before the recording here; sqlite-link-index.test.ts checks their plans), they read the
      // connection's own temporary table: made here too.
      raw.exec(SWEEP_TABLE);
      const found: string[] = [];
      for (const [flat, source] of statements) {
        const stmt = raw.prepare(`explain query plan ${source}`);
        // The plan does not depend on the values: every parameter bound to null.
        const named = [...new Set(source.match(/[@:$]\w+/g) ?? [])].map((p) => p.slice(1));
        const positional = (source.match(/\?/g) ?? []).length;
        const plan = (
          named.length > 0
            ? stmt.all(Object.fromEntries(named.map((p) => [p, null])))
            : stmt.all(...Array<null>(positional).fill(null))
        ) as { detail: string }[];
        if (
          /"idempotency_key" (=|in)/.test(flat) &&
          !plan.some((l) => /shipments_idempotency/.test(l.detail))
        )
          found.push(`a look-up by key without shipments_idempotency\n    ${flat.slice(0, 240)}`);
        for (const { detail } of plan) {
          const p = problem(detail);
          if (p && !ALLOWED.some((a) => a.sql.test(flat) && a.detail.test(detail)))
            found.push(`${p}: ${detail}\n    ${flat.slice(0, 240)}`);
        }
      }
      assert.deepEqual(found, []);
      // Keyed filings only (0021): the bulk filings above, without a key, are not in it.
      const index = raw
        .prepare("select sql from sqlite_master where name = 'shipments_idempotency'")
        .get() as {
        sql: string;
      };
      assert.match(index.sql, /where "idempotency_key" is not null$/);
    } finally {
      raw.close();
    }
  });

  it('the rule itself: a table read whole and a sort for a page are caught', () => {
    assert.equal(problem('SCAN shipments'), 'reads shipments whole');
    assert.equal(problem('SCAN shipments USING INDEX shipments_created'), null);
    assert.equal(problem('SEARCH shipments USING INDEX shipments_tenant_created (tenant=?)'), null);
    assert.equal(problem('USE TEMP B-TREE FOR LAST TERM OF ORDER BY'), 'sorts what it reads');
    assert.equal(problem('SCAN api_keys'), null);
  });
});
