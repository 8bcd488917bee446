import { z } from 'zod';

/**
 * The public filing contract. Structure and types are checked here (a wrong type is a malformed
 * request); meaning (codes exist, values positive, dates sane) is the validation stage's job, so
 * that a filer learns every semantic problem at once. Unknown fields are kept as filed.
 */

export const PARTY_ROLES = [
  'importer',
  'consignee',
  'seller',
  'buyer',
  'manufacturer',
  'shipper',
  'exporter',
  'distributor',
  'packager',
  'broker',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const SHIPMENT_TYPES = ['low_value', 'formal'] as const;
export type ShipmentType = (typeof SHIPMENT_TYPES)[number];

export const TRANSPORT_MODES = ['air', 'ocean', 'truck', 'rail', 'mail', 'pipeline', 'other'] as const;

const text = (max: number) => z.string().max(max);

export const AddressSchema = z.looseObject({
  street: text(200).optional(),
  city: text(100).optional(),
  state: text(100).optional(),
  postal_code: text(20).optional(),
  country: text(2).or(z.string().max(3)),
});

export const IdentifierSchema = z.object({
  scheme: text(20),
  value: text(64),
});

export const PartySchema = z.looseObject({
  role: z.enum(PARTY_ROLES),
  name: text(300),
  address: AddressSchema.optional(),
  identifiers: z.array(IdentifierSchema).max(20).optional(),
});

export const QuantitySchema = z.object({
  value: z.number(),
  unit: text(30),
});

export const MoneySchema = z.object({
  /** Integer minor units (cents for USD). */
  amount: z.number().int(),
  currency: text(3),
});

/** A PGA declaration on a line: the agency's message set, or a disclaim code (PG01). */
export const PgaDeclarationSchema = z.object({
  agency: text(20),
  flag: text(4).optional(),
  disclaim: text(1).optional(),
  message_set: z.record(z.string(), z.unknown()).optional(),
});

export const LineSchema = z.looseObject({
  description: text(2000),
  hts: text(20),
  origin: text(3),
  quantity: z.array(QuantitySchema).max(5),
  value: MoneySchema,
  pga: z.array(PgaDeclarationSchema).max(20).optional(),
});

export const TransportSchema = z.looseObject({
  mode: z.enum(TRANSPORT_MODES),
  port_of_entry: text(10),
  arrival_date: text(40),
  bill_of_lading: text(50).optional(),
  export_date: text(40).optional(),
});

export const ShipmentSchema = z.looseObject({
  type: z.enum(SHIPMENT_TYPES),
  reference: z.string().min(1).max(64),
  transport: TransportSchema,
  parties: z.array(PartySchema).max(50),
  lines: z.array(LineSchema).min(1).max(999),
});

export type Shipment = z.infer<typeof ShipmentSchema>;
export type Party = z.infer<typeof PartySchema>;
export type ShipmentLine = z.infer<typeof LineSchema>;

export interface ShapeIssue {
  /** FIELD_REQUIRED, TYPE_INVALID, ENUM_INVALID, LENGTH_INVALID or SHAPE_INVALID. */
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

function issueCode(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'FIELD_REQUIRED' : 'TYPE_INVALID';
    case 'invalid_value':
      return 'ENUM_INVALID';
    case 'too_big':
    case 'too_small':
      return 'LENGTH_INVALID';
    default:
      return 'SHAPE_INVALID';
  }
}

/** JSON-path-like rendering of a zod path: lines[0].value.amount */
export function renderPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Parse the structure of a filing; returns the shipment or every shape problem found. */
export function parseShipment(
  input: unknown,
): { ok: true; shipment: Shipment } | { ok: false; issues: ShapeIssue[] } {
  // The fast path runs without reportInput (which slows every parse); only a failure is re-checked
  // with it, to tell a missing field from a wrong type.
  const fast = ShipmentSchema.safeParse(input);
  if (fast.success) return { ok: true, shipment: fast.data };
  const r = ShipmentSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, shipment: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ code: issueCode(i), path: renderPath(i.path), message: i.message })),
  };
}
