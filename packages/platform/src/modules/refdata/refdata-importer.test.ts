import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createContainer } from '../../main/container.js';
import {
  FIXTURE_HTS_CSV,
  SHARED_DATA,
  fixtureDir,
  sharedData,
  tempDir,
  testConfig,
} from '../../testing/support.js';

describe('reference data import', () => {
  it('imports every data set of a directory as a versioned snapshot, then skips unchanged files', async () => {
    const c = await createContainer(testConfig(), { skipAutoImport: true });
    try {
      assert.equal(c.reference.isReady(), false);
      const dir = fixtureDir();
      const first = await c.importer.run(c.directorySource(dir));
      assert.deepEqual(
        first.map((o) => `${o.dataset}:${o.outcome}`),
        ['hts:imported', 'countries:imported', 'ports:imported'],
      );
      assert.equal(c.reference.isReady(), true);
      const ref = c.reference.current();
      assert.equal(ref.tariffs[0]!.info.edition, '2026 Basic');
      assert.equal(ref.ports!.has('2704'), true);
      assert.equal(ref.ports!.has('0001'), false, 'district 00 is a foreign pseudo-entry');
      assert.deepEqual(
        ref.versions.map((v) => v.dataset),
        ['de-minimis-policy', 'pga-inference-policy', 'pga-message-set-policy', 'countries', 'hts', 'ports'],
      );
      const again = await c.importer.run(c.directorySource(dir));
      assert.deepEqual(
        again.map((o) => o.outcome),
        ['unchanged', 'unchanged', 'unchanged'],
      );
    } finally {
      await c.close();
    }
  });

  it('keeps serving the previous snapshot when a new file is broken or truncated', async () => {
    const c = await createContainer(testConfig(), { skipAutoImport: true });
    try {
      await c.importer.run(c.directorySource(fixtureDir()));
      const before = c.reference.current().tariffs[0]!.info.snapshotId;
      const broken = await c.importer.run(
        c.directorySource(fixtureDir(FIXTURE_HTS_CSV + '\n"6109.1x","1","bad","","","","","",""')),
      );
      assert.equal(broken[0]!.outcome, 'failed');
      // a file cut to a third of its lines parses, but is refused as a probable truncation
      const cut = FIXTURE_HTS_CSV.split('\n').slice(0, 4).join('\n');
      const truncated = await c.importer.run(c.directorySource(fixtureDir(cut)));
      assert.equal(truncated[0]!.outcome, 'failed');
      assert.match((truncated[0] as { error: string }).error, /possible truncation/);
      assert.equal(c.reference.current().tariffs[0]!.info.snapshotId, before);
      const failed = (await c.store.refdata.list()).filter((s) => s.status === 'failed');
      assert.equal(failed.length, 2);
    } finally {
      await c.close();
    }
  });

  it('imports the shared reference data', sharedData(), async () => {
    const c = await createContainer(testConfig(), { skipAutoImport: true });
    try {
      const out = await c.importer.run(c.directorySource(SHARED_DATA));
      const imported = Object.fromEntries(out.map((o) => [o.dataset, o]));
      assert.equal(imported.hts!.outcome, 'imported');
      assert.equal(imported.ports!.outcome, 'imported');
      assert.equal(imported.countries!.outcome, 'imported');
      const ref = c.reference.current();
      assert.equal(ref.tariffs[0]!.size, 35571 - 5896);
      assert.equal(ref.countries!.size, 249);
      assert.ok(ref.ports!.size > 450);
    } finally {
      await c.close();
    }
  });

  it('a data folder with an unnamed edition takes the folder year', async () => {
    const dir = tempDir('tl-refdata');
    mkdirSync(join(dir, 'hts-us-2026'));
    const c = await createContainer(testConfig(), { skipAutoImport: true });
    try {
      writeFileSync(join(dir, 'hts-us-2026', 'htsdata.csv'), FIXTURE_HTS_CSV);
      const out = await c.importer.run(c.directorySource(dir));
      assert.equal((out[0] as { edition: string }).edition, '2026 Basic');
    } finally {
      await c.close();
    }
  });
});
