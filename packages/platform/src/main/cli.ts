#!/usr/bin/env node
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { FiledChunk } from '../modules/filing/index.js';
import type { ImportOutcome } from '../modules/refdata/index.js';
import { Progress } from '../platform/cli/progress.js';
import { partyLines } from '../modules/screening/index.js';
import { matchJson, parseScreenParty } from '../modules/screening/index.js';
import { csvItems } from '../modules/filing/index.js';
import { ndjsonItems } from '../modules/filing/index.js';
import { lineChunks } from '../modules/filing/index.js';
import { WorkerPool, fileInWorkers } from '../modules/filing/index.js';
import { formatHts, normalizeHts } from '../kernel/hts-code.js';
import { IDENTIFIER_SCHEMES, checkIdentifier } from '../modules/parties/index.js';
import { buildMid } from '../modules/parties/index.js';
import { isProblem, Problem } from '../kernel/problem.js';
import { tariffOn } from '../modules/refdata/index.js';
import { determineShipment } from '../modules/pga/index.js';
import { parseShipment } from '../kernel/shipment.js';
import { paperlessReport } from '../modules/pga/index.js';
import { FilesSource } from '../modules/refdata/index.js';
import { replayDecision, verifyChain } from '../modules/risk/index.js';
import { loadRuleSet } from '../modules/risk/index.js';
import { nodeCrypto } from '../platform/system/system.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';
import { createContainer, VERSION, type Container, type ContainerOptions } from './container.js';
import { startServer } from './server.js';
import { filingWorkerData } from './worker-data.js';
import { registerTrustedCommands } from '../modules/trusted-trader/index.js';

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');

async function withContainer<T>(fn: (c: Container) => Promise<T>, opts: ContainerOptions = {}): Promise<T> {
  // The classifier (≈ 1 s to build) only where a command classifies: `file` asks for it; `classify`
  // and `model` build it on demand.
  const c = await createContainer(loadConfig(), { skipClassifier: true, ...opts });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};

