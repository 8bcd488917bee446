import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { closedShapeCheck } from './closed-shape.js';
import { ShipmentSchema, parseShipment, shipmentPassesClosedCheck } from './shipment.js';

/** A filing that reaches every part of the contract: identifiers, PGA message sets, every record. */
function fullShipment(): Record<string, unknown> {
  const address = { street: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', country: 'US' };
  return {
    type: 'formal',
    reference: 'ENT-0001',
    transport: {
      mode: 'ocean',
      port_of_entry: '2704',
      arrival_date: '2026-12-10',
      bill_of_lading: 'MAEU123',
      export_date: '2026-11-20',
    },
    parties: [
      {
        role: 'importer',
        name: 'Acme Imports LLC',
        address,
        identifiers: [{ scheme: 'EIN', value: '12-3456789' }],
      },
      { role: 'manufacturer', name: 'Factory', address: { city: 'Dongguan', country: 'CN' } },
    ],
    lines: [
      {
        description: 'Fresh apples',
        hts: '0808.10.00.80',
        origin: 'NZ',
        quantity: [{ value: 1200, unit: 'kg' }],
        value: { amount: 150000, currency: 'USD' },
        pga: [
          {
            agency: 'APH',
            flag: 'AQ1',
            program: 'APQ',
            processing_codes: ['IMP', 'CON'],
            message_set: {
              product: { qualifier: 'K', code: '12345' },
              entities: [
                {
                  role: 'shipper',
                  name: 'Orchard Ltd',
                  address,
                  identifiers: [{ scheme: 'DUNS', value: '1' }],
                },
              ],
              constituents: [{ name: 'apple', quantity: 1, unit: 'kg', percent: 100 }],
              species: [{ genus: 'Malus', species: 'domestica', harvest_country: 'NZ', percent_recycled: 0 }],
              affirmations: [{ code: 'AOC1', value: 'yes' }],
              lpco: [{ type: 'PHC', number: 'NZ-1', issuer: 'MPI', date: '2026-11-01' }],
            },
          },
          { agency: 'FDA', disclaim: 'A' },
        ],
      },
    ],
  };
}

/** Values a mutation puts in place: near every length limit, in astral characters too, odd numbers. */
const value = fc.oneof(
  fc.nat({ max: 70 }).map((n) => 'a'.repeat(n)),
  fc.nat({ max: 70 }).map((n) => '\u{1F600}'.repeat(n)), // two UTF-16 units, one code point each
  fc.nat({ max: 70 }).map((n) => '\uD800'.repeat(n)), // lone surrogates
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('low_value', 'formal', 'air', 'seller', 'US', 'CN', ''),
  fc.double(),
  fc.integer(),
  fc.constantFrom(2 ** 53, 2 ** 60, -(2 ** 53), 0.5, -0, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.constant({ value: 1, unit: 'kg' }), { maxLength: 7 }),
);

const KEYS = [
  'x',
  '__proto__',
  'extensions',
  'constructor',
  'street',
  'value',
  'unit',
  'flag',
  'lines',
  'pga',
];

interface Mutation {
  readonly steps: readonly number[];
  readonly op: 'set' | 'delete' | 'add';
  readonly key: string;
  readonly value: unknown;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  steps: fc.array(fc.nat(), { maxLength: 7 }),
  op: fc.constantFrom('set', 'delete', 'add'),
  key: fc.constantFrom(...KEYS),
  value,
});

/** Walks down `steps` (each picks a child container) and changes the container reached. */
function mutate(root: Record<string, unknown>, m: Mutation): void {
  let at: Record<string, unknown> | unknown[] = root;
  for (const step of m.steps) {
    const children = Object.values(at).filter((v) => v !== null && typeof v === 'object') as (
      Record<string, unknown> | unknown[]
    )[];
    if (children.length === 0) break;
    at = children[step % children.length]!;
  }
  const keys = Object.keys(at);
  const fresh = structuredClone(m.value); // never a value already in the tree (no cycles)
  if (m.op === 'add' || keys.length === 0) {
    if (Array.isArray(at)) at.push(fresh);
    else
      Object.defineProperty(at, m.key, {
        value: fresh,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return;
  }
  const key = keys[m.steps.length % keys.length]!;
  if (m.op === 'delete') delete (at as Record<string, unknown>)[key];
  else (at as Record<string, unknown>)[key] = fresh;
}

const base = fc.constantFrom(
  fullShipment,
  () => JSON.parse(JSON.stringify(fullShipment())) as Record<string, unknown>,
);

describe('the shape check closed (parseShipment fast path)', () => {
  it('passes a filing that uses every part of the contract, and parseShipment returns that very object', () => {
    const s = fullShipment();
    assert.equal(shipmentPassesClosedCheck(s), true);
    const r = parseShipment(s);
    assert.ok(r.ok);
    assert.equal(r.shipment, s);
  });

  it('leaves to zod what zod would change or refine: unknown keys of open objects, extensions', () => {
    const extra = fullShipment();
    (extra.lines as { quantity: Record<string, unknown>[] }[])[0]!.quantity[0]!.note = 'dropped by zod';
    assert.equal(shipmentPassesClosedCheck(extra), false);
    const r = parseShipment(extra);
    assert.ok(r.ok);
    assert.equal(JSON.stringify(r.shipment).includes('dropped by zod'), false);

    const ext = { ...fullShipment(), extensions: { po: '42' } };
    assert.equal(shipmentPassesClosedCheck(ext), false);
    assert.ok(parseShipment(ext).ok);
    const big = { ...fullShipment(), extensions: { blob: 'x'.repeat(5000) } };
    const refused = parseShipment(big);
    assert.ok(!refused.ok);
    assert.equal(refused.issues[0]!.code, 'EXTENSIONS_TOO_LARGE');
  });

  it('counts lengths in code points, as zod does', () => {
    const s = fullShipment();
    s.reference = '\u{1F600}'.repeat(64); // 64 code points in 128 UTF-16 units: allowed
    assert.equal(shipmentPassesClosedCheck(s), true);
    assert.ok(parseShipment(s).ok);
    s.reference = '\u{1F600}'.repeat(65);
    assert.equal(shipmentPassesClosedCheck(s), false);
    const r = parseShipment(s);
    assert.ok(!r.ok);
    assert.equal(r.issues[0]!.code, 'LENGTH_INVALID');
  });

  it('refuses to compile a contract with an open record it was not told to refuse', () => {
    assert.throws(
      () => closedShapeCheck(z.strictObject({ meta: z.record(z.string(), z.unknown()) }), []),
      /open object/,
    );
  });

  it('says yes only where zod says yes and would return the input unchanged; parseShipment answers as zod', () => {
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 0, maxLength: 3 }), (make, mutations) => {
        const input = make();
        for (const m of mutations) mutate(input, m);
        const before = JSON.stringify(input);
        const zod = ShipmentSchema.safeParse(input, { reportInput: true });
        if (shipmentPassesClosedCheck(input)) {
          assert.ok(zod.success, 'the closed check passed what zod refuses');
          // Equal, not the same text: zod's copy lists keys in the contract's order.
          assert.deepStrictEqual(zod.data, input, 'zod would have changed what the closed check passed');
        }
        const r = parseShipment(input);
        assert.equal(r.ok, zod.success);
        if (!r.ok && !zod.success) assert.equal(r.issues.length, zod.error.issues.length);
        if (r.ok && zod.success) assert.deepStrictEqual(r.shipment, zod.data);
        assert.equal(JSON.stringify(input), before, 'the check changed its input');
      }),
      { numRuns: 3000 },
    );
  });
});
