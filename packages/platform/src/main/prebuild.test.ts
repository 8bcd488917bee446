/**
 * Building ahead into the artefact cache (ADR 0017, amended): a list change seen by a serving
 * process has the new index's tables built in a worker thread, and the serving thread's reload
 * reads them (issue 19: it built them itself, stalling requests for seconds); an import command
 * that changed the classifier's inputs builds the classifier for the next start (issue 22).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import { fixtureDir, sharedData, tempDir, testConfig } from '../testing/support.js';
import { silentLogger } from '../kernel/ports.js';
import { prebuildInWorker } from './background.js';
import { createContainer, type ContainerOptions } from './container.js';
import { ClassificationService, wordNetFiles } from '../modules/classification/index.js';
import { nodeCrypto, systemClock } from '../platform/system/system.js';

describe('indexes of changed reference data built off the serving thread', sharedData(), () => {
  let t: SharedApp;
  let dir: string;
  before(async () => {
    dir = tempDir('tl-prebuild');
    t = await sharedApp({ skipClassifier: true }, { TRADELANE_CACHE_DIR: dir });
  });
  after(() => t.close());
  const indexFiles = () => readdirSync(dir).filter((n) => n.startsWith('screening-index-'));

  it('builds the tables in a worker thread; the reload that follows reads them from the cache', async () => {
    // As after an import of new lists: nothing in the cache for the active snapshots.
    for (const f of indexFiles()) rmSync(join(dir, f));
    assert.deepEqual(await prebuildInWorker(t.c, silentLogger), { screening: 'built', classifier: false });
    assert.equal(indexFiles().length, 1, 'the thread wrote the tables');
    await t.c.screening.rebuild();
    assert.equal(t.c.screening.current().tables, 'cached', 'the serving thread did not build them');
  });

  it('a first start with an empty cache builds the screening tables in a worker thread while it fits the classifier', async () => {
    // A server (background warm-up) on the same store, with a cache of its own: as after an upgrade.
    const env = {
      TRADELANE_DATABASE_URL: t.c.config.TRADELANE_DATABASE_URL,
      TRADELANE_CACHE_DIR: tempDir('tl-cold'),
    };
    const start = async (fit: string, why: string) => {
      const c = await createContainer(testConfig(env), { skipAutoImport: true, background: true });
      try {
        assert.equal(c.isWarm(), false);
        assert.equal(await c.classification.fitCached(), fit === 'cached');
        await c.warmUp();
        assert.equal(c.classification.currentBuild()?.fit, fit, why);
        assert.equal(
          c.screening.current().tables,
          'cached',
          'this thread read the tables, it did not build them',
        );
      } finally {
        await c.close();
      }
    };
    await start('fitted', 'nothing in the new cache: this thread fits the classifier');
    await start('cached', 'the next start reads both');
  });

  it('bulk filing threads start after the classifier and the screening tables are built once for them', async () => {
    const env = {
      TRADELANE_DATABASE_URL: t.c.config.TRADELANE_DATABASE_URL,
      TRADELANE_CACHE_DIR: tempDir('tl-bulk'),
    };
    // As `tradelane file --workers N` wires its own process: the stages run in the threads.
    const c = await createContainer(testConfig(env), {
      skipAutoImport: true,
      skipScreening: true,
      skipClassifier: true,
    });
    try {
      assert.equal(await c.classification.fitCached(), false);
      const heard: string[] = [];
      const pool = await c.filingPool('acme', 1, (line) => heard.push(line));
      try {
        assert.equal(heard.length, 2, 'the user hears that the build starts, and its time');
        assert.match(heard[0]!, /building the classifier and the screening tables/);
        assert.match(heard[1]!, /^built in \d+\.\d s; later runs read them$/);
        assert.equal(
          await c.classification.fitCached(),
          true,
          'the fit is in the cache before the threads start',
        );
        const tables = readdirSync(env.TRADELANE_CACHE_DIR).filter(
          (n) => n.startsWith('screening-index-') && n.endsWith('.bin'),
        );
        assert.equal(tables.length, 1, 'and the screening tables');
      } finally {
        await pool.close();
      }
      const again = await c.filingPool('acme', 1, (line) => heard.push(line));
      await again.close();
      assert.equal(heard.length, 2, 'nothing is built, and nothing said, once both are cached');
    } finally {
      await c.close();
    }
  });
});

describe("an import that changes the classifier's inputs builds it into the cache (refdata import)", () => {
  const refdata = fixtureDir();
  /** A process as the import command wires it: no reference data loaded first, no classifier. */
  const importer = (env: Record<string, string>, opts: ContainerOptions) =>
    createContainer(testConfig(env), {
      skipAutoImport: true,
      skipReference: true,
      skipClassifier: true,
      ...opts,
    });
  const fitFiles = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('classifier-'));

  it('builds it once, keeps it only in the cache, and the next start reads it', async () => {
    const env = {
      TRADELANE_DATABASE_URL: `sqlite:${join(tempDir('tl-db'), 't.db')}`,
      TRADELANE_CACHE_DIR: tempDir('tl-fit'),
    };
    const c = await importer(env, { prebuildClassifier: true });
    let version = '';
    try {
      await c.importer.run(c.directorySource(refdata));
      assert.equal(c.lastPrebuild()?.fit, 'fitted');
      assert.equal(c.lastPrebuild()?.cacheable, true);
      version = c.lastPrebuild()!.version;
      assert.match(version, /@[0-9a-f]{12}\+0$/);
      assert.equal(c.classification.current(), null, 'the import command does not put it in force');
      // Not kept either: asked for, it is built anew, from the fit in the cache.
      assert.equal((await c.classification.refresh())?.version, version);
      assert.equal(c.classification.currentBuild()?.fit, 'cached');
      // A model of the tariff alone (no corpus loaded) is rebuilt for a replay by another process.
      const replay = new ClassificationService(
        c.store,
        c.reference,
        nodeCrypto,
        systemClock,
        c.classification.options,
        wordNetFiles,
      );
      assert.equal((await replay.modelFor(version)).model.version, version);
      assert.equal(fitFiles(env.TRADELANE_CACHE_DIR).length, 1);
      // The same files again: nothing changed, nothing built (the report is still that import's).
      await c.importer.run(c.directorySource(refdata));
      assert.equal(c.lastPrebuild()?.version, version);
      assert.equal(fitFiles(env.TRADELANE_CACHE_DIR).length, 1);
      // A change to a data set the classifier does not read (the countries): nothing built.
      const countries = join(refdata, 'un-locode-aux', 'country-codes.csv');
      writeFileSync(countries, `${readFileSync(countries, 'utf8')}DE,Germany\n`);
      const outcomes = await c.importer.run(c.directorySource(refdata));
      assert.ok(outcomes.some((o) => o.dataset === 'countries' && o.outcome === 'imported'));
      assert.equal(c.lastPrebuild(), null);
      assert.equal(fitFiles(env.TRADELANE_CACHE_DIR).length, 1);
    } finally {
      await c.close();
    }
    const next = await createContainer(testConfig(env), { skipAutoImport: true });
    try {
      assert.equal(next.classification.currentBuild()?.fit, 'cached', 'the start read the fit');
      assert.equal(next.classification.current()?.version, version);
    } finally {
      await next.close();
    }
  });

  it('builds nothing without the option, or without a cache', async () => {
    for (const [cacheDir, opts] of [
      [tempDir('tl-fit'), {}],
      ['off', { prebuildClassifier: true }],
    ] as const) {
      const env = {
        TRADELANE_DATABASE_URL: `sqlite:${join(tempDir('tl-db'), 't.db')}`,
        TRADELANE_CACHE_DIR: cacheDir,
      };
      const c = await importer(env, opts);
      try {
        await c.importer.run(c.directorySource(refdata));
        assert.equal(c.lastPrebuild(), null);
        if (cacheDir !== 'off') assert.deepEqual(fitFiles(cacheDir), []);
      } finally {
        await c.close();
      }
    }
  });
});
