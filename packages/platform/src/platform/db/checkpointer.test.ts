/**
 * A server's WAL is copied and restarted by the checkpointer thread, which holds the writer only for
 * the last pages (ADR 0030, third amendment). A passive checkpoint alone never finds a busy
 * writer's WAL copied in full, so without the hold the WAL grows for as long as writes go on.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import { BackgroundCheckpointer, WAL_HOLD_CHANNEL, heldDescriptor } from './checkpointer.js';
import { gatedDialect } from './gated-dialect.js';

/** The WAL header's checkpoint sequence number (bytes 12–15): it moves by one at each restart. */
function walSequence(path: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(`${path}-wal`, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

describe('the checkpointer thread', () => {
  it(
    'restarts the WAL of a writer that never pauses, without its own checkpoints, and loses nothing',
    { timeout: 60_000 },
    async () => {
      // On a disk: in memory (tmpfs) a pass copies so fast that it often ends between two of the
      // writer's transactions, and the WAL restarts without the hold.
      const dir = mkdtempSync(join(tmpdir(), 'tradelane-wal-'));
      const path = join(dir, 'db.sqlite');
      let checkpointer: BackgroundCheckpointer | null = null;
      let db: Kysely<{ t: { id: number; x: Buffer } }> | null = null;
      // Every wait of the writer, as the diagnostics channel tells it.
      const told: { start: number; ms: number }[] = [];
      const onHold = (m: unknown) => told.push(m as { start: number; ms: number });
      subscribe(WAL_HOLD_CHANNEL, onHold);
      try {
        const database = new Database(path);
        database.pragma('page_size = 4096');
        database.pragma('journal_mode = WAL');
        database.pragma('synchronous = NORMAL');
        database.pragma('wal_autocheckpoint = 0');
        database.exec('create table t (id integer primary key, x blob not null)');
        // The thread is given the path relative to this process's directory, as a store passes
        // `sqlite:./var/tradelane.db`: it must still find the file's descriptor to flush it.
        checkpointer = new BackgroundCheckpointer(relative(process.cwd(), path), {
          intervalMs: 10,
          restartPages: 64,
          settlePages: 8,
        });
        db = new Kysely({ dialect: gatedDialect(new SqliteDialect({ database }), checkpointer.gate) });
        const insert = database.prepare('insert into t (x) values (?)');
        // A server's commit also works while it holds the write lock (its counters, the decision
        // chain's digests): here a fixed 0.25 ms, whatever the host's speed. Bare inserts of 6 KB
        // rows wrote ~270 MB/s on a fast host, faster than the thread can copy and sync, and the
        // WAL grew between restarts whatever the thread did; so the writer stays under ~100 MB/s.
        // The work is inside the transaction, so the writer still leaves no gap between two
        // transactions in which a pass alone could copy the WAL in full: the test fails when the
        // thread never holds the writer (0 restarts in 20 s), and in most runs when the gate
        // ignores the hold.
        const write = database.transaction((n: number) => {
          for (let i = 0; i < n; i++) insert.run(Buffer.alloc(6000, i));
          for (const until = performance.now() + 0.25; performance.now() < until;);
        });
        // Transactions back to back through the gated connection, as a busy server's group
        // commits: 20,000 rows (120 MB), and until the WAL has restarted three times (20 s at most).
        const first = walSequence(path);
        let rows = 0;
        let largest = 0;
        let restarts = 0;
        let atHalf = -1;
        const from = Date.now();
        while ((restarts < 3 || rows < 20_000) && Date.now() - from < 20_000) {
          await db.connection().execute(async () => write(4));
          rows += 4;
          if (rows % 40 !== 0) continue;
          restarts = (walSequence(path) - first) >>> 0;
          largest = Math.max(largest, statSync(`${path}-wal`).size);
          if (rows === 10_000) atHalf = restarts;
        }
        assert.ok(restarts >= 3, `the WAL restarted ${restarts} times over ${rows} rows`);
        assert.ok(restarts > atHalf, `no restart after the first 10,000 rows (${restarts} in all)`);
        // A WAL never restarted would hold every row written (6 KB each); on a loaded machine a
        // round of copies can take a while, so the bound is loose.
        assert.ok(largest < rows * 6000 * 0.75, `the WAL reached ${largest} bytes over ${rows} rows`);
        const { n } = (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!;
        assert.equal(n, rows);
        assert.equal(database.pragma('integrity_check', { simple: true }), 'ok');
        // The thread counts restarts from the same header, never more than happened.
        await checkpointer.stop();
        const { restarts: counted, holds, flushes } = checkpointer.counts();
        // Every hold came after a flush of the database file through a descriptor the process's
        // connections hold (ADR 0045).
        if (process.platform === 'linux')
          assert.ok(flushes >= holds && holds >= 1, `${flushes} flushes, ${holds} holds`);
        const happened = (walSequence(path) - first) >>> 0;
        assert.ok(counted >= 1 && counted <= happened, `counted ${counted}, ${happened} happened`);
        // The channel told each wait the gate counted, with its length, within the run.
        const { waits, waitedSeconds } = checkpointer.counts();
        assert.equal(told.length, waits);
        const toldMs = told.reduce((a, m) => a + m.ms, 0);
        assert.ok(
          Math.abs(toldMs / 1000 - waitedSeconds) < 1e-6,
          `${toldMs} ms told, ${waitedSeconds} s counted`,
        );
        for (const m of told) assert.ok(m.start >= from - 1 && m.start <= Date.now(), `a wait at ${m.start}`);
      } finally {
        unsubscribe(WAL_HOLD_CHANNEL, onHold);
        await checkpointer?.stop();
        await db?.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'flushes the database file through a descriptor its connections hold, never one of its own',
    {
      skip: process.platform === 'linux' ? false : 'no /proc/self/fd: nothing is flushed there',
    },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tradelane-fd-'));
      const path = join(dir, 'db.sqlite');
      try {
        const database = new Database(path);
        database.pragma('journal_mode = WAL');
        const file = fs.realpathSync(path);
        const fd = heldDescriptor(fs, file);
        assert.ok(fd >= 0, 'a connection holds the file');
        assert.equal(fs.readlinkSync(`/proc/self/fd/${fd}`), file);
        assert.equal(heldDescriptor(fs, `${file}-none`), -1);
        database.close();
        assert.equal(heldDescriptor(fs, file), -1, 'none once the connection is closed');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
