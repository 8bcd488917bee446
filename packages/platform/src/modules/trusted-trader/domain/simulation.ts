/**
 * Synthetic traffic for the benefit report: shipments of members and non-members built from the
 * real tariff (10-digit numbers, their descriptions and units), real ports, and names from the
 * loaded lists sprinkled in; and what happened to the goods after the lane decision — release
 * times drawn from configurable log-normal distributions per lane, shortened where a member's
 * benefit applies (examination at the premises, front of the line for forced-labor reviews).
 * Seeded: the same seed gives the same traffic and the same outcomes.
 */
import { z } from 'zod';
import { draw } from '../../risk/index.js';
import type { DecisionRecord } from '../../risk/index.js';

const LogNormal = z.strictObject({
  /** Median hours. */
  median_hours: z.number().positive(),
  /** Spread: the standard deviation of the log. */
  sigma: z.number().min(0).max(3),
});

export const OutcomeModelSchema = z.strictObject({
  /** Document review (yellow lane). */
  review: LogNormal,
  /** Examination (red lane). */
  exam: LogNormal,
  /** Forced-labor admissibility review (a CBP-UFLPA or CBP-WRO hold). */
  forced_labor_review: LogNormal,
  /** Multiplies an examination's time when it takes place at the importer's premises. */
  exam_at_premises_factor: z.number().min(0).max(1),
  /** Multiplies a forced-labor review's time when the member is at the front of the line. */
  front_of_line_factor: z.number().min(0).max(1),
  /** Release after a green or blue lane (hours; customs release is usually immediate). */
  release_hours_green: z.number().min(0),
});
export type OutcomeModel = z.infer<typeof OutcomeModelSchema>;

/** Defaults from the order of magnitude of published CBP figures (hours, not a CBP model). */
export const DEFAULT_OUTCOMES: OutcomeModel = {
  review: { median_hours: 20, sigma: 0.7 },
  exam: { median_hours: 96, sigma: 0.6 },
  forced_labor_review: { median_hours: 720, sigma: 0.5 },
  exam_at_premises_factor: 0.5,
  front_of_line_factor: 0.6,
  release_hours_green: 0,
};

