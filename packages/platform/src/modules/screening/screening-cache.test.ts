import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, tempDir } from '../../testing/support.js';
import { ScreeningService } from './screening-service.js';
import { loadScreeningPolicy } from './adapters/thresholds-policy.js';
import { nameTableData } from './domain/name-table.js';
import type { ScreenQuery, WatchlistIndex } from './domain/screening-index.js';
import { nodeCrypto, systemClock, ulidIds } from '../../platform/system/system.js';
import { FileArtefactCache } from '../../platform/cache/artefact-cache.js';
import type { Logger } from '../../kernel/ports.js';

describe("the screening index's tables from the artefact cache (ADR 0017)", sharedData(), () => {
  let t: SharedApp;
  let dir: string;
  const warnings: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_, m) => void warnings.push(m),
    error: () => undefined,
    child: () => log,
  };
  const { policy, sha256 } = loadScreeningPolicy();
  /** A new service (as a new process has) over the same lists and cache. */
  const service = (thresholds = policy, thresholdsSha = sha256) =>
    new ScreeningService(
      t.c.store,
      t.c.reference,
      thresholds,
      thresholdsSha,
      systemClock,
      ulidIds,
      nodeCrypto,
      log,
      new FileArtefactCache(dir, log),
    );
  /** Listed names, spelled as listed and misspelled, and names nobody lists. */
  let queries: ScreenQuery[];
  const answers = (s: ScreeningService) => queries.map((q) => s.screen(q).matches);
  let fresh: ReturnType<typeof answers>;

  before(async () => {
    dir = tempDir('tl-artefacts');
    // The server's own index is the fresh build: its cache was empty; it wrote the tables.
    t = await sharedApp({ skipClassifier: true }, { TRADELANE_CACHE_DIR: dir });
    assert.equal(t.c.screening.current().tables, 'built');
    const entries = t.c.screening.current().index!.entries;
    const picked = Array.from({ length: 40 }, (_, i) => entries.at(Math.floor((i * entries.length) / 40)));
    queries = [
      ...picked.map((e) => ({ name: e.names[0]!.name })),
      ...picked.slice(0, 15).map((e) => ({ name: e.names[0]!.name.replace(/[aeiou]/, 'x') })),
      { name: 'Acme Imports LLC', country: 'US' },
      { name: 'Kashgar Cotton Textile Co.', country: 'CN' },
    ];
    fresh = answers(t.c.screening);
    assert.ok(fresh.some((m) => m.length > 0));
  });
  after(() => t.close());

  const files = () => readdirSync(dir).filter((n) => n.startsWith('screening-index-'));
  /** Flips bits near the end of a cache file (its payload). */
  const damage = (file: string) => {
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0x55;
    writeFileSync(file, bytes);
  };

  it('an index from the cache has the same tables and screens exactly as a fresh build', async () => {
    assert.equal(files().length, 1);
    const s = service();
    await s.reload();
    assert.equal(s.current().tables, 'cached');
    const tables = (b: ReturnType<WatchlistIndex['built']>) => ({ ...b, table: nameTableData(b.table) });
    assert.deepEqual(tables(s.current().index!.built()), tables(t.c.screening.current().index!.built()));
    assert.deepEqual(answers(s), fresh);
    assert.deepEqual(warnings, []);
  });

  it("the entries' digests come from the cache, the same as computed, and a damaged file is computed again", async () => {
    assert.equal(t.c.screening.current().digests, 'computed');
    const digests = () => readdirSync(dir).filter((n) => n.startsWith('screening-digests-'));
    assert.equal(digests().length, 1);
    const s = service();
    await s.reload();
    assert.equal(s.current().digests, 'cached');
    const served = t.c.screening.current();
    assert.deepEqual(s.current().entryHash, served.entryHash);
    assert.deepEqual(s.current().partyHash, served.partyHash);
    assert.equal(s.current().listsKey, served.listsKey);
    damage(join(dir, digests()[0]!));
    const damaged = service();
    await damaged.reload();
    assert.equal(damaged.current().digests, 'computed');
    assert.match(warnings.join('\n'), /ignoring screening-digests.*checksum/);
    assert.deepEqual(damaged.current().entryHash, served.entryHash);
    warnings.length = 0;
  });

  it('a damaged cache file is ignored with a warning and rebuilt; the matches do not change', async () => {
    damage(join(dir, files()[0]!));
    const s = service();
    await s.reload();
    assert.equal(s.current().tables, 'built');
    assert.match(warnings.join('\n'), /ignoring screening-index.*checksum/);
    assert.deepEqual(answers(s), fresh);
    const again = service();
    await again.reload();
    assert.equal(again.current().tables, 'cached', 'the rebuild wrote it again');
    assert.deepEqual(answers(again), fresh);
  });

  it('changed thresholds are another key: built afresh, then reused', async () => {
    const stricter = { ...policy, version: `${policy.version}-test` };
    const s = service(stricter, `${sha256}-test`);
    await s.reload();
    assert.equal(s.current().tables, 'built');
    assert.equal(files().length, 2);
    const again = service(stricter, `${sha256}-test`);
    await again.reload();
    assert.equal(again.current().tables, 'cached');
    assert.deepEqual(answers(again), answers(s));
  });
});
