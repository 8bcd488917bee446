/**
 * A list change seen by a serving process: the new index's tables are built in a worker thread
 * into the artefact cache, and the serving thread's reload reads them (issue 19: it built them
 * itself, stalling requests for seconds).
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../testing/shared-app.js';
import { sharedData, tempDir } from '../testing/support.js';
import { silentLogger } from '../kernel/ports.js';
import { prebuildInWorker } from './background.js';

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
});
