/**
 * A large filing of new goods does not hold the serving thread: its lines' classification checks
 * run ahead of the pipeline a slice at a time (BoundStage.prepare), the event loop served between
 * slices, and the answer is what the pipeline alone gives.
 */
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sampleShipment, sharedData } from '../../testing/support.js';
import { FilingService } from './filing-service.js';
import type { Stage } from '../../kernel/stage.js';
import { nodeCrypto, systemClock, ulidIds } from '../../platform/system/system.js';

const GOODS = [
  "Men's knitted cotton T-shirt",
  'Stainless steel kitchen knife with plastic handle',
  'Wooden pallets for shipping',
  'Frozen shrimp, peeled and deveined',
  'Ceramic coffee mug',
  'Leather handbag with shoulder strap',
];

describe('a large filing of new goods', sharedData(), () => {
  let t: SharedApp;
  before(async () => {
    t = await sharedApp();
  });
  after(() => t.close());

  const large = (reference: string, n: number) => {
    const base = sampleShipment({ reference });
    const line = (base.lines as Record<string, unknown>[])[0]!;
    return {
      ...base,
      lines: Array.from({ length: n }, (_, i) => ({
        ...line,
        description: `${GOODS[i % GOODS.length]}, model ${reference}-${i}`,
      })),
    };
  };

  it('gives the event loop turns while its new lines are checked', async () => {
    let done = false;
    let turns = 0;
    const filed = t.c.filing.fileOne('acme', large('LF-1', 400), null).finally(() => (done = true));
    while (!done) {
      await turn();
      turns++;
    }
    const { result } = await filed;
    assert.equal(result.status, 'accepted', JSON.stringify(result.findings.slice(0, 3)));
    // Without turns given, the event loop would come round only for the group commit (1–2 turns).
    assert.ok(turns >= 10, `the event loop came round ${turns} times while 400 new lines were checked`);
  });

  it('files it all the same when a stage cannot prepare it (the stage runs it)', async () => {
    const ran: number[] = [];
    const stage: Stage = {
      name: 'fragile',
      reads: [],
      bind: () => ({
        versions: [],
        run: ({ shipment }) => (ran.push(shipment.lines.length), []),
        prepare: () => Promise.reject(new Error('the prepared work broke')),
      }),
    };
    const filing = new FilingService(t.c.store, [stage], null, () => true, systemClock, ulidIds, nodeCrypto);
    const { result } = await filing.fileOne('acme', large('LF-3', 12), null);
    assert.equal(result.status, 'accepted');
    assert.deepEqual(ran, [12]);
    assert.equal((await filing.get(result.id, 'acme')).reference, 'LF-3');
  });

  it('answers what the pipeline alone answers', async () => {
    const body = large('LF-2', 40);
    const { result } = await t.c.filing.fileOne('acme', body, null);
    const again = t.c.filing.evaluate('acme', body);
    assert.deepEqual(result.findings, again.findings);
  });
});
