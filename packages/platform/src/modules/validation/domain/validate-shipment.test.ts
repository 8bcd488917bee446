import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureReference, sampleFormal, sampleShipment } from '../../../testing/support.js';
import type { Finding } from '../../../kernel/finding.js';
import { parseShipment, type Shipment } from '../../../kernel/shipment.js';
import { validateShipment } from './validate-shipment.js';

const ref = fixtureReference();
const TODAY = '2026-11-27';

function ship(body: Record<string, unknown>): Shipment {
  const r = parseShipment(body);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.shipment;
}
const run = (body: Record<string, unknown>, today = TODAY): Finding[] =>
  validateShipment(ship(body), { ref, today });
const codes = (f: Finding[]) => f.map((x) => `${x.severity}:${x.code}@${x.path}`);
const line = (over: Record<string, unknown>) => [{ ...(sampleShipment().lines as object[])[0], ...over }];
const at = { transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2026-12-01' } };

describe('validation stage', () => {
  it('accepts a valid formal entry with no finding', () => {
    assert.deepEqual(run(sampleFormal(at)), []);
  });

  it('flags the suspended de minimis on a low-value shipment as policy says (warning)', () => {
    const f = run(sampleShipment(at));
    assert.deepEqual(codes(f), ['warning:DE_MINIMIS_SUSPENDED@type']);
    assert.match(f[0]!.message, /14324/);
  });

  it('applies the de minimis threshold in force before the suspension', () => {
    const body = sampleShipment({
      transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2025-03-01' },
      lines: line({ value: { amount: 80001, currency: 'USD' } }),
    });
    const f = run(body, '2025-03-01');
    assert.ok(codes(f).includes('error:DE_MINIMIS_EXCEEDED@lines'), codes(f).join());
    // and the CN/HK suspension of May 2025
    const may = run(
      sampleShipment({ transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2025-06-01' } }),
      '2025-06-01',
    );
    assert.ok(codes(may).includes('warning:DE_MINIMIS_SUSPENDED@type'));
  });

  it('a subheading lists its valid ten-digit children', () => {
    const f = run(sampleFormal({ ...at, lines: line({ hts: '6109.10' }) }));
    const hts = f.find((x) => x.code === 'HTS_NOT_STATISTICAL')!;
    assert.equal(hts.severity, 'error');
    assert.equal(hts.path, 'lines[0].hts');
    assert.deepEqual(hts.details!.valid_children, ['6109100012', '6109100014']);
  });

  it('an unknown ten-digit number names its siblings; a malformed one says so', () => {
    const f = run(
      sampleFormal({
        ...at,
        lines: [...line({ hts: '6109100099' }), ...line({ hts: '61-09' }), ...line({ hts: '9701' })],
      }),
    );
    assert.deepEqual(
      codes(f).filter((c) => c.includes('HTS')),
      [
        'error:HTS_UNKNOWN@lines[0].hts',
        'error:HTS_INVALID_FORMAT@lines[1].hts',
        'error:HTS_UNKNOWN@lines[2].hts',
      ],
    );
    assert.match(f[0]!.message, /6109\.10\.00\.12/);
  });

  it('refuses a number with malformed dots, once per line, where a lenient reading would take it', () => {
    const bad = ['6109..10.00.12', '.6109.10.00.12', '6109.10.00.12.', '61.09.10.00.12'];
    const f = run(
      sampleFormal({
        ...at,
        lines: [...line({ hts: '6109.10.00.12' }), ...bad.flatMap((hts) => line({ hts }))],
      }),
    );
    assert.deepEqual(
      codes(f).filter((c) => c.includes('HTS')),
      bad.map((_, i) => `error:HTS_INVALID_FORMAT@lines[${i + 1}].hts`),
    );
    assert.match(
      f.find((x) => x.code === 'HTS_INVALID_FORMAT')!.message,
      /"6109\.\.10\.00\.12".*between its groups/,
    );
  });

  it('requires the units the tariff line reports, in HTS text or ACE code', () => {
    const ok = run(
      sampleFormal({
        ...at,
        lines: line({
          quantity: [
            { value: 1, unit: 'DOZ' },
            { value: 0.3, unit: 'KG' },
          ],
        }),
      }),
    );
    assert.deepEqual(ok, []);
    const f = run(
      sampleFormal({
        ...at,
        lines: line({
          quantity: [
            { value: 2, unit: 'doz.' },
            { value: 1, unit: 'No.' },
          ],
        }),
      }),
    );
    assert.deepEqual(codes(f), [
      'error:QUANTITY_UNIT_MISSING@lines[0].quantity',
      'warning:QUANTITY_UNIT_UNEXPECTED@lines[0].quantity[1].unit',
    ]);
    assert.deepEqual(f[0]!.details!.missing, ['KG']);
  });

  it('reports every problem at once, each with its path', () => {
    const f = run({
      type: 'formal',
      reference: 'X',
      transport: {
        mode: 'ocean',
        port_of_entry: '27A4',
        arrival_date: '2026-02-30',
        export_date: 'yesterday',
      },
      parties: [{ role: 'importer', name: ' ', address: { country: 'ZZ' } }],
      lines: [
        {
          description: '',
          hts: '6109100012',
          origin: 'XX',
          quantity: [
            { value: 0, unit: 'doz.' },
            { value: 1, unit: 'doz' },
          ],
          value: { amount: -5, currency: 'USX' },
        },
      ],
    });
    assert.deepEqual(codes(f), [
      'error:DATE_INVALID@transport.arrival_date',
      'error:DATE_INVALID@transport.export_date',
      'error:PORT_INVALID@transport.port_of_entry',
      'error:PARTY_MISSING@parties',
      'warning:PARTY_MISSING@parties',
      'error:PARTY_NAME_EMPTY@parties[0].name',
      'error:COUNTRY_INVALID@parties[0].address.country',
      'error:DESCRIPTION_EMPTY@lines[0].description',
      'error:COUNTRY_INVALID@lines[0].origin',
      'error:QUANTITY_NOT_POSITIVE@lines[0].quantity[0].value',
      'error:QUANTITY_UNIT_DUPLICATE@lines[0].quantity[1].unit',
      'error:QUANTITY_UNIT_MISSING@lines[0].quantity',
      'error:VALUE_NOT_POSITIVE@lines[0].value.amount',
      'error:CURRENCY_INVALID@lines[0].value.currency',
    ]);
  });

  it('checks dates against today and each other', () => {
    const far = run(
      sampleFormal({ transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2028-01-01' } }),
    );
    assert.deepEqual(codes(far), ['error:DATE_OUT_OF_RANGE@transport.arrival_date']);
    const order = run(
      sampleFormal({
        transport: {
          mode: 'air',
          port_of_entry: '2704',
          arrival_date: '2026-12-01',
          export_date: '2026-12-05',
        },
      }),
    );
    assert.deepEqual(codes(order), ['error:DATE_ORDER@transport.export_date']);
  });

  it('warns on a port missing from the (partial) list, rejects a malformed one', () => {
    assert.deepEqual(
      codes(
        run(sampleFormal({ transport: { mode: 'air', port_of_entry: '3901', arrival_date: '2026-12-01' } })),
      ),
      ['warning:PORT_UNKNOWN@transport.port_of_entry'],
    );
  });

  it('uses the edition in force on the arrival date, and warns when none is loaded', () => {
    const f = run(
      sampleFormal({ transport: { mode: 'air', port_of_entry: '2704', arrival_date: '2025-12-20' } }),
    );
    assert.deepEqual(codes(f), ['warning:HTS_EDITION_NOT_LOADED@transport.arrival_date']);
  });

  it('requires the parties of each shipment type', () => {
    const f = run(sampleShipment({ ...at, parties: [] }));
    assert.deepEqual(
      codes(f).filter((c) => c.includes('PARTY')),
      ['error:PARTY_MISSING@parties', 'error:PARTY_MISSING@parties'],
    );
    const shipperOnly = run(
      sampleShipment({
        ...at,
        parties: [
          { role: 'shipper', name: 'S' },
          { role: 'consignee', name: 'C' },
        ],
      }),
    );
    assert.deepEqual(codes(shipperOnly), ['warning:DE_MINIMIS_SUSPENDED@type']);
  });
});

describe('shape of a filing', () => {
  it('names the field and a stable code for wrong types and unknown enums', () => {
    const r = parseShipment({
      ...sampleShipment(),
      type: 'express',
      lines: [{ ...line({})[0], value: { amount: '12.50', currency: 'USD' } }],
    });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.issues.map((i) => `${i.code}@${i.path}`),
      ['ENUM_INVALID@type', 'TYPE_INVALID@lines[0].value.amount'],
    );
    const missing = parseShipment({ type: 'formal' });
    assert.ok(!missing.ok);
    assert.ok(missing.issues.some((i) => i.code === 'FIELD_REQUIRED' && i.path === 'reference'));
  });

  it('refuses unknown fields, naming them, and keeps `extensions` as filed', () => {
    const r = parseShipment({ ...sampleShipment(), marketplace: 'example' });
    assert.ok(!r.ok);
    assert.equal(r.issues[0]!.code, 'FIELD_UNKNOWN');
    assert.match(r.issues[0]!.message, /marketplace/);
    const ok = parseShipment({ ...sampleShipment(), extensions: { marketplace: 'example' } });
    assert.ok(ok.ok);
    assert.deepEqual(ok.shipment.extensions, { marketplace: 'example' });
  });
});
