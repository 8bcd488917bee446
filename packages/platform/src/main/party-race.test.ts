/**
 * Shared state across processes on one PostgreSQL schema. Split shipments: parcels of one seller
 * to one consignee filed alternately through two containers are detected, where neither alone
 * saw enough of them. The party resolver: two containers on one PostgreSQL schema (two workers, each
 * with a resolver of its own loaded before the parties were seen) resolve filings that name the
 * same new parties at the same time. Each party becomes one entity, and every link points at it.
 * And a container made for a schema starts its filing threads on that schema.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createContainer, type Container } from './container.js';
import {
  PG_URL,
  fixtureDir,
  pgEnabled,
  sampleFormal,
  sampleShipment,
  until,
  testConfig,
  uniqueSchema,
} from '../testing/support.js';

const PARTIES = 12;
const ROUNDS = 4;

describe('party resolution in two processes at once', { skip: !pgEnabled && 'PostgreSQL off' }, () => {
  const schema = uniqueSchema();
  const config = testConfig({ TRADELANE_DATABASE_URL: PG_URL, TRADELANE_REFDATA_DIR: fixtureDir() });
  let a: Container;
  let b: Container;
  const opts = { schema, loadRegistry: true, skipClassifier: true } as const;

  before(async () => {
    a = await createContainer(config, opts);
    b = await createContainer(config, opts);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  });

  it('starts its filing threads on its own schema', async () => {
    // A formal entry: not a parcel, which the next test's count of parcels would see.
    assert.equal(a.config.TRADELANE_DATABASE_SCHEMA, schema);
    const pool = await a.filingPool('acme', 1);
    try {
      const filed = await pool.file(
        1,
        Buffer.from(`${JSON.stringify(sampleFormal({ reference: 'THREAD-1' }))}\n`),
      );
      assert.equal(filed.accepted, 1);
    } finally {
      await pool.close();
    }
    const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const r = await db.query<{ n: string }>(
        `select count(*) n from shipments where reference = 'THREAD-1'`,
      );
      assert.equal(Number(r.rows[0]!.n), 1, 'written in the schema of the container that started the thread');
    } finally {
      await db.end();
    }
  });

  it('detects parcels of one seller and consignee split over two processes', async () => {
    const parcel = (i: number) =>
      sampleShipment({
        reference: `SPLIT-${i}`,
        parties: [
          { role: 'seller', name: 'Split Seller Ltd', address: { city: 'Yiwu', country: 'CN' } },
          {
            role: 'consignee',
            name: 'Sam Split',
            address: { street: '2 Elm St', city: 'Austin', postal_code: '78702', country: 'US' },
          },
        ],
      });
    const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await db.connect();
    const counted = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `select coalesce(sum(n), 0) as n from risk_counters where scope = 'parcels'`,
          )
        ).rows[0]!.n,
      );
    const seen: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const r = await (i % 2 ? b : a).filing.fileOne('split', parcel(i), null);
        const signal = r.result.signals?.find((x) => x.code === 'split_shipment');
        seen.push(signal ? i : -1);
        // The background turn (every 200 ms) adds it to the store before the next filing.
        await until('the parcel counted in the store', async () => (await counted()) === i + 1, 10_000, 20);
      }
    } finally {
      await db.end();
    }
    // Four parcels through each: neither process alone reaches 5; together they do.
    assert.ok(
      seen.some((i) => i >= 0),
      `split shipments detected across processes (${JSON.stringify(seen)})`,
    );
  });

  it('creates each new party once, whichever process meets it first', async () => {
    // Party i: by name and country only when even, with a declared LEI-like identifier (DUNS) when odd.
    const party = (i: number, spelling: number) => ({
      role: i % 2 ? 'seller' : 'consignee',
      name: spelling ? `Race ${i} Trading Co Ltd` : `RACE ${i} TRADING CO., LTD.`,
      address: { city: 'Ningbo', country: 'CN' },
      ...(i % 3 === 0 ? { identifiers: [{ scheme: 'DUNS', value: String(150483782 + i * 1000) }] } : {}),
    });
    const ids: string[][] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < PARTIES; i++) {
        const s = sampleShipment({
          reference: `RACE-${r}-${i}`,
          parties: [party(i, r % 2), party((i + 1) % PARTIES, r % 2)],
        });
        ids[r % 2]!.push((await a.filing.fileOne('race', s, null)).result.id);
      }
    }
    // Worker A takes the even rounds, worker B the odd ones, at once, in small batches as the bus hands them.
    const run = async (c: Container, list: string[]) => {
      for (let i = 0; i < list.length; i += 3) await c.registry.recordShipments(list.slice(i, i + 3));
    };
    await Promise.all([run(a, ids[0]!), run(b, ids[1]!.reverse())]);

    const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const entities = (
        await db.query<{ id: string; name: string }>(
          `select id, name from entities where upper(name) like 'RACE %'`,
        )
      ).rows;
      const byParty = new Map<string, string[]>();
      for (const e of entities) {
        const k = /race (\d+)/i.exec(e.name)![1]!;
        byParty.set(k, [...(byParty.get(k) ?? []), e.id]);
      }
      assert.equal(byParty.size, PARTIES);
      const twice = [...byParty].filter(([, v]) => v.length > 1);
      assert.deepEqual(twice, [], 'no party made into two entities');
      const links = (
        await db.query<{ n: string; orphans: string }>(
          `select count(*) as n, count(*) filter (where entity_id not in (select id from entities)) as orphans from party_links`,
        )
      ).rows[0]!;
      assert.equal(Number(links.n), ROUNDS * PARTIES * 2, 'every party linked once');
      assert.equal(Number(links.orphans), 0, 'every link points at a stored entity');
    } finally {
      await db.end();
    }
  });
});
