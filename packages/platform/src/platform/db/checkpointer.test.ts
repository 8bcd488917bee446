/**
 * A server's WAL is copied and restarted by the checkpointer thread, which holds the writer only for
 * the last pages (ADR 0030, third amendment). A passive checkpoint alone never finds a busy
 * writer's WAL copied in full, so without the hold the WAL grows for as long as writes go on.
 */
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { BackgroundCheckpointer } from './checkpointer.js';
import { gatedDialect } from './gated-dialect.js';

describe('the checkpointer thread', () => {
  it('restarts the WAL of a writer that never pauses, without its own checkpoints, and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradelane-wal-'));
    const path = join(dir, 'db.sqlite');
    const database = new Database(path);
    database.pragma('page_size = 4096');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('wal_autocheckpoint = 0');
    database.exec('create table t (id integer primary key, x blob not null)');
    const checkpointer = new BackgroundCheckpointer(path, {
      intervalMs: 10,
      restartPages: 64,
      settlePages: 8,
    });
    const db = new Kysely<{ t: { id: number; x: Buffer } }>({
      dialect: gatedDialect(new SqliteDialect({ database }), checkpointer.gate),
    });
    try {
      const insert = database.prepare('insert into t (x) values (?)');
      const write = database.transaction((n: number) => {
        for (let i = 0; i < n; i++) insert.run(Buffer.alloc(6000, i));
      });
      // Transactions back to back through the gated connection, as a busy server's group commits:
      // at least two seconds, and until the thread has restarted the WAL three times.
      // The WAL's header counts its restarts (the checkpoint sequence number, bytes 12–15).
      const header = Buffer.alloc(32);
      const sequence = () => {
        const fd = openSync(`${path}-wal`, 'r');
        try {
          readSync(fd, header, 0, 32, 0);
        } finally {
          closeSync(fd);
        }
        return header.readUInt32BE(12);
      };
      let rows = 0;
      let largest = 0;
      let restarts = 0;
      let last = -1;
      const from = Date.now();
      while (Date.now() - from < 2000 || (restarts < 3 && Date.now() - from < 20_000)) {
        await db.connection().execute(async () => write(4));
        rows += 4;
        if (rows % 40 !== 0) continue;
        const now = sequence();
        if (last >= 0 && now !== last) restarts++;
        last = now;
        largest = Math.max(largest, statSync(`${path}-wal`).size);
      }
      assert.ok(restarts >= 3, `the WAL restarted ${restarts} times over ${rows} rows`);
      const counts = checkpointer.counts();
      assert.ok(counts.restarts >= 1 && counts.holds >= counts.restarts, JSON.stringify(counts));
      // Bounded by what is written during one round of copies, not by what the run writes.
      assert.ok(largest < (rows * 6000) / 3, `the WAL reached ${largest} bytes over ${rows} rows`);
      const { n } = (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!;
      assert.equal(n, rows);
      assert.equal(database.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await checkpointer.stop();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
