/**
 * The group commit's spacing (ShipmentWriter, ADR 0030) on a real SQLite store: when each batch is
 * written, and that every filing is written once with its own answer. The clock and the timer are
 * the test's, so what is asserted is the policy, not the machine's timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShipmentWriter, type Schedule } from './shipment-writer.js';
import type { NewShipmentRow, ShipmentRepository } from './repository.js';
import { openStore } from '../../main/store/open-store.js';
import { tempSqliteUrl } from '../../testing/support.js';
import { rowOf, shipmentRow } from '../../testing/store-rows.js';

/** A timer the test fires by hand, and a clock it moves. */
function manualTime() {
  let now = 0;
  const pending: { fn: () => void; at: number; ms: number }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const t = { fn, at: now + ms, ms };
    pending.push(t);
    return () => {
      const at = pending.indexOf(t);
      if (at >= 0) pending.splice(at, 1);
    };
  };
  return {
    now: () => now,
    schedule,
    pending,
    advance(ms: number) {
      now += ms;
    },
    /** Runs the timers due by now, in order. */
    fire() {
      for (const t of pending.filter((p) => p.at <= now).sort((a, b) => a.at - b.at)) {
        pending.splice(pending.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

/** The store's repository, recording the size of each batch it is given. */
function recording(repo: ShipmentRepository): { repo: ShipmentRepository; batches: number[] } {
  const batches: number[] = [];
  const insertMany = repo.insertMany.bind(repo);
  return {
    batches,
    repo: Object.assign(Object.create(repo) as ShipmentRepository, {
      insertMany: (rows: readonly NewShipmentRow[]) => {
        batches.push(rows.length);
        return insertMany(rows);
      },
    }),
  };
}

describe('ShipmentWriter: commits spaced on a busy server', () => {
  it('writes a filing that comes after a quiet spell at once, and holds those that follow for the rest of the spacing', async () => {
    const store = await openStore({ url: tempSqliteUrl() });
    try {
      const t = manualTime();
      const { repo, batches } = recording(store.shipments);
      const writer = new ShipmentWriter(repo, 256, 5, t.now, t.schedule);
      const rows = Array.from({ length: 6 }, (_, i) => rowOf(shipmentRow({ reference: `SP-${i}` })));

      // Quiet: the first filing is written on the next turn (no wait).
      const first = writer.write(rows[0]!);
      assert.deepEqual(
        t.pending.map((p) => p.ms),
        [0],
      );
      t.fire();
      assert.equal(await first, true);
      assert.deepEqual(batches, [1]);

      // 1 ms later, three more: they wait for the 4 ms left of the spacing, together.
      t.advance(1);
      const next = rows.slice(1, 4).map((r) => writer.write(r));
      assert.deepEqual(
        t.pending.map((p) => p.ms),
        [4],
      );
      t.advance(3);
      t.fire();
      assert.deepEqual(batches, [1], 'not before the spacing is over');
      t.advance(1);
      t.fire();
      assert.deepEqual(await Promise.all(next), [true, true, true]);
      assert.deepEqual(batches, [1, 3]);

      // A long quiet spell again: at once.
      t.advance(60_000);
      const late = writer.write(rows[4]!);
      assert.deepEqual(
        t.pending.map((p) => p.ms),
        [0],
      );
      t.fire();
      assert.equal(await late, true);

      // drain() writes what waits without waiting for the timer, and the timer is cancelled.
      const held = writer.write(rows[5]!);
      assert.equal(t.pending.length, 1);
      await writer.drain();
      assert.equal(await held, true);
      assert.equal(t.pending.length, 0);
      assert.deepEqual(batches, [1, 3, 1, 1]);
      assert.equal(await store.shipments.count(), 6);
    } finally {
      await store.close();
    }
  });

  it('writes what arrives during a transaction in the next one, all together, full batches first', async () => {
    const store = await openStore({ url: tempSqliteUrl() });
    try {
      const t = manualTime();
      const { repo, batches } = recording(store.shipments);
      // The transaction in flight is held until the test opens the gate (a slow database).
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const slow = Object.assign(Object.create(repo) as ShipmentRepository, {
        insertMany: async (rows: readonly NewShipmentRow[]) => {
          await gate;
          return repo.insertMany(rows);
        },
      });
      const writer = new ShipmentWriter(slow, 2, 0, t.now, t.schedule);
      const rows = Array.from({ length: 6 }, (_, i) => rowOf(shipmentRow({ reference: `IF-${i}` })));
      const first = writer.write(rows[0]!);
      t.fire();
      const during = rows.slice(1).map((r) => writer.write(r));
      assert.equal(t.pending.length, 0, 'nothing is scheduled while a transaction is in flight');
      open();
      assert.equal(await first, true);
      // Five waited, two at most a transaction: the full batches at once, one after the other...
      assert.deepEqual(await Promise.all(during.slice(0, 4)), [true, true, true, true]);
      assert.deepEqual(batches, [1, 2, 2]);
      // ...and the one left by the spacing (0 ms here: the next turn).
      assert.deepEqual(
        t.pending.map((p) => p.ms),
        [0],
      );
      t.fire();
      assert.equal(await during[4], true);
      assert.deepEqual(batches, [1, 2, 2, 1]);
      assert.equal(await store.shipments.count(), 6);
    } finally {
      await store.close();
    }
  });

  it('writes a full batch at once, whatever the spacing', async () => {
    const store = await openStore({ url: tempSqliteUrl() });
    try {
      const t = manualTime();
      const { repo, batches } = recording(store.shipments);
      const writer = new ShipmentWriter(repo, 3, 1_000, t.now, t.schedule);
      await Promise.all([writer.write(rowOf(shipmentRow())), (t.fire(), Promise.resolve())]);
      const three = [0, 1, 2].map(() => writer.write(rowOf(shipmentRow())));
      assert.deepEqual(await Promise.all(three), [true, true, true]);
      assert.deepEqual(batches, [1, 3]);
      assert.equal(t.pending.length, 0, 'the timer of the batch written at once is cancelled');
    } finally {
      await store.close();
    }
  });

  it("tells observers each commit's time, size and outcome; a throwing observer stops neither the others nor the writer", async () => {
    const store = await openStore({ url: tempSqliteUrl() });
    try {
      const t = manualTime();
      // A database that takes 7 ms of the test's clock per transaction, and fails the third.
      let calls = 0;
      const timed = Object.assign(Object.create(store.shipments) as ShipmentRepository, {
        insertMany: async (rows: readonly NewShipmentRow[]) => {
          t.advance(7);
          if (++calls === 3) throw new Error('disk full');
          return store.shipments.insertMany(rows);
        },
      });
      const writer = new ShipmentWriter(timed, 256, 0, t.now, t.schedule);
      // A broken observer first: it must stop neither the observers after it nor the writer.
      writer.observe(() => {
        throw new Error('a broken metric');
      });
      const seen: [number, number, boolean][] = [];
      const stop = writer.observe((ms, rows, written) => seen.push([ms, rows, written]));
      const first = writer.write(rowOf(shipmentRow({ reference: 'OB-1' })));
      t.fire();
      assert.equal(await first, true);
      const two = [2, 3].map((i) => writer.write(rowOf(shipmentRow({ reference: `OB-${i}` }))));
      assert.equal(
        t.pending.length,
        1,
        'the writer goes on after a broken observer: the next commit is planned',
      );
      t.fire();
      assert.deepEqual(await Promise.all(two), [true, true]);
      const failing = writer.write(rowOf(shipmentRow({ reference: 'OB-4' })));
      t.fire();
      await assert.rejects(failing, /disk full/);
      assert.deepEqual(seen, [
        [7, 1, true],
        [7, 2, true],
        [7, 1, false],
      ]);
      stop();
      const last = writer.write(rowOf(shipmentRow({ reference: 'OB-5' })));
      t.fire();
      assert.equal(await last, true);
      assert.equal(seen.length, 3, 'a removed observer is not called');
      assert.equal(await store.shipments.count(), 4);
    } finally {
      await store.close();
    }
  });
});
