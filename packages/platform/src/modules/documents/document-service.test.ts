import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleShipment } from '../../testing/support.js';
import fc from 'fast-check';
import { filenameProblem, sniffMediaType } from './domain/documents.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 7), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('document checks', () => {
  it('tells the type from the bytes and refuses paths in names', () => {
    assert.equal(sniffMediaType(PDF), 'application/pdf');
    assert.equal(sniffMediaType(PNG), 'image/png');
    assert.equal(sniffMediaType(Buffer.from('\ufeff  <?xml version="1.0"?>')), 'application/xml');
    assert.equal(sniffMediaType(Buffer.from('MZ\x90\x00')), null);
    assert.equal(filenameProblem('invoice.pdf'), null);
    for (const bad of ['../x.pdf', 'a/b.pdf', 'a\\b.pdf', '..', '', 'x\u0000.pdf'])
      assert.ok(filenameProblem(bad), bad);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => void sniffMediaType(b)));
  });
});

describe('paperless documents over HTTP', sharedData(), () => {
  let t: SharedApp;
  let shipmentId: string;
  before(async () => {
    t = await sharedApp();
    shipmentId = (await t.c.filing.fileOne('acme', sampleShipment({ reference: 'DOC-1' }), null)).result.id;
  });
  after(() => t.close());

  const upload = (body: Buffer, query: string, headers: Record<string, string> = {}, key = t.filer) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/shipments/${shipmentId}/documents?${query}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream', ...headers },
      payload: body,
    });
  const files = () =>
    readdirSync(t.c.config.TRADELANE_DOCUMENTS_DIR, { recursive: true }).filter((f) =>
      /[0-9a-f]{64}$/.test(String(f)),
    );

  it("stores a document by its checksum and gives it back with the filing's access rules", async () => {
    const r = await upload(
      PDF,
      'media_type=application/pdf&filename=invoice.pdf&type=invoice&agency=FDA&line=0',
      {
        'x-content-sha256': sha(PDF),
      },
    );
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().sha256, sha(PDF));
    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${shipmentId}/documents`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    assert.equal(list.json().documents.length, 1);
    const down = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${shipmentId}/documents/${sha(PDF)}`,
      headers: { authorization: `Bearer ${t.officer}` },
    });
    assert.equal(down.statusCode, 200);
    assert.equal(down.headers['content-type'], 'application/pdf');
    assert.deepEqual(down.rawPayload, PDF);
    const other = (await t.c.apiKeys.create({ tenant: 'globex', role: 'filer' })).key;
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${shipmentId}/documents/${sha(PDF)}`,
      headers: { authorization: `Bearer ${other}` },
    });
    assert.equal(hidden.statusCode, 404);
  });

  it('refuses bad uploads with a code and keeps nothing of them', async () => {
    const before = files().length;
    const cases: [Buffer, string, Record<string, string>, string, number][] = [
      [PNG, 'media_type=application/pdf&filename=a.pdf&type=invoice', {}, 'DOCUMENT_TYPE_MISMATCH', 415],
      [
        PDF,
        'media_type=application/x-msdownload&filename=a.exe&type=invoice',
        {},
        'DOCUMENT_TYPE_UNSUPPORTED',
        415,
      ],
      [
        PDF,
        'media_type=application/pdf&filename=../../etc/passwd&type=invoice',
        {},
        'DOCUMENT_FILENAME_INVALID',
        400,
      ],
      [
        PNG,
        'media_type=image/png&filename=a.png&type=photo',
        { 'x-content-sha256': sha(PDF) },
        'DOCUMENT_CHECKSUM_MISMATCH',
        400,
      ],
      [
        PDF,
        'media_type=application/pdf&filename=a.pdf&type=invoice&line=9',
        {},
        'DOCUMENT_LINE_INVALID',
        400,
      ],
      [
        PDF,
        'media_type=application/pdf&filename=a.pdf&type=invoice',
        { 'content-length': String(3 * 1024 ** 3) },
        'DOCUMENT_TOO_LARGE',
        413,
      ],
    ];
    for (const [body, query, headers, code, status] of cases) {
      const r = await upload(body, query, headers);
      assert.equal(r.json().code, code, `${query} ${r.body}`);
      assert.equal(r.statusCode, status);
    }
    assert.equal(files().length, before, 'no file is left behind');
    const officer = await upload(
      PDF,
      'media_type=application/pdf&filename=a.pdf&type=invoice',
      {},
      t.officer,
    );
    assert.equal(officer.statusCode, 403);
  });
});
