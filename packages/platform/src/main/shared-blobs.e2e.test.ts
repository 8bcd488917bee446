/**
 * Documents on PostgreSQL, with real processes: two `tradelane serve --no-workers` on one database
 * (each with a documents folder of its own, which neither uses): a document uploaded through one
 * downloads byte-identical through the other; documents an embedded install kept on disk are moved
 * into the database by `tradelane documents import-blobs` and then served by any server.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { FsBlobStore } from '../modules/documents/index.js';
import { LISTENING, Processes } from '../testing/processes.js';
import { PG_URL, fixtureDir, pgEnabled, sampleShipment, tempDir, uniqueSchema } from '../testing/support.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF of 3 MiB and a bit: several chunks of the database store. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 777 }, (_, i) => (i * 7919) & 255)),
  Buffer.from('\n%%EOF\n'),
]);

describe('documents shared by every server on PostgreSQL', { skip: !pgEnabled && 'PostgreSQL off' }, () => {
  const schema = uniqueSchema();
  const env = {
    TRADELANE_DATABASE_URL: PG_URL,
    TRADELANE_DATABASE_SCHEMA: schema,
    TRADELANE_REFDATA_POLL_MS: '0',
    TRADELANE_LOG_LEVEL: 'info',
  };
  const p = new Processes(env);
  const db = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  let a = '';
  let b = '';
  let headers: Record<string, string> = {};

  before(async () => {
    p.cli(['refdata', 'import', '--dir', fixtureDir()]);
    const key = p.cli(['keys', 'create', '--tenant', 'docs', '--role', 'filer']).trim().split('\n').pop()!;
    headers = { authorization: `Bearer ${key}` };
    await db.connect();
    const [sa, sb] = await Promise.all([
      p.start(['serve', '--no-workers', '--port', '0'], LISTENING, {
        TRADELANE_DOCUMENTS_DIR: tempDir('tl-docs-a'),
      }),
      p.start(['serve', '--no-workers', '--port', '0'], LISTENING, {
        TRADELANE_DOCUMENTS_DIR: tempDir('tl-docs-b'),
      }),
    ]);
    a = sa.line;
    b = sb.line;
  });

  after(async () => {
    const slow = await p.stopAll();
    await db.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await db.end();
    assert.deepEqual(slow, [], 'every process stops on SIGTERM');
  });

  const file = async (reference: string) => {
    const r = await fetch(`${a}/v1/shipments`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(sampleShipment({ reference })),
    });
    const text = await r.text();
    assert.equal(r.status, 201, text);
    return (JSON.parse(text) as { id: string }).id;
  };
  const download = async (base: string, id: string, hash: string) => {
    const r = await fetch(`${base}/v1/shipments/${id}/documents/${hash}`, { headers });
    assert.equal(r.status, 200, `${base}: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  };

  it('serves through one server the bytes uploaded through another', async () => {
    const id = await file('BLOB-1');
    const up = await fetch(
      `${a}/v1/shipments/${id}/documents?media_type=application/pdf&filename=invoice.pdf&type=invoice`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'x-content-sha256': sha(PDF) },
        body: PDF,
      },
    );
    assert.equal(up.status, 201, await up.text());
    const got = await download(b, id, sha(PDF));
    assert.equal(got.length, PDF.length);
    assert.equal(sha(got), sha(PDF), 'byte-identical through the other server');
    const list = await fetch(`${b}/v1/shipments/${id}/documents`, { headers });
    assert.equal(list.status, 200);
    const chunks = await db.query<{ n: string }>(`select count(*) as n from blob_chunks`);
    assert.equal(Number(chunks.rows[0]!.n), 4, 'stored in the database, in chunks of 1 MiB');
  });

  it('moves documents kept on disk into the database (import-blobs), once', async () => {
    const id = await file('BLOB-2');
    // An embedded install's folder: the bytes on disk, the record in the database.
    const dir = tempDir('tl-docs-old');
    const old = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 42), Buffer.from('\n%%EOF\n')]);
    const blob = await new FsBlobStore(dir).write(Readable.from([old]), 1 << 20);
    await db.query(
      `insert into documents (id, tenant, shipment_id, line_index, agency, doc_type, media_type, filename, sha256, size, created_at)
       values ('doc_old1', 'docs', $1, null, null, 'invoice', 'application/pdf', 'old.pdf', $2, $3, '2026-01-01T00:00:00.000Z')`,
      [id, blob.sha256, old.length],
    );
    const missing = await fetch(`${b}/v1/shipments/${id}/documents/${blob.sha256}`, { headers });
    assert.equal(missing.status, 404, 'not in the database yet');
    await missing.body?.cancel();
    const first = JSON.parse(p.cli(['documents', 'import-blobs', '--dir', dir, '--json'])) as Record<
      string,
      unknown
    >;
    assert.deepEqual(first, { copied: 1, present: 1, missing: [], swept: 0 });
    const again = JSON.parse(p.cli(['documents', 'import-blobs', '--dir', join(dir), '--json'])) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      again,
      { copied: 0, present: 2, missing: [], swept: 0 },
      'run again: nothing copied twice',
    );
    assert.equal(sha(await download(b, id, blob.sha256)), blob.sha256);
    assert.equal(sha(await download(a, id, blob.sha256)), blob.sha256);
  });
});
