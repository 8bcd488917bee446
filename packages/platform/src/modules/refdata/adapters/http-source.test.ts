import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createContainer } from '../../../main/container.js';
import { publisherEnv, startPublisher } from '../../../testing/publisher-server.js';
import { testConfig } from '../../../testing/support.js';

describe('refdata sync from the publishers (local stand-in)', () => {
  let pub: Awaited<ReturnType<typeof startPublisher>>;
  before(async () => {
    pub = await startPublisher();
  });
  after(async () => {
    await pub.close();
  });

  const config = () =>
    testConfig({
      ...publisherEnv(pub.url),
      TRADELANE_SYNC_ATTEMPTS: '3',
      TRADELANE_SYNC_TIMEOUT_MS: '5000',
    });

  it('downloads, checks and imports; retries a 503; a truncated download keeps the previous snapshot serving', async () => {
    const c = await createContainer(config(), { skipAutoImport: true });
    try {
      pub.set('/reststop/exportList', 'fail-once');
      const first = await c.importer.run(c.syncSource());
      assert.deepEqual(
        first.map((o) => `${o.dataset}:${o.outcome}`),
        [
          'hts:imported',
          'countries:imported',
          'ofac-sdn:imported',
          'ofac-cons:imported',
          'csl:imported',
          'bis-dpl:imported',
          'un-sc:imported',
        ],
      );
      assert.ok(c.screening.isReady(), 'the lists are screened against right after the sync');
      assert.equal(pub.hits.get('/reststop/exportList'), 2, 'one retry after the 503');
      const serving = c.reference.current().tariffs[0]!.info.snapshotId;

      pub.set('/reststop/exportList', 'truncate');
      const second = await c.importer.run(c.syncSource());
      assert.equal(second[0]!.outcome, 'failed');
      assert.match((second[0] as { error: string }).error, /truncated|terminated|closed|socket/i);
      assert.equal(
        c.reference.current().tariffs[0]!.info.snapshotId,
        serving,
        'the previous snapshot keeps serving',
      );
      assert.equal(second[1]!.outcome, 'unchanged');

      pub.set('/reststop/exportList', 'down');
      const third = await c.importer.run(c.syncSource());
      assert.match((third[0] as { error: string }).error, /HTTP 503 after 3 attempts/);
      const status = await c.store.refdata.list();
      assert.equal(status.filter((s) => s.dataset === 'hts' && s.status === 'failed').length, 2);
      assert.equal(status.filter((s) => s.dataset === 'hts' && s.status === 'active').length, 1);

      // A list whose alias file arrives cut short: refused whole, the previous list keeps serving.
      pub.set('/reststop/exportList', 'ok');
      pub.set('/ofac/alt.csv', 'truncate');
      const servingLists = c.screening.current().listsKey;
      const fourth = await c.importer.run(c.syncSource());
      const sdn = fourth.find((o) => o.dataset === 'ofac-sdn')!;
      assert.equal(sdn.outcome, 'failed');
      assert.equal(c.screening.current().listsKey, servingLists);
      const hit = c.screening.screen({ name: 'Aero-Caribbean' }).matches;
      assert.ok(
        hit.some((m) => m.entry.id === 'ofac-sdn:36'),
        'aliases still searched',
      );
    } finally {
      pub.set('/reststop/exportList', 'ok');
      pub.set('/ofac/alt.csv', 'ok');
      await c.close();
    }
  });
});
