/**
 * The index of party links by entity, swept (ADR 0044): whatever the writes, moves and failed
 * writes, and wherever a sweep stands, an entity's links read back as a plain list of links would
 * give them — and once the sweeps have passed, every link is in the index. Sweeps here are a few
 * links long, so that a handful of writes start, cut and finish many of them.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrationProvider } from '../../../platform/db/migrations.js';
import type { Database } from '../../../platform/db/schema.js';
import { openStore } from '../../../main/store/open-store.js';
import { tempSqliteUrl } from '../../../testing/support.js';
import type { PartyLink } from '../repository.js';
import { SqliteRegistry } from './sqlite-registry.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** A new, migrated SQLite file and a registry on it that sweeps every few links. */
async function registryOn(sweep: { sweepAt: number; readPart: number; slice: number }) {
  const url = tempSqliteUrl();
  await (await openStore({ url })).close();
  const sqlite = new Sqlite(url.replace(/^sqlite:/, ''));
  const kdb = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, kdb, registry: new SqliteRegistry(kdb, sqlite, sweep) };
}

const link = (shipmentId: string, partyIndex: number, entityId: string): PartyLink => ({
  shipmentId,
  partyIndex,
  tenant: 't',
  entityId,
  role: 'seller',
  confidence: 0.9,
  method: 'name',
  reasons: [`${shipmentId}/${partyIndex}`],
  at: '2026-12-07T00:00:00.000Z',
});

const ENTITIES = ['ent_a', 'ent_b', 'ent_c', 'ent_d'];
const entity = fc.constantFrom(...ENTITIES);
const party = fc.record({
  shipment: fc.integer({ min: 0, max: 30 }),
  index: fc.integer({ min: 0, max: 2 }),
  entity,
});
const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('add' as const), parties: fc.array(party, { maxLength: 7 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('fail' as const), parties: fc.array(party, { maxLength: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      from: entity,
      to: entity,
      only: fc.option(fc.array(party, { maxLength: 4 }), { nil: undefined }),
    }),
  },
);

