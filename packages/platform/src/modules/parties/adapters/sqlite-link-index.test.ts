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

type SweepOpts = { sweepAt: number; readPart: number; slice: number; perLink?: number };

/** A new, migrated SQLite file. */
async function migratedFile(): Promise<string> {
  const url = tempSqliteUrl();
  await (await openStore({ url })).close();
  return url.replace(/^sqlite:/, '');
}

/** A connection to the file and a registry on it that sweeps every few links. */
function registryOn(path: string, sweep: SweepOpts) {
  const sqlite = new Sqlite(path);
  sqlite.pragma('busy_timeout = 1000');
  sqlite.pragma('foreign_keys = on');
  const kdb = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, kdb, registry: new SqliteRegistry(kdb, sqlite, sweep) };
}

const link = (shipmentId: string, partyIndex: number, entityId: string, tenant = 't'): PartyLink => ({
  shipmentId,
  partyIndex,
  tenant,
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
  tenant: fc.constantFrom('t', 'u'),
});
/** Which of the two connections an operation runs on. */
const on = fc.constantFrom(0, 1);
const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      on,
      parties: fc.array(party, { maxLength: 7 }),
    }),
  },
  // A write that fails: a link without an entity (before the sweep's step runs), or its COMMIT
  // (after the step ran: the step's work rolls back with the write, and must be redone).
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      on,
      parties: fc.array(party, { maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('failStep' as const),
      on,
      parties: fc.array(party, { maxLength: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      on,
      from: entity,
      to: entity,
      only: fc.option(fc.array(party, { maxLength: 4 }), { nil: undefined }),
    }),
  },
  // A connection closed and opened again: its sweep (and temporary b-tree) gone mid-way.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), on }) },
);

