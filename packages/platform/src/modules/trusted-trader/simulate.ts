import { Readable } from 'node:stream';
import { tariffOn } from '../reference/index.js';
import {
  SIM_CHAPTERS,
  SIM_ORIGINS,
  SIM_PORTS,
  TrafficGenerator,
  drawOutcome,
  type CatalogLine,
  type Importer,
  type OutcomeModel,
} from './domain/simulation.js';
import type { Member } from './domain/lifecycle.js';
import type { Clock } from '../../kernel/ports.js';
import type { LedgerEntry } from './repository.js';
import type { DecisionRecord } from '../risk/index.js';
import type { DocumentService } from '../documents/index.js';
import type { FiledChunk } from '../filing/index.js';
import type { ReferenceService } from '../reference/index.js';
import type { ScreeningService } from '../screening/index.js';
import type { TrustedTraderService } from './trusted-trader-service.js';

export interface SimulationOptions {
  readonly months: number;
  readonly members: number;
  readonly perMonth: number;
  readonly seed: number;
  /** First simulated month (YYYY-MM); default: the tariff edition's first month. */
  readonly start?: string | undefined;
  readonly tenant: string;
  readonly chunkSize?: number;
}

/** Files a chunk of NDJSON shipments through the pipeline with the simulated clock. */
export type ChunkRunner = (
  bytes: Uint8Array,
  sim: { readonly at: string; readonly stepMs: number; readonly membership: number },
) => Promise<FiledChunk>;

export interface SimulationSummary {
  readonly months: readonly string[];
  readonly members: Readonly<Record<string, number>>;
  readonly shipments: { readonly filed: number; readonly accepted: number; readonly rejected: number };
  readonly seconds: number;
  readonly per_second: number;
}

/** The program's answers of an eligible applicant (and, for some, of one that is not). */
const ELIGIBLE = {
  ior_country: 'US',
  import_history_years: 6,
  first_import_date: '2018-03-01',
  ctpat_security_tier: 'III',
  ctpat_security_good_standing: true,
  debts_to_government: false,
  mou_signed: true,
  questionnaire_answered: true,
};

const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);

const monthsFrom = (start: string, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const [y, m] = start.split('-').map(Number) as [number, number];
    const t = y * 12 + (m - 1) + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });

/**
 * `tradelane simulate`: members go through the program (application, review, evidence,
 * supply-chain map, certification, validation for some), then months of traffic run through the
 * real pipeline with a simulated clock; some members are suspended or removed in the last month,
 * with shipments in flight. Outcomes are drawn per decision (see simulation.ts).
 */
export class Simulator {
  constructor(
    private readonly deps: {
      readonly trusted: TrustedTraderService;
      readonly clock: Clock & { set(at: string, stepMs: number): void };
      readonly documents: DocumentService;
      readonly reference: ReferenceService;
      readonly screening: ScreeningService;
    },
  ) {}

  private catalog(at: string) {
    const ref = this.deps.reference.current();
    const tariff = tariffOn(ref, at) ?? ref.tariffs[ref.tariffs.length - 1];
    if (!tariff) throw new Error('no HTSUS edition is loaded: import reference data first');
    const lines: CatalogLine[] = [];
    for (const ch of SIM_CHAPTERS) {
      for (const code of tariff.statisticalUnder(ch).slice(0, 60)) {
        const l = tariff.lookup(code);
        const units = (tariff.statisticalLine(code)?.row.units ?? [])
          .map((u) => u.trim())
          .filter((u) => u && !/ and /.test(u));
        if (!l) continue;
        const parent = l.path[l.path.length - 1]?.description ?? '';
        lines.push({
          hts: l.htsDotted,
          description: `${parent} ${l.description}`.replace(/:\s*/g, ' ').trim().slice(0, 200),
          units,
        });
      }
    }
    const listed = this.deps.screening.isReady()
      ? this.deps.screening
          .current()
          .index!.entries.fromLists(new Set(['uflpa', 'ofac-sdn']))
          .slice(0, 400)
          .map((e) => ({ name: e.names[0]?.name ?? '', country: 'CN' }))
          .filter((e) => e.name)
      : [];
    return { lines, ports: SIM_PORTS, origins: SIM_ORIGINS, listedNames: listed, tariff };
  }

