import { createReadStream, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { Progress } from '../../platform/cli/progress.js';
import { benefitReportCsv } from './adapters/benefit-report-csv.js';
import { evidencePackHtml } from './adapters/evidence-pack-html.js';
import { SteppingClock } from '../../platform/system/system.js';
import { Simulator } from './simulate.js';
import { MEMBER_ACTIONS, type MemberAction } from './domain/lifecycle.js';
import { DEFAULT_OUTCOMES, OutcomeModelSchema } from './domain/simulation.js';
import { Problem } from '../../kernel/problem.js';
import type { CommandKit, Needs } from '../../platform/cli/command-kit.js';
import type { FiledChunk, SimChunk } from '../filing/index.js';
import type { DocumentService } from '../documents/index.js';
import type { ReferenceService } from '../reference/index.js';
import type { ScreeningService } from '../screening/index.js';
import type { BenefitService } from './benefit-service.js';
import type { OutcomeModel } from './domain/simulation.js';
import type { TrustedTraderService } from './trusted-trader-service.js';

/** Files the simulator's chunks through the real pipeline, in worker threads or this one. */
export interface SimulationFiler {
  file(bytes: Uint8Array, sim: SimChunk): Promise<FiledChunk>;
  close(): Promise<void>;
}

export interface TrustedCommandServices {
  readonly trusted: TrustedTraderService;
  readonly benefits: BenefitService;
  readonly documents: DocumentService;
  readonly reference: ReferenceService;
  readonly screening: ScreeningService;
  /** A filer for simulated traffic: the outcomes drawn by seed, the clock moved by the simulator. */
  simulationFiler(opts: {
    tenant: string;
    workers: number;
    clock: SteppingClock;
    seed: string;
    outcomes: OutcomeModel;
    /** Hears of what is built for the filing threads first, if anything. */
    notice?: (line: string) => void;
  }): Promise<SimulationFiler>;
}

const ACTOR = 'cli';

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Problem('JSON_INVALID', `${where}: not JSON (${(e as Error).message})`, where);
  }
}

const readJson = (file: string): unknown => parseJson(readFileSync(file === '-' ? 0 : file, 'utf8'), file);

const MEDIA: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.xml': 'application/xml',
  '.json': 'application/json',
};

const count = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

