import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ShipmentSchema } from '../../../kernel/shipment.js';
import { REPO_ROOT } from '../../../testing/support.js';
import { csvItems, CSV_COLUMNS } from './csv-shipments.js';
import { templateCsv, templateShipment } from './templates.js';

const formats = readFileSync(join(REPO_ROOT, 'docs', 'formats.md'), 'utf8');

async function* once(text: string) {
  yield Buffer.from(text);
}

describe('file --template and docs/formats.md', () => {
  it('the JSON template is a valid shipment, and the CSV template reads back as the same shipment', async () => {
    const s = templateShipment('2026-12-10');
    assert.ok(ShipmentSchema.safeParse(s).success);
    const items = [];
    for await (const item of csvItems(once(templateCsv('2026-12-10')))) items.push(item);
    assert.equal(items.length, 1);
    assert.deepEqual((items[0] as { value: unknown }).value, s);
  });

  it('documents every CSV column, and the CSV example is what --template csv prints', () => {
    for (const c of [...CSV_COLUMNS.shipment, ...CSV_COLUMNS.line])
      assert.ok(formats.includes(`\`${c}\``), c);
    for (const c of CSV_COLUMNS.party) assert.ok(formats.includes(`\`<role>_${c}\``), c);
    const block = /```csv\n([\s\S]*?)```/.exec(formats)![1]!;
    assert.equal(block, templateCsv('2026-12-10'));
  });
});