/** A standard normal from two seeded uniforms (Box–Muller). */
function normal(key: string): number {
  const u = Math.max(draw(`${key}|u`), 1e-12);
  const v = draw(`${key}|v`);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const logNormal = (d: { median_hours: number; sigma: number }, key: string) =>
  d.median_hours * Math.exp(d.sigma * normal(key));

/** The outcome of one decision: whether the goods were examined, and the hours to their release. */
export function drawOutcome(
  m: OutcomeModel,
  seed: string,
  shipmentId: string,
  d: DecisionRecord,
): { exam: boolean; releaseHours: number } {
  const key = `${seed}|${shipmentId}`;
  const forcedLabor = d.holds.some((h) => h === 'CBP-UFLPA' || h === 'CBP-WRO');
  let hours: number;
  if (forcedLabor) {
    hours =
      logNormal(m.forced_labor_review, `${key}|fl`) * (d.benefit?.front_of_line ? m.front_of_line_factor : 1);
  } else if (d.lane === 'red') {
    hours =
      logNormal(m.exam, `${key}|exam`) *
      (d.benefit?.exam_location === 'importer_premises' ? m.exam_at_premises_factor : 1);
  } else if (d.lane === 'yellow' || d.holds.length > 0) {
    hours = logNormal(m.review, `${key}|review`);
  } else hours = m.release_hours_green;
  return { exam: d.lane === 'red', releaseHours: Math.round(hours * 100) / 100 };
}

/** HTS chapters of the simulated goods: apparel, footwear, machines, electronics, furniture, toys… */
export const SIM_CHAPTERS: readonly string[] = [
  '61',
  '62',
  '64',
  '84',
  '85',
  '94',
  '95',
  '39',
  '73',
  '42',
  '52',
  '90',
  '87',
  '44',
  '40',
  '63',
  '71',
  '33',
  '82',
  '96',
];
export const SIM_ORIGINS: readonly string[] = [
  'CN',
  'VN',
  'MX',
  'IN',
  'DE',
  'BD',
  'TH',
  'KR',
  'TW',
  'IT',
  'MY',
  'ID',
];
/** Busy ports of entry (CBP codes). */
export const SIM_PORTS: readonly string[] = [
  '2704',
  '2709',
  '1001',
  '1703',
  '5301',
  '3002',
  '2809',
  '1401',
  '5201',
  '4601',
];

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CatalogLine {
  readonly hts: string;
  readonly description: string;
  readonly units: readonly string[];
}

export interface TrafficCatalog {
  readonly lines: readonly CatalogLine[];
  readonly ports: readonly string[];
  readonly origins: readonly string[];
  /** Names from the loaded lists (UFLPA, SDN…), used rarely as a manufacturer or seller. */
  readonly listedNames: readonly { readonly name: string; readonly country: string }[];
}

export interface Importer {
  readonly name: string;
  readonly ior: string;
  readonly member: boolean;
}

/** The shipments of a simulated month, generated lazily. */
export class TrafficGenerator {
  private readonly r: () => number;
  constructor(
    private readonly catalog: TrafficCatalog,
    private readonly importers: readonly Importer[],
    seed: number,
    /** Share of traffic filed by members (importers flagged member). */
    private readonly memberShare = 0.3,
    /** Share of shipments naming a listed party or a Xinjiang address. */
    private readonly listedShare = 0.002,
  ) {
    this.r = prng(seed);
    this.members = importers.filter((i) => i.member);
    this.others = importers.filter((i) => !i.member);
  }

  private readonly members: readonly Importer[];
  private readonly others: readonly Importer[];

  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.r() * a.length)]!;
  }

  /** One shipment arriving on `day` (YYYY-MM-DD), with reference `ref`. */
  next(ref: string, day: string): Record<string, unknown> {
    const r = this.r;
    const { members, others } = this;
    const imp =
      members.length && (r() < this.memberShare || !others.length) ? this.pick(members) : this.pick(others);
    // Importers keep to a few lines of goods: the line depends on the importer and a small draw.
    const nLines = 1 + Math.floor(r() * r() * 3);
    const base = Math.abs(hashOf(imp.ior)) % this.catalog.lines.length;
    const origin = this.catalog.origins[(Math.abs(hashOf(imp.ior)) >> 3) % this.catalog.origins.length]!;
    const lines = [];
    for (let j = 0; j < nLines; j++) {
      const l = this.catalog.lines[(base + Math.floor(r() * 12)) % this.catalog.lines.length]!;
      lines.push({
        description: l.description,
        hts: l.hts,
        origin: r() < 0.8 ? origin : this.pick(this.catalog.origins),
        quantity: l.units.map((u) => ({ value: 1 + Math.floor(r() * 500), unit: u })),
        value: { amount: Math.round(Math.exp(7 + r() * 6)) * 100, currency: 'USD' },
      });
    }
    const listed = r() < this.listedShare;
    const maker =
      listed && this.catalog.listedNames.length && r() < 0.7
        ? this.pick(this.catalog.listedNames)
        : { name: `Factory ${Math.floor(r() * 5000)} Co., Ltd.`, country: lines[0]!.origin };
    const city = listed && r() < 0.5 ? 'Urumqi, Xinjiang' : 'Ningbo';
    return {
      type: 'formal',
      reference: ref,
      transport: { mode: 'ocean', port_of_entry: this.pick(this.catalog.ports), arrival_date: day },
      parties: [
        {
          role: 'importer',
          name: imp.name,
          address: { city: 'Chicago', country: 'US' },
          identifiers: [{ scheme: 'EIN', value: imp.ior }],
        },
        { role: 'consignee', name: imp.name, address: { city: 'Chicago', country: 'US' } },
        {
          role: 'manufacturer',
          name: maker.name,
          address: { city, country: maker.country || lines[0]!.origin },
        },
      ],
      lines,
    };
  }
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
