// An entity's page at size (issue 22, growth; ADR 0043, ADR 0044): the latest 500 links of one
// entity that has BENCH_LINKS (default 100,000) of twice as many links in a SQLite store, read as
// `GET /v1/entities/{id}` reads them (`store.registry.partyLinks(entity, 500)`: the index by entity
// the sweeps keep, joined to the links, and the links past the sweeps' mark). Baseline in the same
// run, on a copy of the same links in the same file: ADR 0043's read, an index on the entity read
// backwards (the layout before the sweeps). Rounds alternate; medians of BENCH_ROUNDS (7) rounds of
// 5 reads each. Both reads must return the same links.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median, report } from './lib.js';

const LINKS = Number(process.env.BENCH_LINKS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_MS = 50; // the console's lists' first page (bench/queue.js)
const dist = (p) => pathToFileURL(join(ROOT, 'packages', 'platform', 'dist', p)).href;
const { openStore } = await import(dist('main/store/open-store.js'));
const { sql } = await import('kysely');
const { toPartyLink } = await import(dist('modules/parties/db.js'));

const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, 'entity-page.db');
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const store = await openStore({ url: `sqlite:${file}` });
const BIG = 'ent_BIG';
// Recorded as party resolution records them: parts of links sharing a time, in shipment order;
// every other link is the big entity's, the rest spread over 5,000 others.
const PART = 500;
for (let from = 0; from < 2 * LINKS; from += PART) {
  const at = new Date(Date.UTC(2026, 0, 1) + from * 1000).toISOString();
  const part = [];
  for (let i = from; i < Math.min(from + PART, 2 * LINKS); i++)
    part.push({
      shipmentId: `shp_${String(i).padStart(10, '0')}`,
      partyIndex: 0,
      tenant: 'acme',
      entityId: i % 2 ? BIG : `ent_${i % 5000}`,
      role: 'seller',
      confidence: 0.95,
      method: 'name',
      reasons: ['same name in CN'],
      at,
    });
  await store.registry.addPartyLinks(part);
}
// ADR 0043's layout: the links with an index on the entity, read latest first by its row order.
await sql`create table one_index as select * from party_links order by link`.execute(store.db);
await sql`create index one_index_entity on one_index (entity_id)`.execute(store.db);
const oneIndex = async (entity, limit) =>
  (
    await sql`select * from one_index where entity_id = ${entity} order by rowid desc limit ${limit}`.execute(
      store.db,
    )
  ).rows.map(toPartyLink);
const ids = (links) => links.map((l) => `${l.shipmentId}#${l.partyIndex}`).join(',');
// A small entity too (~20 links): its page scans every link past the mark to find its few there.
const SMALL = 'ent_2';
for (const e of [BIG, SMALL])
  if (ids(await store.registry.partyLinks(e, 500)) !== ids(await oneIndex(e, 500)))
    throw new Error(`the two reads returned different links for ${e}`);
// Links the sweeps have not reached yet: read from the rows themselves on every page.
const pastMark = Number(
  (
    await sql`select count(*) as n from party_links where link > (select through from party_links_indexed)`.execute(
      store.db,
    )
  ).rows[0].n,
);
/** Milliseconds a read takes, the mean of five. */
async function timed(read) {
  const t = performance.now();
  for (let k = 0; k < 5; k++) await read();
  return (performance.now() - t) / 5;
}
const ours = [];
const base = [];
const small = [];
const smallBase = [];
for (let r = 0; r < ROUNDS; r++) {
  base.push(await timed(() => oneIndex(BIG, 500)));
  ours.push(await timed(() => store.registry.partyLinks(BIG, 500)));
  smallBase.push(await timed(() => oneIndex(SMALL, 500)));
  small.push(await timed(() => store.registry.partyLinks(SMALL, 500)));
}
const oneIndexCount = async (e) =>
  Number((await sql`select count(*) as n from one_index where entity_id = ${e}`.execute(store.db)).rows[0].n);
const smallLinks = await oneIndexCount(SMALL);
await store.close();
const ms = median(ours);
const baseMs = median(base);
report({
  bench: 'entity-page',
  links_of_entity: LINKS,
  links_stored: 2 * LINKS,
  links_past_mark: pastMark,
  ms: Number(ms.toFixed(3)),
  rounds_ms: ours.map((x) => Number(x.toFixed(3))),
  baseline: {
    name: 'an index on the entity read backwards (ADR 0043, before the sweeps)',
    ms: Number(baseMs.toFixed(3)),
  },
  ratio_to_baseline: Number((ms / baseMs).toFixed(4)),
  small_entity: {
    links: smallLinks,
    ms: Number(median(small).toFixed(3)),
    baseline_ms: Number(median(smallBase).toFixed(3)),
  },
  target_ms: TARGET_MS,
  pass: ms <= TARGET_MS,
});
