import { z } from 'zod';
import { closedShapeCheck } from './closed-shape.js';

/**
 * The public filing contract. Structure and types are checked here (a wrong type is a malformed
 * request); meaning (codes exist, values positive, dates sane) is the validation stage's job, so
 * that a filer learns every semantic problem at once. A field the contract does not know is refused
 * (FIELD_UNKNOWN, naming it): a typo is not silently ignored, and nothing unbounded is stored. What
 * a filer wants to carry beyond the contract goes under `extensions` (shipment, party or line): one
 * JSON object of at most 4 KiB, kept as filed.
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

const utf8 = new TextEncoder();

/** The size of a value as JSON text (anything that is not JSON counts as too large). */
function jsonBytes(v: unknown): number {
  try {
    return utf8.encode(JSON.stringify(v)).length;
  } catch {
    return Infinity;
  }
}

/** The largest `extensions` object, as JSON text. */
export const EXTENSIONS_MAX_BYTES = 4096;

/** What a filer carries beyond the contract: one bounded JSON object, kept as filed. */
export const ExtensionsSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((v) => jsonBytes(v) <= EXTENSIONS_MAX_BYTES, {
    message: `extensions is over ${EXTENSIONS_MAX_BYTES} bytes of JSON`,
    params: { code: 'EXTENSIONS_TOO_LARGE' },
  })
  .optional()
  .describe(`anything beyond the contract, kept as filed (at most ${EXTENSIONS_MAX_BYTES} bytes of JSON)`);

export const AddressSchema = z.strictObject({
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

export const PartySchema = z.strictObject({
  role: z.enum(PARTY_ROLES),
  name: text(300),
  address: AddressSchema.optional(),
  identifiers: z.array(IdentifierSchema).max(20).optional(),
  extensions: ExtensionsSchema,
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

/**
 * The records of a PGA message set beyond PG01, in Tradelane's JSON model of the CATAIR records:
 * product (PG02), entities (PG19–PG21), constituents (PG04), Lacey species (PG05/PG06),
 * affirmations of compliance (PG23), permits and certificates (LPCO, PG13/PG14).
 */
export const PgaMessageSetSchema = z.strictObject({
  product: z.object({ qualifier: text(10).optional(), code: text(40).optional() }).optional(),
  entities: z
    .array(
      z.strictObject({
        role: text(40),
        name: text(300).optional(),
        address: AddressSchema.optional(),
        identifiers: z.array(IdentifierSchema).max(10).optional(),
      }),
    )
    .max(30)
    .optional(),
  constituents: z
    .array(
      z.object({
        name: text(200),
        quantity: z.number().optional(),
        unit: text(20).optional(),
        percent: z.number().optional(),
      }),
    )
    .max(100)
    .optional(),
  species: z
    .array(
      z.object({
        genus: text(100).optional(),
        species: text(100).optional(),
        harvest_country: text(3).optional(),
        percent_recycled: z.number().optional(),
      }),
    )
    .max(100)
    .optional(),
  affirmations: z
    .array(z.object({ code: text(40), value: text(200).optional() }))
    .max(30)
    .optional(),
  lpco: z
    .array(
      z.object({
        type: text(40),
        number: text(60).optional(),
        issuer: text(100).optional(),
        date: text(40).optional(),
      }),
    )
    .max(30)
    .optional(),
});

/**
 * A PGA declaration on a line: PG01 (agency, program, processing codes, and a disclaim code when
 * the data is not filed) and, when filed, the message set's records.
 */
export const PgaDeclarationSchema = z.object({
  agency: text(20),
  flag: text(4).optional(),
  program: text(5).optional(),
  processing_codes: z.array(text(5)).max(5).optional(),
  disclaim: text(1).optional(),
  message_set: PgaMessageSetSchema.optional(),
});

export const LineSchema = z.strictObject({
  description: text(2000),
  hts: text(20),
  origin: text(3),
  quantity: z.array(QuantitySchema).max(5),
  value: MoneySchema,
  pga: z.array(PgaDeclarationSchema).max(20).optional(),
  extensions: ExtensionsSchema,
});

export const TransportSchema = z.strictObject({
  mode: z.enum(TRANSPORT_MODES),
  port_of_entry: text(10),
  arrival_date: text(40),
  bill_of_lading: text(50).optional(),
  export_date: text(40).optional(),
});

export const ShipmentSchema = z.strictObject({
  type: z.enum(SHIPMENT_TYPES),
  reference: z.string().min(1).max(64),
  transport: TransportSchema,
  parties: z.array(PartySchema).max(50),
  lines: z.array(LineSchema).min(1).max(999),
  extensions: ExtensionsSchema,
});

export type Shipment = z.infer<typeof ShipmentSchema>;
export type Party = z.infer<typeof PartySchema>;
export type ShipmentLine = z.infer<typeof LineSchema>;

/** The codes a shape check gives. */
export type ShapeCode =
  | 'FIELD_REQUIRED'
  | 'TYPE_INVALID'
  | 'ENUM_INVALID'
  | 'LENGTH_INVALID'
  | 'SHAPE_INVALID'
  | 'FIELD_UNKNOWN'
  | 'EXTENSIONS_TOO_LARGE';

export interface ShapeIssue {
  readonly code: ShapeCode;
  readonly path: string;
  readonly message: string;
}

export function issueCode(i: z.core.$ZodIssue): ShapeCode {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'FIELD_REQUIRED' : 'TYPE_INVALID';
    case 'invalid_value':
      return 'ENUM_INVALID';
    case 'too_big':
    case 'too_small':
      return 'LENGTH_INVALID';
    case 'unrecognized_keys':
      return 'FIELD_UNKNOWN';
    case 'custom':
      return i.params?.code === 'EXTENSIONS_TOO_LARGE' ? 'EXTENSIONS_TOO_LARGE' : 'SHAPE_INVALID';
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

let closedCheck: ((input: unknown) => boolean) | null = null;

/**
 * Whether a filing passes the contract closed: no unknown key at any level (not even where zod
 * would drop it quietly) and no `extensions`. Compiled on first use.
 */
export function shipmentPassesClosedCheck(input: unknown): boolean {
  closedCheck ??= closedShapeCheck(ShipmentSchema, ['extensions']);
  return closedCheck(input);
}

/** Parse the structure of a filing; returns the shipment or every shape problem found. */
export function parseShipment(
  input: unknown,
): { ok: true; shipment: Shipment } | { ok: false; issues: ShapeIssue[] } {
  // A filing the closed check passes is one zod would return unchanged: it is used as parsed,
  // without zod's copy (kernel/closed-shape.ts). Anything else is zod's to answer.
  if (shipmentPassesClosedCheck(input)) return { ok: true, shipment: input as Shipment };
  // zod runs without reportInput (which slows every parse); only a failure is re-checked with it,
  // to tell a missing field from a wrong type.
  const fast = ShipmentSchema.safeParse(input);
  if (fast.success) return { ok: true, shipment: fast.data };
  const r = ShipmentSchema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, shipment: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ code: issueCode(i), path: renderPath(i.path), message: i.message })),
  };
}
