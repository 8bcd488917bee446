import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sharedApp, type SharedApp } from '../../testing/shared-app.js';
import { sharedData, sampleShipment } from '../../testing/support.js';
import fc from 'fast-check';
import { validateHeaderValue } from 'node:http';
import { filenameProblem, sniffMediaType, wellFormed } from './domain/documents.js';
import { attachmentDisposition } from './disposition.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 7), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(100, 1),
]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A content-disposition's `filename` and `filename*` (decoded), read without the library that wrote it. */
function disposition(header: string): { type: string; filename?: string; extended?: string } {
  const m = /^(\w+)(?:; filename=(?:"((?:[^"\\]|\\.)*)"|([^;"]+)))?(?:; filename\*=UTF-8''([^;]+))?$/.exec(
    header,
  );
  assert.ok(m, `a content-disposition this test reads: ${header}`);
  const quoted = m[2]?.replace(/\\(.)/g, '$1');
  return {
    type: m[1]!,
    ...(m[2] !== undefined || m[3] !== undefined ? { filename: quoted ?? m[3]! } : {}),
    ...(m[4] !== undefined ? { extended: decodeURIComponent(m[4]) } : {}),
  };
}

describe('document checks', () => {
  it('tells the type from the bytes and refuses paths in names', () => {
    assert.equal(sniffMediaType(PDF), 'application/pdf');
    assert.equal(sniffMediaType(PNG), 'image/png');
    assert.equal(sniffMediaType(Buffer.from('\ufeff  <?xml version="1.0"?>')), 'application/xml');
    assert.equal(sniffMediaType(Buffer.from('MZ\x90\x00')), null);
    assert.equal(filenameProblem('invoice.pdf'), null);
    for (const bad of ['../x.pdf', 'a/b.pdf', 'a\\b.pdf', '..', '', 'x\u0000.pdf'])
      assert.ok(filenameProblem(bad), bad);
    // Any script is a name; controls, line breaks, halves of surrogate pairs and bidi overrides are not.
    for (const good of [
      '文件.pdf',
      'hóa đơn.pdf',
      'счёт-фактура.pdf',
      'فاتورة.pdf',
      'a "b"; c=d %41.pdf',
      '😀.png',
    ])
      assert.equal(filenameProblem(good), null, good);
    for (const bad of [
      'a\r\nb.pdf',
      'a\tb.pdf',
      'a\u007fb.pdf',
      'a\u0085b.pdf',
      'a\u2028b.pdf',
      '\ud800.pdf',
      'x\udc00.pdf',
      'x.pdf\ud83d',
      'invoice\u202efdp.exe',
      'a\u2066b.pdf',
    ])
      assert.ok(filenameProblem(bad), JSON.stringify(bad));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => void sniffMediaType(b)));
  });
});

describe("a download's content-disposition", () => {
  it('carries any name whole in filename* and a printable-ASCII stand-in in filename', () => {
    assert.equal(attachmentDisposition('invoice.pdf'), 'attachment; filename=invoice.pdf');
    assert.deepEqual(disposition(attachmentDisposition('文件.pdf')), {
      type: 'attachment',
      filename: '__.pdf',
      extended: '文件.pdf',
    });
    assert.deepEqual(disposition(attachmentDisposition('hóa đơn "v2"; 100%.pdf')), {
      type: 'attachment',
      filename: 'hoa _on _v2_; 100_.pdf',
      extended: 'hóa đơn "v2"; 100%.pdf',
    });
    // Any string at all, even one the upload check refuses (names stored before it): a header Node
    // sends, of printable ASCII, that reads back as the name (halves of surrogate pairs as U+FFFD).
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('"', '\\', ';', '%', "'", '*', '\r', '\n', '\u0000', '=', ' ', '文'),
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 40 }), (name) => {
        const header = attachmentDisposition(name);
        validateHeaderValue('content-disposition', header);
        assert.match(header, /^[\x20-\x7e]+$/);
        const d = disposition(header);
        assert.match(d.filename ?? '', /^[\x20-\x7e]*$/);
        assert.equal(d.extended ?? d.filename, wellFormed(name));
      }),
      { numRuns: 500 },
    );
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

  it("keeps a name in any script and gives it back in the download's content-disposition", async () => {
    const bytes = Buffer.concat([PDF, Buffer.from('文件')]);
    const name = '文件 "发票"; v2.pdf';
    const r = await upload(
      bytes,
      `media_type=application/pdf&filename=${encodeURIComponent(name)}&type=invoice`,
    );
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().filename, name);
    const down = await t.app.inject({
      method: 'GET',
      url: `/v1/shipments/${shipmentId}/documents/${sha(bytes)}`,
      headers: { authorization: `Bearer ${t.filer}` },
    });
    assert.equal(down.statusCode, 200, down.body);
    assert.deepEqual(down.rawPayload, bytes, 'the body intact');
    const header = String(down.headers['content-disposition']);
    assert.match(header, /^[\x20-\x7e]+$/, 'the header is printable ASCII');
    assert.deepEqual(disposition(header), {
      type: 'attachment',
      filename: '__ ____; v2.pdf',
      extended: name,
    });
    for (const [bad, what] of [
      ['a%0D%0Ab.pdf', 'CR LF'],
      ['a%00b.pdf', 'NUL'],
      ['a%C2%85b.pdf', 'a C1 control'],
      ['invoice%E2%80%AEfdp.exe', 'a bidi override'],
    ] as const) {
      const refused = await upload(PDF, `media_type=application/pdf&filename=${bad}&type=invoice`);
      assert.equal(refused.statusCode, 400, what);
      assert.deepEqual(
        [refused.json().code, refused.json().path],
        ['DOCUMENT_FILENAME_INVALID', 'query.filename'],
        what,
      );
    }
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