  private async enrol(
    i: number,
    o: SimulationOptions,
    at: string,
    ior: string,
    product: CatalogLine,
  ): Promise<Member> {
    const t = this.deps.trusted;
    this.deps.clock.set(at, 60_000);
    const eligible = i % 10 !== 9;
    const answers = eligible ? ELIGIBLE : { ...ELIGIBLE, ctpat_security_tier: 'I' };
    let m = await t.apply(o.tenant, 'simulator', {
      company: {
        name: `Member Importer ${i} Inc.`,
        country: 'US',
        identifiers: [{ scheme: 'EIN', value: ior }],
      },
      answers,
    });
    m = await t.act(m.id, 'officer-sim', { action: 'assign' }, { kind: 'operator' });
    if (!eligible)
      return t.act(
        m.id,
        'officer-sim',
        { action: 'deny', reason: 'not a CTPAT Security partner at tier II or III' },
        { kind: 'operator' },
      );
    const xinjiang = i % 20 === 7;
    await t.putSupplyChain(
      m.id,
      `line-${i}`,
      {
        hts: product.hts,
        description: product.description,
        nodes: [
          { id: 'T1', name: `Garment Maker ${i} Co., Ltd.`, kind: 'supplier', tier: 1, country: 'VN' },
          {
            id: 'T2',
            name: `Spinning Mill ${i}`,
            kind: 'facility',
            tier: 2,
            country: 'CN',
            address: { city: xinjiang ? 'Aksu' : 'Nantong' },
          },
          {
            id: 'T3',
            name: 'Cotton lint',
            kind: 'raw_material',
            tier: 3,
            country: 'CN',
            region: xinjiang ? 'Xinjiang' : 'Shandong',
            material: 'cotton',
          },
        ],
        edges: [
          { from: 'T1', to: 'member' },
          { from: 'T2', to: 'T1' },
          { from: 'T3', to: 'T2' },
        ],
      },
      null,
    );
    const tier2 = i % 5 < 2;
    const reqs = t.program.program.requirements.filter((r) => r.from_tier === 'certified' || tier2);
    for (const r of reqs) {
      const doc = await this.deps.documents.upload(
        {
          tenant: o.tenant,
          shipmentId: m.id,
          lineIndex: null,
          agency: null,
          docType: r.id,
          mediaType: 'application/pdf',
          filename: `${r.id}.pdf`,
        },
        Readable.from(pdf(`${r.title}, member ${i}`)),
      );
      await t.submitEvidence(m.id, r.id, { documents: [doc.id] }, 'simulator', null);
      // A mapping that reaches Xinjiang is not accepted: the applicant stays under review.
      const verdict = xinjiang && r.supply_chain_map ? 'rejected' : 'accepted';
      m = await t.verdict(
        m.id,
        r.id,
        { verdict, note: verdict === 'rejected' ? 'the map reaches Xinjiang (tier 3)' : undefined },
        'officer-sim',
      );
    }
    if (xinjiang) return m;
    m = await t.act(m.id, 'officer-sim', { action: 'certify' }, { kind: 'operator' });
    if (tier2) m = await t.act(m.id, 'officer-sim', { action: 'validate' }, { kind: 'operator' });
    return m;
  }

