/**
 * The SQLite file a store makes (ADR 0037): 8 KiB pages and WAL for a new database; a database made
 * before keeps its pages (SQLite fixes the size once the file has tables), and is used as it is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from './open-store.js';

const dir = mkdtempSync(join(tmpdir(), 'tradelane-open-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const pragmas = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      pageSize: db.pragma('page_size', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
    };
  } finally {
    db.close();
  }
};

describe('the SQLite file of a store', () => {
  it('makes a new database with 8 KiB pages, in WAL mode', async () => {
    const path = join(dir, 'new.db');
    const store = await openStore({ url: `sqlite:${path}` });
    await store.close();
    assert.deepEqual(pragmas(path), { pageSize: 8192, journal: 'wal' });
  });

  it('keeps the pages of a database made before, and files into it', async () => {
    const path = join(dir, 'older.db');
    const old = new Database(path);
    old.pragma('page_size = 16384');
    old.exec('create table made_before (x integer)');
    old.close();
    const store = await openStore({ url: `sqlite:${path}` });
    try {
      assert.equal(await store.shipments.count(), 0);
    } finally {
      await store.close();
    }
    assert.deepEqual(pragmas(path), { pageSize: 16384, journal: 'wal' });
  });
});