describe('SQLite: party links by entity, swept', () => {
  it('reads what a plain list of the links would give, at every step of every sweep', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.record({
          sweepAt: fc.integer({ min: 1, max: 8 }),
          readPart: fc.integer({ min: 1, max: 5 }),
          slice: fc.integer({ min: 1, max: 4 }),
        }),
        async (ops, sweep) => {
          const { sqlite, kdb, registry } = await registryOn(sweep);
          try {
            // The model: every link recorded, in the order recorded, with its entity now.
            const model: { key: string; entity: string }[] = [];
            const check = async () => {
              for (const e of ENTITIES) {
                const want = model.filter((l) => l.entity === e).reverse();
                for (const limit of [1, 3, 1000]) {
                  const got = (await registry.partyLinks(e, limit)).map(
                    (l) => `${l.shipmentId}/${l.partyIndex}`,
                  );
                  assert.deepEqual(
                    got,
                    want.slice(0, limit).map((l) => l.key),
                    `${e}, limit ${limit}`,
                  );
                }
              }
            };
            for (const o of ops) {
              if (o.kind === 'move') {
                const only = o.only?.map((p) => ({ shipmentId: `shp_${p.shipment}`, partyIndex: p.index }));
                const keys = only ? new Set(only.map((p) => `${p.shipmentId}/${p.partyIndex}`)) : null;
                const moved = model.filter((l) => l.entity === o.from && (!keys || keys.has(l.key)));
                assert.equal(await registry.movePartyLinks(o.from, o.to, only), moved.length);
                for (const l of moved) l.entity = o.to;
              } else {
                const links = o.parties.map((p) => link(`shp_${p.shipment}`, p.index, p.entity));
                // A write that fails (a link without an entity) leaves nothing, its sweep step neither.
                if (o.kind === 'fail')
                  links.push({ ...link('shp_x', 0, 'ent_a'), entityId: null as unknown as string });
                const write = registry.addPartyLinks(links);
                if (o.kind === 'fail') {
                  await assert.rejects(write, /NOT NULL/);
                } else {
                  await write;
                  for (const l of links) {
                    const key = `${l.shipmentId}/${l.partyIndex}`;
                    if (!model.some((m) => m.key === key)) model.push({ key, entity: l.entityId });
                  }
                }
              }
              await check();
            }
            // Writes with nothing new still step the sweeps on: enough of them and the mark is past
            // every link, each in the index under its entity now.
            for (let i = 0; i < 4 * (model.length + 4); i++)
              await registry.addPartyLinks([link('shp_0', 0, 'ent_a')]);
            if (!model.some((m) => m.key === 'shp_0/0')) model.push({ key: 'shp_0/0', entity: 'ent_a' });
            await check();
            const last = sqlite.prepare('select max(link) from party_links').pluck().get() as number;
            const through = sqlite.prepare('select through from party_links_indexed').pluck().get() as number;
            assert.ok(last - through < sweep.sweepAt, `mark ${through}, last ${last}`);
            const missing = sqlite
              .prepare(
                `select count(*) from party_links l where l.link <= ? and not exists
                 (select 1 from party_links_by_entity x where x.entity_id = l.entity_id and x.link = l.link)`,
              )
              .pluck()
              .get(through);
            assert.equal(missing, 0, 'links behind the mark not in the index');
          } finally {
            await kdb.destroy();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an upgraded store keeps its links, numbered as they were, and indexes them (migration 0023)', async () => {
    const url = tempSqliteUrl();
    const path = url.replace(/^sqlite:/, '');
    // The store as it was at 0022: party_links with its row ids and its index by entity.
    const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new Sqlite(path) }) });
    const all = migrationProvider('sqlite');
    const upTo0022: MigrationProvider = {
      async getMigrations() {
        return Object.fromEntries(
          Object.entries(await all.getMigrations()).filter(([name]) => name < '0023'),
        );
      },
    };
    const migrated = await new Migrator({
      db: old,
      provider: upTo0022,
      migrationTableName: 'tradelane_migrations',
      migrationLockTableName: 'tradelane_migrations_lock',
    }).migrateToLatest();
    assert.equal(migrated.error, undefined);
    await old.destroy();
    const raw = new Sqlite(path);
    const insert = raw.prepare(
      `insert into party_links (shipment_id, party_index, tenant, entity_id, role, confidence, method, reasons, at)
       values (?, ?, 't', ?, 'seller', 0.9, 'name', '[]', '2026-12-01T00:00:00.000Z')`,
    );
    for (let i = 0; i < 50; i++) insert.run(`shp_${String(i).padStart(3, '0')}`, 0, ENTITIES[i % 3]);
    raw.close();
    const store = await openStore({ url });
    try {
      const latest = await store.registry.partyLinks('ent_b', 3);
      assert.deepEqual(
        latest.map((l) => l.shipmentId),
        ['shp_049', 'shp_046', 'shp_043'],
      );
      assert.equal((await store.registry.partyLinks('ent_a', 100)).length, 17);
      assert.equal(await store.registry.movePartyLinks('ent_a', 'ent_d'), 17);
      assert.equal((await store.registry.partyLinks('ent_d', 100)).length, 17);
    } finally {
      await store.close();
    }
    const check = new Sqlite(path, { readonly: true });
    try {
      assert.equal(check.prepare('select count(*) from party_links_by_entity').pluck().get(), 50);
      assert.equal(check.prepare('select through from party_links_indexed').pluck().get(), 50);
      assert.deepEqual(
        check
          .prepare(
            "select name from sqlite_master where tbl_name = 'party_links' and type = 'index' and sql is not null",
          )
          .pluck()
          .all(),
        [],
        'no index by entity on the links themselves',
      );
    } finally {
      check.close();
    }
  });
});