function printImport(outcomes: readonly ImportOutcome[]): void {
  for (const o of outcomes) {
    if (o.outcome === 'imported') {
      const counts = Object.entries(o.rowCounts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      out(
        `imported  ${o.dataset.padEnd(10)} ${o.edition ? `${o.edition}  ` : ''}${counts}  snapshot ${o.snapshot}  from ${o.source}`,
      );
    } else if (o.outcome === 'unchanged') {
      out(`unchanged ${o.dataset.padEnd(10)} snapshot ${o.snapshot}  from ${o.source}`);
    } else {
      out(
        `FAILED    ${o.dataset.padEnd(10)} ${o.error}  (from ${o.source}; the previous snapshot keeps serving)`,
      );
    }
  }
  if (outcomes.length === 0) out('no data set found');
}

function printRescreen(c: Container): void {
  const r = c.lastRescreen();
  if (r) out(`re-screened ${r.parties} stored parties against the new lists: ${r.alerts} new alert(s)`);
}

const program = new Command();
program
  .name('tradelane')
  .description('Tradelane: a single window for the import side of customs')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('start the API (and the pipeline workers)')
  .option('--port <n>', 'port (default TRADELANE_PORT or 8080; 0 = any free port)', int('port'))
  .option('--host <host>', 'address to bind (default TRADELANE_HOST or 127.0.0.1)')
  .option('--no-workers', 'serve the API only; workers run elsewhere')
  .action(async (o: { port?: number; host?: string; workers: boolean }) => {
    const config = loadConfig();
    const c = await createContainer(config, { checkpoints: 'background', loadRegistry: true });
    if (c.startupImport.length > 0) printImportToStderr(c.startupImport);
    const server = await startServer(c, {
      port: o.port ?? config.TRADELANE_PORT,
      host: o.host ?? config.TRADELANE_HOST,
      workers: o.workers,
    });
    out(`tradelane listening on ${server.url}`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await server.stop();
      await c.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

function printImportToStderr(outcomes: readonly ImportOutcome[]): void {
  for (const o of outcomes) {
    process.stderr.write(
      `refdata ${o.dataset}: ${o.outcome}${o.outcome === 'failed' ? ` (${o.error})` : ''}\n`,
    );
  }
}

const refdata = program.command('refdata').description('reference data: import, sync, status');
refdata
  .command('import')
  .description('import every data set found in a directory laid out like shared/data')
  .requiredOption('--dir <dir>', 'the directory')
  .action(async (o: { dir: string }) => {
    await withContainer(
      async (c) => {
        const progress = new Progress('import');
        const outcomes = await c.importer.run(c.directorySource(o.dir), (e) => {
          if (e.phase === 'done') progress.tick(e.rows ?? 0);
        });
        progress.done();
        printImport(outcomes);
        printRescreen(c);
        if (outcomes.some((x) => x.outcome === 'failed')) process.exitCode = 1;
      },
      { skipAutoImport: true, skipReference: true },
    );
  });
refdata
  .command('sync')
  .description('download the data sets from their publishers (TRADELANE_*_BASE_URL)')
  .action(async () => {
    await withContainer(
      async (c) => {
        const outcomes = await c.importer.run(c.syncSource());
        printImport(outcomes);
        printRescreen(c);
        if (outcomes.some((x) => x.outcome === 'failed')) process.exitCode = 1;
      },
      { skipAutoImport: true, skipReference: true },
    );
  });
refdata
  .command('status')
  .description('snapshots: active, superseded and failed loads')
  .option('--json', 'one JSON object per snapshot')
  .action(async (o: { json?: boolean }) => {
    await withContainer(
      async (c) => {
        const list = await c.store.refdata.list();
        if (o.json) {
          for (const s of list) out(JSON.stringify(s));
          return;
        }
        if (list.length === 0)
          out(
            'no reference data loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
          );
        for (const s of list) {
          const counts = Object.entries(s.rowCounts)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ');
          out(
            [
              s.status.toUpperCase().padEnd(10),
              s.dataset.padEnd(10),
              (s.edition ?? '').padEnd(11),
              s.createdAt,
              s.sha256 ? s.sha256.slice(0, 12) : '-'.padEnd(12),
              s.status === 'failed' ? `error: ${s.error}` : counts,
              s.source,
              ...(s.notes?.length ? [`notes: ${s.notes.join('; ')}`] : []),
            ].join('  '),
          );
        }
      },
      { skipReference: true },
    );
  });

const tariff = program.command('tariff').description('the HTSUS: look up and search');
tariff
  .command('show')
  .description('one HTS number: path, inherited rates, units, children (JSON)')
  .argument('<hts>', 'HTS number, dots optional')
  .option('--date <date>', 'edition in force on this date (default today)')
  .action(async (hts: string, o: { date?: string }) => {
    await withContainer(async (c) => {
      const code = normalizeHts(hts);
      if (code === null) throw new Problem('HTS_INVALID_FORMAT', `"${hts}" is not an HTS number`, 'hts');
      const t = editionOn(c, o.date);
      const line = t.lookup(code);
      if (!line)
        throw new Problem('HTS_NOT_FOUND', `${formatHts(code)} is not in the HTSUS ${t.info.edition}`, 'hts');
      out(JSON.stringify({ edition: t.info.edition, ...line }, null, 2));
    });
  });
tariff
  .command('search')
  .description('ranked text search (or a code prefix)')
  .argument('<text...>', 'words to search for')
  .option('--limit <n>', 'results', int('limit'), 20)
  .addOption(
    new Option('--level <level>', 'only this level').choices([
      'heading',
      'subheading',
      'tariff_line',
      'statistical',
    ]),
  )
  .option('--json', 'one JSON object per hit')
  .action(async (words: string[], o: { limit: number; level?: 'heading'; json?: boolean }) => {
    await withContainer(async (c) => {
      const t = editionOn(c);
      const hits = t.search(words.join(' '), o.limit, o.level);
      for (const h of hits) {
        out(
          o.json
            ? JSON.stringify(h)
            : `${h.htsDotted.padEnd(13)}  ${h.score.toFixed(2).padStart(6)}  ${h.description}${h.context ? `  [${h.context}]` : ''}`,
        );
      }
      if (hits.length === 0 && !o.json) process.stderr.write('no match\n');
    });
  });

function editionOn(c: Container, date?: string) {
  const ref = c.reference.current();
  const t =
    tariffOn(ref, date ?? new Date().toISOString().slice(0, 10)) ?? ref.tariffs[ref.tariffs.length - 1];
  if (!t)
    throw new Problem(
      'REFDATA_NOT_READY',
      'no HTSUS edition is loaded: run `tradelane refdata import --dir DIR`',
    );
  return t;
}

program
  .command('keys')
  .description('API keys')
  .command('create')
  .description('create an API key; the key is printed alone on the last line of stdout')
  .requiredOption('--tenant <id>', 'the filer (tenant) the key acts for')
  .requiredOption('--role <role>', 'filer, officer or admin')
  .action(async (o: { tenant: string; role: string }) => {
    await withContainer(
      async (c) => {
        const { key, record } = await c.apiKeys.create(o.tenant, o.role);
        out(
          `created ${record.id} for tenant ${record.tenant} with role ${record.role}; store the key now, it is not shown again:`,
        );
        out(key);
      },
      { skipAutoImport: true, skipReference: true },
    );
  });

const identifier = program
  .command('identifier')
  .description('business identifiers (LEI, GLN, DUNS, EORI, EIN, CBP, MID)');
identifier
  .command('validate')
  .description('exit 0 when valid, 1 when not; prints the normalized value or the reason')
  .argument('<scheme>', 'LEI, GLN, DUNS, EORI, EIN, CBP or MID')
  .argument('<value>', 'the identifier')
  .action((scheme: string, value: string) => {
    const r = checkIdentifier(scheme, value);
    if (r === null)
      throw new Problem(
        'IDENTIFIER_SCHEME_UNKNOWN',
        `unknown scheme "${scheme}"; known: ${IDENTIFIER_SCHEMES.join(', ')}`,
        'scheme',
      );
    if (r.valid) out(`valid ${scheme.toUpperCase()} ${r.normalized}`);
    else {
      out(`invalid ${scheme.toUpperCase()}: ${r.reason}`);
      process.exitCode = 1;
    }
  });

program
  .command('mid')
  .description('build the Manufacturer Identification Code (19 CFR Part 102 Appendix)')
  .requiredOption('--name <name>', 'manufacturer name')
  .option('--street <street>', 'street address line')
  .requiredOption('--city <city>', 'city')
  .requiredOption('--country <cc>', 'ISO 3166 alpha-2 country of the manufacturer')
  .option('--province <province>', 'Canadian province (code or name)')
  .action((o: { name: string; street?: string; city: string; country: string; province?: string }) => {
    const r = buildMid(o);
    if (!r.ok) throw new Problem('MID_UNBUILDABLE', r.reason);
    out(r.mid);
  });

program
  .command('file')
  .description('file shipments from NDJSON or CSV; one NDJSON result per shipment on stdout')
  .argument('[file]', 'input file, or - for stdin', '-')
  .option('--tenant <id>', 'tenant to file for', 'local')
  .addOption(
    new Option('--format <format>', 'input format (default: from the extension; stdin: ndjson)').choices([
      'ndjson',
      'csv',
    ]),
  )
  .option(
    '--workers <n>',
    'threads running the pipeline stages on NDJSON (0 = in this thread)',
    int('workers'),
    availableParallelism(),
  )
  .action(async (file: string, o: { tenant: string; format?: 'ndjson' | 'csv'; workers: number }) => {
    await withContainer(
      async (c) => {
        const fromStdin = file === '-';
        const format = o.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
        const stream = fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
        const total = fromStdin ? null : statSync(file).size;
        let read = 0;
        stream.on('data', (chunk: Buffer | string) => (read += chunk.length));
        const lineLimit = c.config.TRADELANE_BATCH_LINE_LIMIT;
        const pool =
          format === 'ndjson' && o.workers > 0
            ? new WorkerPool(new URL('./filing-worker.js', import.meta.url), o.workers, {
                ...filingWorkerData(c, o.tenant),
              })
            : null;
        const filed: AsyncIterable<FiledChunk> = pool
          ? fileInWorkers(lineChunks(stream, lineLimit), pool, o.workers * 3)
          : c.filing.fileMany(
              o.tenant,
              format === 'csv' ? csvItems(stream) : ndjsonItems(stream, lineLimit),
              1000,
            );
        const progress = new Progress('filed', () => (total ? read / total : null));
        const counts = { accepted: 0, rejected: 0, unreadable: 0 };
        try {
          for await (const chunk of filed) {
            counts.accepted += chunk.accepted;
            counts.rejected += chunk.rejected;
            counts.unreadable += chunk.unreadable;
            if (chunk.lines.length === 0) continue;
            if (!process.stdout.write(chunk.lines.join('\n') + '\n')) {
              await new Promise((res) => process.stdout.once('drain', res));
            }
            progress.tick(chunk.lines.length);
          }
        } finally {
          await pool?.close();
        }
        progress.done(
          `accepted ${counts.accepted}, rejected ${counts.rejected}, unreadable ${counts.unreadable}`,
        );
      },
      // With worker threads, the stages run there: this thread needs neither lists nor model.
      (() => {
        const inWorkers =
          o.workers > 0 && (o.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson')) === 'ndjson';
        return { skipScreening: inWorkers, skipClassifier: inWorkers };
      })(),
    );
  });

program
  .command('screen')
  .description('screen parties against the watch lists (NDJSON or CSV in, one NDJSON line per party out)')
  .argument('[file]', 'parties file, or - for stdin', '-')
  .option('--threshold <score>', 'report matches at or above this score instead of the policy thresholds')
  .option('--limit <n>', 'matches per party, best first', int('limit'), 10)
  .option('--tenant <tenant>', "apply this tenant's false-positive decisions")
  .action(async (file: string, o: { threshold?: string; limit: number; tenant?: string }) => {
    const minScore = o.threshold === undefined ? undefined : Number(o.threshold);
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) {
      throw new InvalidArgumentError('--threshold must be a number between 0 and 1');
    }
    await withContainer(async (c) => {
      if (!c.screening.isReady()) {
        throw new Problem(
          'SCREENING_NOT_READY',
          'no watch list is loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
        );
      }
      const input = file === '-' ? process.stdin : createReadStream(file);
      const progress = new Progress('screen');
      let flagged = 0;
      for await (const item of partyLines(input)) {
        progress.tick();
        if ('error' in item) {
          out(JSON.stringify({ line: item.line, error: { ...item.error, path: `line ${item.line}` } }));
          continue;
        }
        const p = parseScreenParty(item.value);
        if (!p.ok) {
          out(
            JSON.stringify({
              line: item.line,
              ...(p.id !== undefined ? { id: p.id } : {}),
              error: { code: p.code, message: p.message, path: p.path },
            }),
          );
          continue;
        }
        const r = c.screening.screen(p.query, {
          limit: o.limit,
          ...(minScore !== undefined ? { minScore } : {}),
          ...(o.tenant ? { tenant: o.tenant } : {}),
        });
        if (r.matches.length > 0) flagged++;
        out(
          JSON.stringify({
            id: p.id ?? item.line,
            matches: r.matches.map(matchJson),
            ...(r.suppressed.length ? { suppressed: r.suppressed.map((m) => m.entry.id) } : {}),
          }),
        );
      }
      progress.done(`${flagged} part${flagged === 1 ? 'y' : 'ies'} with matches`);
    });
  });

program
  .command('alerts')
  .description('screening alerts raised when a list change hit a stored party (newest first)')
  .option('--tenant <tenant>', 'only this tenant')
  .option('--open', 'only alerts not acknowledged')
  .option('--limit <n>', 'at most this many', int('limit'), 100)
  .option('--json', 'one JSON object per alert')
  .action(async (o: { tenant?: string; open?: boolean; limit: number; json?: boolean }) => {
    await withContainer(
      async (c) => {
        const alerts = await c.store.screening.alerts(o.tenant ?? null, {
          limit: o.limit,
          ...(o.open ? { open: true } : {}),
        });
        if (alerts.length === 0 && !o.json) out('no alerts');
        for (const a of alerts) {
          if (o.json) out(JSON.stringify(a));
          else
            out(
              [
                a.createdAt,
                a.acknowledgedAt ? 'ack ' : 'OPEN',
                a.tenant,
                `"${a.party.name}"`,
                '→',
                a.entryId,
                `"${a.matchedName}"`,
                `score ${a.score}`,
                `seen in ${a.seenIn}`,
              ].join('  '),
            );
        }
      },
      { skipReference: true },
    );
  });

program
  .command('classify')
  .description(
    'suggest HTS numbers for product descriptions (NDJSON {"id", "description"} in, one line out per item)',
  )
  .argument('[file]', 'descriptions file, or - for stdin', '-')
  .option('--text <description>', 'classify this text instead of reading a file')
  .option('--top <k>', 'suggestions per description', int('top'), 5)
  .action(async (file: string, o: { text?: string; top: number }) => {
    if (o.top < 1 || o.top > 20) throw new InvalidArgumentError('--top must be between 1 and 20');
    await withContainer(
      async (c) => {
        const model = c.classification.current() ?? (await c.classification.refresh());
        if (!model) {
          throw new Problem(
            'REFDATA_NOT_READY',
            'no HTSUS edition is loaded: run `tradelane refdata import --dir DIR`',
          );
        }
        const opts = { top: o.top, abstainBelow: c.classification.options.abstainBelow };
        const line = (id: unknown, description: string) => {
          const r = model.classify(description, opts);
          return JSON.stringify({ id, suggestions: r.suggestions, abstain: r.abstain, model: model.version });
        };
        if (o.text !== undefined) return out(line(null, o.text));
        const input = file === '-' ? process.stdin : createReadStream(file);
        const progress = new Progress('classify');
        for await (const item of ndjsonItems(input, c.config.TRADELANE_BATCH_LINE_LIMIT)) {
          progress.tick();
          if ('problem' in item) {
            out(JSON.stringify({ line: item.line, error: item.problem }));
            continue;
          }
          const v = item.value as { id?: unknown; description?: unknown } | null;
          if (!v || typeof v !== 'object' || typeof v.description !== 'string') {
            out(
              JSON.stringify({
                line: item.line,
                error: {
                  code: 'FIELD_REQUIRED',
                  message: 'each line needs {"id", "description"} with a string description',
                  path: `line ${item.line}: description`,
                },
              }),
            );
            continue;
          }
          out(line(v.id ?? item.line, v.description));
        }
        progress.done(`model ${model.version}`);
      },
      { skipScreening: true },
    );
  });

const model = program.command('model').description('the HS classifier: train, status');
model
  .command('train')
  .description("rebuild the classifier; with --labeled, first import the operator's labeled history")
  .option('--labeled <file>', 'NDJSON {"description", "hts"} or CSV with description and hts columns')
  .action(async (o: { labeled?: string }) => {
    await withContainer(
      async (c) => {
        if (o.labeled) {
          const outcomes = await c.importer.run(new FilesSource('labeled-operator', [o.labeled]));
          printImport(outcomes);
          const failed = outcomes.find((x) => x.outcome === 'failed');
          if (failed && failed.outcome === 'failed') throw new Problem('REFDATA_FORMAT', failed.error);
        }
        const t0 = Date.now();
        const m = await c.classification.refresh();
        if (!m)
          throw new Problem(
            'REFDATA_NOT_READY',
            'no HTSUS edition is loaded: run `tradelane refdata import --dir DIR`',
          );
        out(JSON.stringify({ version: m.version, ...m.stats, ms: Date.now() - t0 }));
      },
      { skipScreening: true, skipClassifier: true },
    );
  });
model
  .command('status')
  .description('the classifier in force: version and what it is built from')
  .action(async () => {
    await withContainer(
      async (c) => {
        const m = await c.classification.refresh();
        out(JSON.stringify(m ? { version: m.version, ...m.stats } : null));
      },
      { skipScreening: true, skipClassifier: true },
    );
  });

const decisions = program.command('decisions').description('lane decisions: show, replay');
decisions
  .command('show')
  .description("a filing's decisions, oldest first, with their chain links")
  .argument('<shipment>', 'shipment id')
  .action(async (id: string) => {
    await withContainer(
      async (c) => {
        const links = await c.store.decisions.forShipment(id);
        if (links.length === 0)
          throw new Problem('DECISION_NOT_FOUND', `shipment ${id} has no lane decision`, 'id');
        for (const l of links) out(JSON.stringify({ seq: l.seq, hash: l.hash, ...JSON.parse(l.record) }));
      },
      { skipScreening: true, skipClassifier: true },
    );
  });
decisions
  .command('replay')
  .description('recompute a decision from its recorded inputs and rule set; exit 1 when it differs')
  .argument('<shipment>', 'shipment id')
  .action(async (id: string) => {
    await withContainer(
      async (c) => {
        const r = await replayDecision(c.store, c.risk, id);
        out(
          JSON.stringify({
            shipment: r.shipment,
            seq: r.seq,
            same: r.same,
            lane: { recorded: r.recorded.lane, replayed: r.replayed.lane },
            score: { recorded: r.recorded.score, replayed: r.replayed.score },
            differences: r.differences,
            notes: r.notes,
          }),
        );
        if (!r.same) process.exitCode = 1;
      },
      { skipClassifier: true },
    );
  });

program
  .command('rules')
  .description('lane rule sets')
  .command('check')
  .description(
    'validate a rule set file: exit 0 when it would be accepted, 2 with every problem (rule and field) when not',
  )
  .argument('[file]', 'the rule set (default: TRADELANE_RISK_RULES or the shipped one)')
  .action((file?: string) => {
    const r = loadRuleSet(file ?? loadConfig().TRADELANE_RISK_RULES);
    out(JSON.stringify({ version: r.ruleSet.version, sha256: r.sha256, rules: r.ruleSet.rules.length }));
  });

program
  .command('audit')
  .description('the decision log')
  .command('verify')
  .description(
    'walk the hash chain of decisions; exit 1 at the first link that was edited, removed or inserted',
  )
  .action(async () => {
    await withContainer(
      async (c) => {
        const r = await verifyChain(c.store, nodeCrypto);
        out(JSON.stringify(r));
        if (!r.ok) process.exitCode = 1;
      },
      { skipReference: true, skipClassifier: true },
    );
  });

const pga = program
  .command('pga')
  .description('partner agencies: determination, agency programs, paperless rate');
pga
  .command('determine')
  .description(
    'for each shipment (NDJSON, canonical JSON, PGA data in each line\'s "pga"): which agencies want data, what to file or disclaim, and what ACE would reject',
  )
  .argument('[file]', 'shipments file, or - for stdin', '-')
  .action(async (file: string) => {
    await withContainer(async (c) => {
      const cat = c.reference.current().pga;
      if (!cat)
        throw new Problem('REFDATA_NOT_READY', 'no PGA catalogue is loaded: run `tradelane refdata import`');
      const input = file === '-' ? process.stdin : createReadStream(file);
      let rejected = 0;
      let n = 0;
      for await (const item of ndjsonItems(input, c.config.TRADELANE_BATCH_LINE_LIMIT)) {
        n++;
        if ('problem' in item) {
          out(JSON.stringify({ line: item.line, error: item.problem }));
          continue;
        }
        const parsed = parseShipment(item.value);
        if (!parsed.ok) {
          const first = parsed.issues[0]!;
          out(
            JSON.stringify({
              line: item.line,
              error: { ...first, path: `line ${item.line}: ${first.path}` },
            }),
          );
          continue;
        }
        const d = determineShipment(cat, parsed.shipment);
        if (d.rejects.length > 0) rejected++;
        out(JSON.stringify(d));
      }
      process.stderr.write(`pga determine: ${n} shipment(s), ${rejected} with rejects\n`);
    });
  });

pga
  .command('agencies')
  .description('agency programs (what each message set carries) and the documents each agency wants')
  .action(async () => {
    await withContainer(async (c) => {
      out(JSON.stringify(c.reference.current().pga?.messageSets ?? null, null, 2));
    });
  });

pga
  .command('paperless')
  .description('paperless rate per agency over stored filings')
  .option('--from <date>', 'filed at or after (ISO date or time)')
  .option('--to <date>', 'filed before (ISO date or time)')
  .option('--tenant <tenant>', 'only this tenant')
  .option('--json', 'the report as JSON')
  .action(async (o: { from?: string; to?: string; tenant?: string; json?: boolean }) => {
    await withContainer(async (c) => {
      const r = await paperlessReport(c.store, c.reference, {
        from: o.from,
        to: o.to,
        tenant: o.tenant ?? null,
      });
      if (o.json) return out(JSON.stringify(r));
      out(`${r.filings} filing(s)`);
      for (const a of r.agencies) {
        const rate = a.paperless_rate === null ? 'n/a' : `${(100 * a.paperless_rate).toFixed(1)} %`;
        out(
          `${a.agency.padEnd(28)} paperless ${rate.padStart(8)}  obligations ${a.obligations}  electronic ${a.electronic}  paper ${a.paper}  missing ${a.missing}  documents ${a.documents}`,
        );
      }
    });
  });

registerTrustedCommands(program, withContainer, out);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`tradelane: ${e.message}\n`);
    process.exit(2);
  }
  if (isProblem(e)) {
    process.stderr.write(`tradelane: ${e.code}: ${e.message}${e.path ? ` (at ${e.path})` : ''}\n`);
    process.exit(2);
  }
  process.stderr.write(`tradelane: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