describe('SQLite: party links by entity, swept', () => {
  it('reads what a plain list of the links would give, at every step of every sweep, from either of two connections', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.record({
          sweepAt: fc.integer({ min: 1, max: 8 }),
          readPart: fc.integer({ min: 1, max: 5 }),
          slice: fc.integer({ min: 1, max: 4 }),
          // 0: steps of readPart and slice links only, so that sweeps take many steps.
          perLink: fc.constantFrom(0, 1, 8),
        }),
        async (ops, sweep) => {
          const path = await migratedFile();
          const conns = [registryOn(path, sweep), registryOn(path, sweep)];
          // An injected failure of a write's COMMIT, after its sweep step ran: a deferred foreign key
          // broken by a trigger on the links while armed (the transaction then rolls back whole).
          conns[0]!.sqlite.exec(`
            create table fail_parent (id integer primary key);
            create table fail_child (parent integer references fail_parent (id) deferrable initially deferred);
            create table fail_steps (armed integer not null);
            insert into fail_steps values (0);
            create trigger fail_commit after insert on party_links when (select armed from fail_steps) = 1
              begin insert into fail_child values (42); end;`);
          try {
            // The model: every link recorded, in the order recorded, with its entity now.
            const model: { key: string; entity: string; tenant: string }[] = [];
            const check = async () => {
              for (const c of conns)
                for (const e of ENTITIES) {
                  const want = model.filter((l) => l.entity === e).reverse();
                  for (const limit of [1, 3, 1000]) {
                    const got = (await c.registry.partyLinks(e, limit)).map(
                      (l) => `${l.shipmentId}/${l.partyIndex}`,
                    );
                    assert.deepEqual(
                      got,
                      want.slice(0, limit).map((l) => l.key),
                      `${e}, limit ${limit}`,
                    );
                  }
                  // One tenant's, through the index by entity and tenant (migration 0024).
                  for (const tenant of ['t', 'u'])
                    for (const limit of [1, 1000]) {
                      const got = (await c.registry.partyLinks(e, limit, tenant)).map(
                        (l) => `${l.shipmentId}/${l.partyIndex}`,
                      );
                      const mine = want.filter((l) => l.tenant === tenant);
                      assert.deepEqual(
                        got,
                        mine.slice(0, limit).map((l) => l.key),
                        `${e} of ${tenant}, limit ${limit}`,
                      );
                    }
                }
            };
            const record = (links: PartyLink[]) => {
              for (const l of links) {
                const key = `${l.shipmentId}/${l.partyIndex}`;
                if (!model.some((m) => m.key === key))
                  model.push({ key, entity: l.entityId, tenant: l.tenant });
              }
            };
            for (const o of ops) {
              const c = conns[o.on]!;
              if (o.kind === 'restart') {
                await c.kdb.destroy();
                conns[o.on] = registryOn(path, sweep);
              } else if (o.kind === 'move') {
                const only = o.only?.map((p) => ({ shipmentId: `shp_${p.shipment}`, partyIndex: p.index }));
                const keys = only ? new Set(only.map((p) => `${p.shipmentId}/${p.partyIndex}`)) : null;
                const moved = model.filter((l) => l.entity === o.from && (!keys || keys.has(l.key)));
                assert.equal(await c.registry.movePartyLinks(o.from, o.to, only), moved.length);
                for (const l of moved) l.entity = o.to;
              } else {
                const links = o.parties.map((p) => link(`shp_${p.shipment}`, p.index, p.entity, p.tenant));
                if (o.kind === 'fail') {
                  links.push({ ...link('shp_x', 0, 'ent_a'), entityId: null as unknown as string });
                  await assert.rejects(c.registry.addPartyLinks(links), /NOT NULL/);
                } else if (o.kind === 'failStep') {
                  conns[0]!.sqlite.exec('update fail_steps set armed = 1');
                  const written = await c.registry.addPartyLinks(links).then(
                    () => true,
                    (e: Error) => {
                      assert.match(e.message, /FOREIGN KEY/);
                      return false;
                    },
                  );
                  conns[0]!.sqlite.exec('update fail_steps set armed = 0');
                  // Failed only if it wrote a new link (the trigger's insert); then it left nothing.
                  if (written) record(links);
                } else {
                  await c.registry.addPartyLinks(links);
                  record(links);
                }
              }
              await check();
            }
            // Writes with nothing new still step the sweeps on: enough of them and the mark is past
            // all but the last few links, each behind it in the index under its entity now.
            for (let i = 0; i < 4 * (model.length + 4); i++)
              await conns[0]!.registry.addPartyLinks([link('shp_0', 0, 'ent_a')]);
            record([link('shp_0', 0, 'ent_a')]);
            await check();
            const sqlite = conns[0]!.sqlite;
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
            const missingByTenant = sqlite
              .prepare(
                `select count(*) from party_links l where l.link <= ? and not exists
                 (select 1 from party_links_by_entity_tenant x
                  where x.entity_id = l.entity_id and x.tenant = l.tenant and x.link = l.link)`,
              )
              .pluck()
              .get(through);
            assert.equal(missingByTenant, 0, 'links behind the mark not in the index by tenant');
          } finally {
            for (const c of conns) await c.kdb.destroy();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the links past the mark bounded, however many links each write adds', async () => {
    for (const written of [1, 5, 40, 200]) {
      const sweep = { sweepAt: 64, readPart: 8, slice: 8 };
      const { sqlite, kdb, registry } = registryOn(await migratedFile(), sweep);
      const past = sqlite
        .prepare('select (select max(link) from party_links) - (select through from party_links_indexed)')
        .pluck();
      try {
        let most = 0;
        for (let w = 0; w < 200; w++) {
          await registry.addPartyLinks(
            Array.from({ length: written }, (_, i) => link(`shp_${w}_${i}`, 0, ENTITIES[(w * 7 + i) % 4]!)),
          );
          most = Math.max(most, past.get() as number);
        }
        // About twice a sweep (the larger of sweepAt and sixteen writes) and the write itself.
        const bound = 2 * Math.max(sweep.sweepAt, 16 * written) + written;
        assert.ok(most <= bound, `${written} links a write: ${most} past the mark, more than ${bound}`);
      } finally {
        await kdb.destroy();
      }
    }
  });

  it("the sweep's statements read by their keys: no table read whole, nothing sorted", async () => {
    const path = await migratedFile();
    const sources: string[] = [];
    const prepare = Sqlite.prototype.prepare;
    Sqlite.prototype.prepare = function (this: BetterSqlite3.Database, source: string) {
      sources.push(source);
      return prepare.call(this, source);
    } as typeof prepare;
    const { sqlite, kdb, registry } = registryOn(path, { sweepAt: 1, readPart: 1, slice: 1 });
    try {
      await registry.addPartyLinks([link('shp_1', 0, 'ent_a'), link('shp_2', 0, 'ent_b')]);
      await registry.movePartyLinks('ent_a', 'ent_c');
      await registry.partyLinks('ent_c', 10);
      await registry.partyLinks('ent_c', 10, 't');
      await registry.linkedEntities('t', ['ent_b', 'ent_c']);
    } finally {
      Sqlite.prototype.prepare = prepare;
    }
    try {
      const found: string[] = [];
      const swept = sources.filter((q) => /party_links/.test(q));
      assert.ok(swept.length >= 15, `only ${swept.length} statements recorded`);
      for (const q of swept) {
        // The plan does not depend on the values: every parameter bound to null.
        const named = [...new Set(q.match(/@\w+/g) ?? [])].map((n) => n.slice(1));
        const stmt = sqlite.prepare(`explain query plan ${q}`);
        const plan = (
          named.length > 0
            ? stmt.all(Object.fromEntries(named.map((n) => [n, null])))
            : stmt.all(...Array<null>((q.match(/\?/g) ?? []).length).fill(null))
        ) as { detail: string }[];
        for (const { detail } of plan)
          if (
            /^SCAN (party_links|party_links_by_entity|party_links_by_entity_tenant)\b(?!.*USING)/.test(
              detail,
            ) ||
            /USE TEMP B-TREE/.test(detail)
          )
            found.push(`${detail}\n    ${q.replace(/\s+/g, ' ')}`);
      }
      assert.deepEqual(found, []);
    } finally {
      await kdb.destroy();
    }
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
