/** `tradelane classify`, `tradelane model train|status`: the HS classifier from the command line. */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import type { Clock } from '../../kernel/ports.js';
import { Problem } from '../../kernel/problem.js';
import { EXIT_REJECTED } from '../../platform/cli/exit.js';
import { Progress } from '../../platform/cli/progress.js';
import { int, type CommandKit } from '../../platform/cli/command-kit.js';
import { ndjsonItems } from '../../platform/ingest/ndjson.js';
import { printImport } from '../../platform/cli/import-report.js';
import type { ImportOutcome } from '../refdata/index.js';
import type { ClassificationService } from './classification-service.js';

export interface ClassificationCommandServices {
  readonly classification: ClassificationService;
  readonly batchLineLimit: number;
  readonly clock: Clock;
  /** Imports files as one data set (an operator's labeled history). */
  importFiles(dataset: 'labeled-operator', files: readonly string[]): Promise<ImportOutcome[]>;
}

const notReady = () =>
  new Problem('REFDATA_NOT_READY', 'no HTSUS edition is loaded: run `tradelane refdata import --dir DIR`');

export function registerClassificationCommands(
  program: Command,
  kit: CommandKit<ClassificationCommandServices>,
): void {
  const { out } = kit;
  program
    .command('classify')
    .description(
      'suggest HTS numbers for product descriptions (NDJSON {"id", "description"} in, one line out per item)',
    )
    .argument('[file]', 'descriptions file, or - for stdin', '-')
    .option('--text <description>', 'classify this text instead of reading a file')
    .option('--top <k>', 'suggestions per description (1 to 20)', int('top', 1, 20), 5)
    .action(async (file: string, o: { text?: string; top: number }) => {
      await kit.run(
        async (s) => {
          const model = s.classification.current() ?? (await s.classification.refresh());
          if (!model) throw notReady();
          const opts = { top: o.top, abstainBelow: s.classification.options.abstainBelow };
          const line = (id: unknown, description: string) => {
            const r = model.classify(description, opts);
            return JSON.stringify({
              id,
              suggestions: r.suggestions,
              abstain: r.abstain,
              model: model.version,
            });
          };
          if (o.text !== undefined) return out(line(null, o.text));
          const input = file === '-' ? process.stdin : createReadStream(file);
          const progress = new Progress('classify');
          let rejected = 0;
          for await (const item of ndjsonItems(input, s.batchLineLimit)) {
            progress.tick();
            if ('problem' in item) {
              rejected++;
              out(JSON.stringify({ line: item.line, error: item.problem }));
              continue;
            }
            const v = item.value as { id?: unknown; description?: unknown } | null;
            if (!v || typeof v !== 'object' || typeof v.description !== 'string') {
              rejected++;
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
          // A line that could not be classified is exit 1, as for filings (the README's table);
          // an empty description is classified (it abstains), not refused.
          if (rejected > 0) process.exitCode = EXIT_REJECTED;
        },
        { screening: false },
      );
    });

  const model = program
    .command('model')
    .description('the HS classifier: train, status, check a declared code, record a correction');
  model
    .command('train')
    .description("rebuild the classifier; with --labeled, first import the operator's labeled history")
    .option('--labeled <file>', 'NDJSON {"description", "hts"} or CSV with description and hts columns')
    .action(async (o: { labeled?: string }) => {
      await kit.run(
        async (s) => {
          if (o.labeled) {
            const outcomes = await s.importFiles('labeled-operator', [o.labeled]);
            printImport(outcomes, out);
            const failed = outcomes.find((x) => x.outcome === 'failed');
            if (failed && failed.outcome === 'failed') throw new Problem('REFDATA_FORMAT', failed.error);
          }
          const t0 = Date.parse(s.clock.now());
          const m = await s.classification.refresh();
          if (!m) throw notReady();
          out(JSON.stringify({ version: m.version, ...m.stats, ms: Date.parse(s.clock.now()) - t0 }));
        },
        { screening: false },
      );
    });
  model
    .command('check')
    .description('how plausible a declared code is for a description (the misdeclaration check)')
    .requiredOption('--text <description>', 'the description')
    .requiredOption('--declared <code>', 'the declared code, 6 to 10 digits')
    .option('--model <version>', 'replay with an earlier model version')
    .action(async (o: { text: string; declared: string; model?: string }) => {
      await kit.run(
        async (s) => {
          const r = await s.classification.check(o.text, o.declared, o.model);
          out(JSON.stringify({ model: r.model, ...r.result, thresholds: r.thresholds }));
        },
        { screening: false },
      );
    });
  model
    .command('correct')
    .description("record an officer's correction of a line's code: a labeled example for the next build")
    .requiredOption('--text <description>', "the line's description")
    .requiredOption('--hts <code>', 'the code it is (6 to 10 digits)')
    .requiredOption('--officer <name>', 'who decided')
    .option('--declared <code>', 'the code declared')
    .option('--reason <text>', 'why', '')
    .option('--tenant <tenant>', 'whose history it is', 'local')
    .action(
      async (o: {
        text: string;
        hts: string;
        officer: string;
        declared?: string;
        reason: string;
        tenant: string;
      }) => {
        await kit.run(
          async (s) => {
            const c = await s.classification.correct({
              tenant: o.tenant,
              officer: o.officer,
              description: o.text,
              declared: o.declared ?? null,
              hts: o.hts,
              reason: o.reason,
            });
            out(JSON.stringify(c));
          },
          { screening: false },
        );
      },
    );
  model
    .command('status')
    .description('the classifier in force: version and what it is built from')
    .action(async () => {
      await kit.run(
        async (s) => {
          const m = await s.classification.refresh();
          out(JSON.stringify(m ? { version: m.version, ...m.stats } : null));
        },
        { screening: false },
      );
    });
}