  async run(
    o: SimulationOptions,
    runner: ChunkRunner,
    progress?: (filed: number, total: number) => void,
  ): Promise<SimulationSummary> {
    const started = performance.now();
    const probe = this.catalog(`${o.start ?? '9999-12'}-01`);
    const start = o.start ?? probe.tariff.info.effectiveFrom.slice(0, 7);
    const months = monthsFrom(start, o.months);
    const cat = this.catalog(`${start}-01`);
    const t = this.deps.trusted;
    t.refreshOnChange = false;
    const members: Member[] = [];
    const enrolAt = new Date(Date.parse(`${start}-01T00:00:00Z`) - 30 * 86_400_000).toISOString();
    for (let i = 0; i < o.members; i++)
      members.push(
        await this.enrol(
          i,
          o,
          enrolAt,
          `20-1${String(i).padStart(6, '0')}`,
          cat.lines[(i * 37) % cat.lines.length]!,
        ),
      );
    await t.refresh();
    let membership = 1;
    const importers: Importer[] = [
      ...members.map((m, i) => ({
        name: m.company.name,
        ior: m.company.identifiers[0]!.value,
        member: i % 10 !== 9 && i % 20 !== 7,
      })),
      ...Array.from({ length: Math.max(100, o.members * 3) }, (_, i) => ({
        name: `Importer ${i} LLC`,
        ior: `30-2${String(i).padStart(6, '0')}`,
        member: false,
      })),
    ];
    const gen = new TrafficGenerator(cat, importers, o.seed);
    const chunk = o.chunkSize ?? 1000;
    const totals = { filed: 0, accepted: 0, rejected: 0 };
    const total = months.length * o.perMonth;
    for (const [k, month] of months.entries()) {
      const from = Date.parse(`${month}-01T00:00:00Z`);
      const to = Date.parse(`${monthsFrom(month, 2)[1]}-01T00:00:00Z`);
      if (k === months.length - 1 && months.length > 1) {
        // Status changes with shipments in flight: decisions before keep their benefits.
        this.deps.clock.set(new Date(from).toISOString(), 1000);
        const live = (await t.list({ tenant: o.tenant })).filter(
          (m) => m.status === 'certified' || m.status === 'validated',
        );
        if (live[0])
          await t.act(
            live[0].id,
            'officer-sim',
            { action: 'suspend', reason: 'simulated: suspended pending a compliance review' },
            { kind: 'operator' },
          );
        if (live[1])
          await t.act(
            live[1].id,
            'officer-sim',
            { action: 'remove', reason: 'simulated: removed after a finding' },
            { kind: 'operator' },
          );
        await t.refresh();
        membership++;
      }
      const step = (to - from) / o.perMonth;
      const inflight: Promise<FiledChunk>[] = [];
      for (let done = 0; done < o.perMonth; done += chunk) {
        const n = Math.min(chunk, o.perMonth - done);
        const at = from + done * step;
        const parts: string[] = [];
        for (let j = 0; j < n; j++) {
          const arrival = new Date(at + j * step + 2 * 86_400_000).toISOString().slice(0, 10);
          parts.push(JSON.stringify(gen.next(`SIM-${month}-${done + j}`, arrival)));
        }
        const p = runner(Buffer.from(parts.join('\n') + '\n'), {
          at: new Date(at).toISOString(),
          stepMs: step,
          membership,
        });
        p.catch(() => undefined);
        inflight.push(p);
        if (inflight.length >= 6) this.count(await inflight.shift()!, totals, total, progress);
      }
      while (inflight.length) this.count(await inflight.shift()!, totals, total, progress);
    }
    const statuses: Record<string, number> = {};
    for (const m of await t.list({ tenant: o.tenant })) statuses[m.status] = (statuses[m.status] ?? 0) + 1;
    const seconds = (performance.now() - started) / 1000;
    return {
      months,
      members: statuses,
      shipments: totals,
      seconds: Math.round(seconds * 10) / 10,
      per_second: Math.round(totals.filed / seconds),
    };
  }

  private count(
    c: FiledChunk,
    totals: { filed: number; accepted: number; rejected: number },
    total: number,
    progress?: (filed: number, total: number) => void,
  ) {
    totals.filed += c.accepted + c.rejected + c.unreadable;
    totals.accepted += c.accepted;
    totals.rejected += c.rejected;
    progress?.(totals.filed, total);
  }
}

/** The filing hook that draws each decision's outcome into its ledger entry. */
export function settleWith(outcomes: OutcomeModel, seed: string) {
  return (entry: LedgerEntry, d: DecisionRecord): LedgerEntry => {
    const o = drawOutcome(outcomes, seed, entry.shipmentId, d);
    const releasedAt = new Date(Date.parse(entry.decidedAt) + o.releaseHours * 3_600_000).toISOString();
    return { ...entry, exam: o.exam, releaseHours: o.releaseHours, releasedAt };
  };
}