/** `tradelane trusted …`, `tradelane benefits report`, `tradelane simulate`. */
export function registerTrustedCommands(program: Command, kit: CommandKit<TrustedCommandServices>): void {
  const { out } = kit;
  const withContainer = kit.run.bind(kit);
  const light: Needs = {};
  const trusted = program
    .command('trusted')
    .description('the trusted-trader program: applications, review, requirements, supply chains');

  trusted
    .command('apply')
    .description('apply for the program: a JSON file {company: {name, country, identifiers}, answers}')
    .argument('[file]', 'the application, or - for stdin', '-')
    .option('--tenant <id>', 'the applicant tenant', 'local')
    .action(async (file: string, o: { tenant: string }) =>
      withContainer(
        async (c) => out(JSON.stringify(await c.trusted.apply(o.tenant, ACTOR, readJson(file)))),
        light,
      ),
    );

  trusted
    .command('list')
    .description('members and applications, one JSON line each')
    .addOption(new Option('--status <status>', 'only this status'))
    .action(async (o: { status?: string }) =>
      withContainer(async (c) => {
        for (const m of await c.trusted.list({ tenant: null, status: o.status }))
          out(
            JSON.stringify({
              id: m.id,
              company: m.company.name,
              status: m.status,
              self_assessment_due: m.self_assessment_due,
            }),
          );
      }, light),
    );

  trusted
    .command('show')
    .description('a member: status, eligibility, requirements, history, supply chains')
    .argument('<id>')
    .action(async (id: string) =>
      withContainer(async (c) => out(JSON.stringify(await c.trusted.view(id, null), null, 2)), light),
    );

  trusted
    .command('act')
    .description(`an action on a member: ${MEMBER_ACTIONS.join(', ')}`)
    .argument('<id>')
    .argument('<action>')
    .option('--reason <text>')
    .option('--officer <name>')
    .option('--questions <text>', 'what a request for information asks')
    .option('--answers <json>', 'changed answers (respond)')
    .action(
      async (
        id: string,
        action: string,
        o: { reason?: string; officer?: string; questions?: string; answers?: string },
      ) => {
        if (!(MEMBER_ACTIONS as readonly string[]).includes(action))
          throw new Problem(
            'TT_ACTION_INVALID',
            `unknown action ${action}: ${MEMBER_ACTIONS.join(', ')}`,
            'action',
          );
        const answers = o.answers
          ? (parseJson(o.answers, '--answers') as Record<string, string | number | boolean | null>)
          : undefined;
        await withContainer(async (c) => {
          const m = await c.trusted.act(
            id,
            o.officer ?? ACTOR,
            {
              action: action as MemberAction,
              reason: o.reason,
              officer: o.officer,
              questions: o.questions,
              answers,
            },
            { kind: 'operator' },
          );
          out(JSON.stringify({ id: m.id, status: m.status, self_assessment_due: m.self_assessment_due }));
        }, light);
      },
    );

  trusted
    .command('evidence')
    .description('upload evidence documents for a requirement and submit them')
    .argument('<id>')
    .argument('<requirement>')
    .argument('<files...>')
    .option('--note <text>')
    .action(async (id: string, requirement: string, files: string[], o: { note?: string }) =>
      withContainer(async (c) => {
        const m = await c.trusted.get(id, null);
        const docs: string[] = [];
        for (const f of files) {
          const mediaType = MEDIA[extname(f).toLowerCase()];
          if (!mediaType)
            throw new Problem(
              'DOCUMENT_TYPE_UNSUPPORTED',
              `${f}: accepted extensions ${Object.keys(MEDIA).join(' ')}`,
              'file',
            );
          const rec = await c.documents.upload(
            {
              tenant: m.tenant,
              shipmentId: id,
              lineIndex: null,
              agency: null,
              docType: requirement,
              mediaType,
              filename: basename(f),
            },
            createReadStream(f),
          );
          docs.push(rec.id);
        }
        const after = await c.trusted.submitEvidence(
          id,
          requirement,
          { documents: docs, note: o.note },
          ACTOR,
          null,
        );
        out(JSON.stringify({ id, requirement, ...after.requirements[requirement] }));
      }, light),
    );

  trusted
    .command('verdict')
    .description("an officer's verdict on a requirement's evidence")
    .argument('<id>')
    .argument('<requirement>')
    .addArgument(new Argument('<verdict>').choices(['accepted', 'rejected']))
    .option('--note <text>')
    .action(async (id: string, requirement: string, verdict: string, o: { note?: string }) =>
      withContainer(async (c) => {
        const m = await c.trusted.verdict(id, requirement, { verdict, note: o.note }, ACTOR);
        out(JSON.stringify({ id, requirement, ...m.requirements[requirement] }));
      }, light),
    );

  trusted
    .command('supply-chain')
    .description("store a product's supply-chain map (JSON) and check its nexus across every tier")
    .argument('<id>')
    .argument('<product>')
    .argument('[file]', 'the map, or - for stdin', '-')
    .action(async (id: string, product: string, file: string) =>
      withContainer(
        async (c) => {
          const row = await c.trusted.putSupplyChain(id, product, readJson(file), null);
          out(
            JSON.stringify({
              product: row.product,
              nodes: row.map.nodes.length,
              warnings: row.warnings,
              nexus: row.nexus,
              lists: row.lists,
            }),
          );
        },
        { ...light, registry: true },
      ),
    );

  trusted
    .command('evidence-pack')
    .description('the evidence pack of a product for an applicability review or a rebuttal')
    .argument('<id>')
    .argument('<product>')
    .addOption(new Option('--format <format>').choices(['json', 'html']).default('json'))
    .action(async (id: string, product: string, o: { format: string }) =>
      withContainer(async (c) => {
        const pack = await c.trusted.evidencePack(id, product, null);
        out(o.format === 'html' ? evidencePackHtml(pack) : JSON.stringify(pack, null, 2));
      }, light),
    );

  trusted
    .command('reminders')
    .description('annual self-assessments due soon or overdue')
    .action(async () =>
      withContainer(async (c) => {
        for (const r of await c.trusted.reminders(null)) out(JSON.stringify(r));
      }, light),
    );

  trusted
    .command('recheck')
    .description("check every member's supply-chain maps against the lists in force")
    .action(async () => withContainer(async (c) => out(JSON.stringify(await c.trusted.recheckAll())), light));

  program
    .command('benefits')
    .description('the benefits of membership, measured')
    .command('report')
    .description('per member and tier against a matched non-member baseline, with 95 % intervals')
    .addOption(new Option('--format <format>').choices(['json', 'csv']).default('json'))
    .option('--from <day>', 'decisions from this day (YYYY-MM-DD)')
    .option('--to <day>', 'decisions before this day')
    .action(async (o: { format: string; from?: string; to?: string }) =>
      withContainer(
        async (c) => {
          const r = await c.benefits.report({ from: o.from, to: o.to });
          out(o.format === 'csv' ? benefitReportCsv(r) : JSON.stringify(r, null, 2));
        },
        { ...light, reference: false, screening: false },
      ),
    );

  program
    .command('simulate')
    .description(
      'synthetic traffic through the real pipeline: members enrol, months of shipments are decided, outcomes drawn',
    )
    .option('--months <n>', 'months of traffic', count('months', 1), 3)
    .option('--members <n>', 'importers applying to the program', count('members', 0), 20)
    .option('--per-month <n>', 'shipments per month', count('per-month', 1), 20_000)
    .option('--seed <n>', 'seed of the traffic and the outcomes', count('seed', 0), 2026)
    .option('--start <month>', 'first month (YYYY-MM); default: the tariff edition’s first month')
    .option('--outcomes <file>', 'the outcome distributions (JSON); default: the built-in ones')
    .option('--tenant <id>', 'tenant of the simulated filings', 'sim')
    .option(
      '--workers <n>',
      'threads running the pipeline (0 = this thread)',
      count('workers', 0),
      availableParallelism(),
    )
    .action(
      async (o: {
        months: number;
        members: number;
        perMonth: number;
        seed: number;
        start?: string;
        outcomes?: string;
        tenant: string;
        workers: number;
      }) => {
        if (o.start !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.start))
          throw new InvalidArgumentError('start must be YYYY-MM');
        const parsed = o.outcomes
          ? OutcomeModelSchema.safeParse(readJson(o.outcomes))
          : { success: true as const, data: DEFAULT_OUTCOMES };
        if (!parsed.success)
          throw new Problem(
            'SIMULATION_INVALID',
            `${o.outcomes}: ${parsed.error.issues[0]!.message}`,
            parsed.error.issues[0]!.path.join('.'),
          );
        const outcomes = parsed.data;
        const clock = new SteppingClock();
        await withContainer(
          async (c) => {
            const filer = await c.simulationFiler({
              tenant: o.tenant,
              workers: o.workers,
              clock,
              seed: String(o.seed),
              outcomes,
              notice: (line) => process.stderr.write(`${line}\n`),
            });
            const progress = new Progress('simulated', () => null);
            let shown = 0;
            try {
              const summary = await new Simulator({
                trusted: c.trusted,
                clock,
                documents: c.documents,
                reference: c.reference,
                screening: c.screening,
              }).run(
                {
                  months: o.months,
                  members: o.members,
                  perMonth: o.perMonth,
                  seed: o.seed,
                  start: o.start,
                  tenant: o.tenant,
                },
                (bytes, sim) => filer.file(bytes, sim),
                (filed) => {
                  progress.tick(filed - shown);
                  shown = filed;
                },
              );
              progress.done(`${summary.shipments.filed} shipments in ${summary.seconds} s`);
              out(JSON.stringify(summary));
            } finally {
              await filer.close();
            }
          },
          { classifier: o.workers === 0, registry: true, clock },
        );
      },
    );
}
