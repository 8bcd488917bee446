import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BulkItem } from '../../../platform/ingest/items.js';
import { parseShipment } from '../../../kernel/shipment.js';
import { csvItems } from './csv-shipments.js';

const HEADER =
  'reference,type,mode,port_of_entry,arrival_date,seller_name,seller_country,consignee_name,consignee_city,consignee_country,description,hts,origin,quantity_1,unit_1,quantity_2,unit_2,value_amount,currency';

async function collect(text: string, chunk = 7): Promise<BulkItem[]> {
  async function* src() {
    for (let i = 0; i < text.length; i += chunk) yield Buffer.from(text.slice(i, i + chunk));
  }
  const out: BulkItem[] = [];
  for await (const item of csvItems(src())) out.push(item);
  return out;
}

/** The items of CSV bytes, sent in chunks of `chunk` bytes (a character may be split across two). */
async function collectBytes(bytes: Buffer, chunk = 7): Promise<BulkItem[]> {
  async function* src() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: BulkItem[] = [];
  for await (const item of csvItems(src())) out.push(item);
  return out;
}

describe('CSV shipments', () => {
  it('groups consecutive rows of one reference into one shipment', async () => {
    const text = [
      HEADER,
      'A1,low_value,air,2704,2026-12-01,Shenzhen Seller,CN,Jane Doe,Austin,US,"Men\'s T-shirt, cotton",6109100012,CN,1,doz.,0.3,kg,1999,USD',
      'A1,low_value,air,2704,2026-12-01,Shenzhen Seller,CN,Jane Doe,Austin,US,Laptop,8471300100,CN,1,No.,,,45000,USD',
      'A2,low_value,air,2704,2026-12-01,Other Seller,VN,John Roe,Austin,US,Laptop,8471300100,VN,1,No.,,,45000,USD',
    ].join('\n');
    const items = await collect(text);
    assert.equal(items.length, 2);
    const first = items[0] as { line: number; value: Record<string, unknown> };
    assert.equal(first.line, 2);
    const parsed = parseShipment(first.value);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
    assert.equal(parsed.shipment.lines.length, 2);
    assert.deepEqual(parsed.shipment.lines[0]!.quantity, [
      { value: 1, unit: 'doz.' },
      { value: 0.3, unit: 'kg' },
    ]);
    assert.deepEqual(
      parsed.shipment.parties.map((p) => p.role),
      ['consignee', 'seller'],
    );
    assert.equal(parsed.shipment.lines[0]!.description, "Men's T-shirt, cotton");
  });

  it('reports a broken row with its line and goes on', async () => {
    const text = [
      HEADER,
      'A1,low_value,air,2704,2026-12-01,S,CN,J,Austin,US,Shirt,6109100012,CN,1,doz.,0.3,kg,1999,USD',
      'A2,low_value,air,2704,only,four,columns',
      'A3,low_value,air,2704,2026-12-01,S,CN,J,Austin,US,Shirt,6109100012,CN,1,doz.,0.3,kg,1999,USD',
    ].join('\n');
    const items = await collect(text);
    assert.deepEqual(
      items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}`)),
      ['2:ok', '3:CSV_ROW_INVALID', '4:ok'],
    );
  });

  it('leaves a non-numeric amount as text so that the shape check names the cell', async () => {
    const text = [
      HEADER,
      'A1,low_value,air,2704,2026-12-01,S,CN,J,Austin,US,Shirt,6109100012,CN,1,doz.,0.3,kg,19.99 USD,USD',
    ].join('\n');
    const [item] = await collect(text);
    const r = parseShipment((item as { value: unknown }).value);
    assert.ok(!r.ok);
    assert.equal(r.issues[0]!.path, 'lines[0].value.amount');
  });

  it('reports an unclosed quote on its own line and reads the next record', async () => {
    const row = (ref: string, desc: string) =>
      `${ref},low_value,air,2704,2026-12-01,S,CN,J,Austin,US,${desc},6109100012,CN,1,doz.,0.3,kg,1999,USD`;
    const text = [
      HEADER,
      row('A1', 'Shirt'),
      row('A2', '"Shirt'),
      row('A3', 'Shirt'),
      row('A4', '"a ""b"", c"'),
    ].join('\r\n');
    const items = await collect(text, 5);
    assert.deepEqual(
      items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}`)),
      ['2:ok', '3:CSV_ROW_INVALID', '4:ok', '5:ok'],
    );
    const last = items[3] as { value: { lines: { description: string }[] } };
    assert.equal(last.value.lines[0]!.description, 'a "b", c');
  });

  it('refuses a row with a NUL character, that row only', async () => {
    const row = (ref: string, desc: string) =>
      `${ref},low_value,air,2704,2026-12-01,S,CN,J,Austin,US,${desc},6109100012,CN,1,doz.,0.3,kg,1999,USD`;
    const items = await collect([HEADER, row('A1', 'Sh\u0000irt'), row('A2', 'Shirt')].join('\n'));
    assert.deepEqual(
      items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}`)),
      ['2:TEXT_NUL', '3:ok'],
    );
  });

  it('refuses a row that is not UTF-8 with INVALID_UTF8, that row only, and reads the rest', async () => {
    const row = (ref: string, desc: string) =>
      `${ref},low_value,air,2704,2026-12-01,S,CN,J,Austin,US,${desc},6109100012,CN,1,doz.,0.3,kg,1999,USD`;
    const text = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n'));
    // Line 3 is the second row of A1 with a Latin-1 "é" (0xE9); the rows around it hold a real "é"
    // (two bytes in UTF-8), which chunks of every size split somewhere.
    const bad = Buffer.concat([
      text([row('A1', 'Caf\u00e9 shirt')]),
      Buffer.from('\r\n'),
      Buffer.from(row('A1', 'Caf\u00e9 shirt').replace('\u00e9', '\u0000'), 'latin1').map((b) =>
        b === 0 ? 0xe9 : b,
      ),
      Buffer.from(`\r\n${row('A2', 'Caf\u00e9 shirt')}\r\n`),
    ]);
    for (const chunk of [1, 2, 3, 7, 64, 1 << 16]) {
      const items = await collectBytes(bad, chunk);
      assert.deepEqual(
        items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}`)),
        ['2:ok', '3:INVALID_UTF8', '4:ok'],
        `chunks of ${chunk}`,
      );
      const problem = (items[1] as { problem: { message: string; path: string } }).problem;
      const at = row('A1', 'Caf\u00e9 shirt').indexOf('\u00e9'); // ASCII before it: bytes = characters
      assert.deepEqual(problem, {
        code: 'INVALID_UTF8',
        message: `line 3, byte ${at}: not valid UTF-8`,
        path: `line 3, byte ${at}`,
      });
      const first = items[0] as { value: { lines: { description: string }[] } };
      assert.deepEqual(
        first.value.lines.map((l) => l.description),
        ['Caf\u00e9 shirt'],
        'the shipment ends before the refused row',
      );
      assert.ok(!JSON.stringify(items).includes('\ufffd'), 'no U+FFFD anywhere');
    }
  });

  it('refuses a header that is not UTF-8 as one INVALID_UTF8 line, reading nothing after it', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        `${HEADER}\nA1,low_value,air,2704,2026-12-01,S,CN,J,Austin,US,Shirt,6109100012,CN,1,doz.,0.3,kg,1999,USD\n`,
      ),
    ]);
    const items = await collectBytes(bytes);
    assert.deepEqual(
      items.map((i) => ('value' in i ? `${i.line}:ok` : `${i.line}:${i.problem.code}:${i.problem.path}`)),
      ['1:INVALID_UTF8:line 1, byte 0'],
    );
  });
});
