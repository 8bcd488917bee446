// An entity's page at size (issue 22, growth; ADR 0043): the latest 500 links of one entity that
// has BENCH_LINKS (default 100,000) of twice as many links in a SQLite store, read as
// `GET /v1/entities/{id}` reads them (`store.registry.partyLinks(entity, 500)`). Baseline in the
// same run, on the same database: the same read ordered by time and shipment (the registry's
// generic query, PostgreSQL's order), which SQLite's entity index cannot give without reading and
// sorting every link of the entity. Rounds alternate; medians of BENCH_ROUNDS (7) rounds of 5
// reads each. Both reads must return the same links.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median, report } from './lib.js';

const LINKS = Number(process.env.BENCH_LINKS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET_MS = 50; // the console's lists' first page (bench/queue.js)
const dist = (p) => pathToFileURL(join(ROOT, 'packages', 'platform', 'dist', p)).href;
const { openStore } = await import(dist('main/store/open-store.js'));
const { KyselyRegistry } = await import(dist('modules/parties/index.js'));

const out = join(ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const file = join(out, 'entity-page.db');
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const store = await openStore({ url: `sqlite:${file}` });
const BIG = 'ent_BIG';
// Recorded as party resolution records them: parts of links sharing a time, in shipment order;
// every other link is the big entity's, the rest spread over 5,000 others.
const PART = 10_000;
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
const byTime = new KyselyRegistry(store.db);
const ids = (links) => links.map((l) => `${l.shipmentId}#${l.partyIndex}`).join(',');
if (ids(await store.registry.partyLinks(BIG, 500)) !== ids(await byTime.partyLinks(BIG, 500)))
  throw new Error('the two reads returned different links');
/** Milliseconds a read takes, the mean of five. */
async function timed(read) {
  const t = performance.now();
  for (let k = 0; k < 5; k++) await read();
  return (performance.now() - t) / 5;
}
const ours = [];
const base = [];
for (let r = 0; r < ROUNDS; r++) {
  base.push(await timed(() => byTime.partyLinks(BIG, 500)));
  ours.push(await timed(() => store.registry.partyLinks(BIG, 500)));
}
await store.close();
const ms = median(ours);
const baseMs = median(base);
report({
  bench: 'entity-page',
  links_of_entity: LINKS,
  links_stored: 2 * LINKS,
  ms: Number(ms.toFixed(3)),
  rounds_ms: ours.map((x) => Number(x.toFixed(3))),
  baseline: {
    name: 'ordered by time and shipment (all of the entity sorted)',
    ms: Number(baseMs.toFixed(3)),
  },
  ratio_to_baseline: Number((ms / baseMs).toFixed(4)),
  target_ms: TARGET_MS,
  pass: ms <= TARGET_MS,
});
