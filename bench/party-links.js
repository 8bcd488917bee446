// The party links' writes as a server records them (issue 22, ADR 0044): BENCH_FILINGS (50,000)
// filings' links, 2.3 a filing, written in parts of 20 filings through the SQLite registry, each
// layout in a child process of its own, alternating for BENCH_ROUNDS (3) rounds:
//   ours      — the links appended, their index by entity brought up to date in sweeps;
//   baseline  — ADR 0043's layout: an index on the entity taking each link (no sweeps).
// Entities are drawn with a Zipf law (BENCH_ZIPF, 1.0) over BENCH_ENTITIES (50,000) random ids, as
// the registry names them (a hash: no order by time). Reported: WAL frames written a link (the
// pages each part's commit writes; the WAL is checkpointed between batches of parts and its frames
// counted; ours sweeps what is left past its mark at the end, counted too), a part's time (median,
// p99, max) and CPU a link. Medians of the rounds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median, percentile, report, rng } from './lib.js';

const FILINGS = Number(process.env.BENCH_FILINGS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 50_000);
const ZIPF = Number(process.env.BENCH_ZIPF ?? 1.0);
const PART = 20; // filings a part (RegistryService.recordShipments, ADR 0041)
const out = join(ROOT, 'bench', 'out');

if (process.argv[2] === '--child') {
  const layout = process.argv[3];
  const dist = (p) => pathToFileURL(join(ROOT, 'packages', 'platform', 'dist', p)).href;
  const { openStore } = await import(dist('main/store/open-store.js'));
  const { SqliteRegistry } = await import(dist('modules/parties/adapters/sqlite-registry.js'));
  const { Kysely, SqliteDialect } = await import('kysely');
  const Sqlite = createRequire(join(ROOT, 'packages', 'platform', 'package.json'))('better-sqlite3');
  mkdirSync(out, { recursive: true });
  const file = join(out, `party-links-${layout}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  await (await openStore({ url: `sqlite:${file}` })).close();
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('wal_autocheckpoint = 0'); // frames counted, then copied, between batches of parts
  const kdb = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  if (layout === 'one-index') sqlite.exec('create index party_links_entity on party_links (entity_id)');
  const registry = new SqliteRegistry(
    kdb,
    sqlite,
    layout === 'one-index' ? { sweepAt: Infinity } : JSON.parse(process.env.BENCH_SWEEP ?? '{}'),
  );
  // Zipf weights over random-looking ids (the registry's ids are hashes of the party).
  const random = rng(7);
  const ids = Array.from({ length: ENTITIES }, (_, i) => `ent_${(i * 2654435761) % 4294967296}x${i}`);
  const cumulative = new Float64Array(ENTITIES);
  let sum = 0;
  for (let i = 0; i < ENTITIES; i++) cumulative[i] = sum += 1 / Math.pow(i + 1, ZIPF);
  const draw = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = ENTITIES - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo];
  };
  const at = '2026-12-07T00:00:00.000Z';
  const parts = [];
  let shipment = 0;
  for (let f = 0; f < FILINGS; f += PART) {
    const links = [];
    for (let k = 0; k < PART; k++, shipment++) {
      // 2.3 parties a filing on average: two, and a third three times in ten.
      const parties = random() < 0.3 ? 3 : 2;
      for (let i = 0; i < parties; i++)
        links.push({
          shipmentId: `shp_${String(shipment).padStart(10, '0')}`,
          partyIndex: i,
          tenant: 'acme',
          entityId: draw(),
          role: i === 0 ? 'seller' : 'importer',
          confidence: 0.95,
          method: 'name',
          reasons: ['same name and country'],
          at,
        });
    }
    parts.push(links);
  }
  const times = [];
  let frames = 0;
  let links = 0;
  const cpu0 = process.cpuUsage();
  for (let p = 0; p < parts.length; p++) {
    const t = performance.now();
    await registry.addPartyLinks(parts[p]);
    times.push(performance.now() - t);
    links += parts[p].length;
    if (p % 100 === 99 || p === parts.length - 1) {
      const cpu = process.cpuUsage();
      // PASSIVE reports the frames in the WAL; TRUNCATE then empties it (and reports none).
      frames += sqlite.pragma('wal_checkpoint(PASSIVE)')[0].log;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      // The copy is not the parts' time: its CPU is taken out.
      const d = process.cpuUsage(cpu);
      cpu0.user += d.user;
      cpu0.system += d.system;
    }
  }
  // The links still past the mark are swept too (their index pages counted as the rest were): a
  // registry whose one sweep takes them all, stepped by rewriting a link already there.
  let pastMark = 0;
  if (layout !== 'one-index') {
    const mark = sqlite.prepare('select through from party_links_indexed').pluck();
    const last = sqlite.prepare('select max(link) from party_links').pluck().get();
    pastMark = last - mark.get();
    const flush = new SqliteRegistry(kdb, sqlite, { sweepAt: Math.max(1, pastMark) });
    while (mark.get() < last) await flush.addPartyLinks([parts[0][0]]);
    frames += sqlite.pragma('wal_checkpoint(PASSIVE)')[0].log;
  }
  const cpu = process.cpuUsage(cpu0);
  await kdb.destroy();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  times.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      links,
      frames_per_link: frames / links,
      part_ms_p50: percentile(times, 50),
      part_ms_p99: percentile(times, 99),
      part_ms_max: times.at(-1),
      cpu_us_per_link: (cpu.user + cpu.system) / links,
      links_past_mark_at_end: pastMark,
    }) + '\n',
  );
  process.exit(0);
}

const runs = { ours: [], base: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const [key, layout] of [
    ['base', 'one-index'],
    ['ours', 'sweeps'],
  ]) {
    const c = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', layout], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (c.status !== 0) throw new Error(`${layout}: exit ${c.status}`);
    runs[key].push(JSON.parse(c.stdout.trim().split('\n').at(-1)));
  }
}
const med = (xs, k) => Number(median(xs.map((x) => x[k])).toFixed(4));
const summary = (xs) => ({
  frames_per_link: med(xs, 'frames_per_link'),
  part_ms_p50: med(xs, 'part_ms_p50'),
  part_ms_p99: med(xs, 'part_ms_p99'),
  part_ms_max: med(xs, 'part_ms_max'),
  cpu_us_per_link: med(xs, 'cpu_us_per_link'),
});
const ours = summary(runs.ours);
const base = summary(runs.base);
report({
  bench: 'party-links',
  filings: FILINGS,
  links: runs.ours[0].links,
  entities: ENTITIES,
  zipf: ZIPF,
  rounds: ROUNDS,
  ...ours,
  baseline: { name: "an index on the entity taking each link (ADR 0043's layout)", ...base },
  frames_ratio: Number((ours.frames_per_link / base.frames_per_link).toFixed(4)),
  cpu_ratio: Number((ours.cpu_us_per_link / base.cpu_us_per_link).toFixed(4)),
});
