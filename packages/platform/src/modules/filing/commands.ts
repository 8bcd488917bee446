/** `tradelane file`: NDJSON or CSV shipments through the pipeline, one result line per shipment. */
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { Problem, isProblem } from '../../kernel/problem.js';
import { Progress } from '../../platform/cli/progress.js';
import { int, type CommandKit } from '../../platform/cli/command-kit.js';
import { EXIT_REJECTED, UsageError } from '../../platform/cli/exit.js';
import { csvItems } from './adapters/csv-shipments.js';
import { templateCsv, templateShipment } from './adapters/templates.js';
import { JsonInputError, jsonInput } from '../../platform/ingest/json-input.js';
import { lineChunks } from '../../platform/ingest/line-chunks.js';
import { ndjsonItems } from '../../platform/ingest/ndjson.js';
import { WorkerMemoryError, fileInWorkers, type WorkerPool } from './adapters/worker-pool.js';
import type { FiledChunk, FilingService } from './filing-service.js';
import { systemClock } from '../../platform/system/system.js';

export interface FilingCommandServices {
  readonly filing: FilingService;
  /** The longest NDJSON line accepted (TRADELANE_BATCH_LINE_LIMIT). */
  readonly batchLineLimit: number;
  /**
   * Worker threads that run the pipeline on chunks of NDJSON for a tenant (started when it
   * resolves); `notice` hears of what is built for them first, if anything.
   */
  filingPool(tenant: string, workers: number, notice?: (line: string) => void): Promise<WorkerPool>;
}

/** The summary of a bulk run, on stderr: what the exit code says, in words and numbers. */
export function bulkSummary(
  what: string,
  tenant: string,
  counts: { accepted: number; rejected: number; malformed: number },
  ms: number,
): string {
  const total = counts.accepted + counts.rejected + counts.malformed;
  const secs = ms / 1000;
  const rate = secs > 0 ? Math.round(total / secs) : total;
  return `${what} for tenant ${tenant}: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.malformed} malformed in ${secs.toFixed(1)} s (${rate.toLocaleString('en-US')}/s)`;
}

export function registerFilingCommands(program: Command, kit: CommandKit<FilingCommandServices>): void {
  program
    .command('file')
    .description(
      'file shipments (NDJSON, one JSON document, a JSON array, or CSV); one NDJSON result per shipment on stdout, a summary on stderr; exit 0 when all were accepted, 1 when some were rejected or malformed',
    )
    .argument('[file]', 'input file, or - for stdin', '-')
    .option('--tenant <id>', 'tenant (filer) to file for', 'local')
    .addOption(
      new Option(
        '--format <format>',
        'input format (default: csv for *.csv, else JSON: NDJSON, one document or an array)',
      ).choices(['ndjson', 'csv']),
    )
    .option(
      '--workers <n>',
      'threads running the pipeline stages on NDJSON (0 = in this thread)',
      int('workers'),
      availableParallelism(),
    )
    .addOption(
      new Option(
        '--template <format>',
        'print an example shipment with every field and column, and stop',
      ).choices(['ndjson', 'json', 'csv']),
    )
    .action(
      async (
        file: string,
        o: {
          tenant: string;
          format?: 'ndjson' | 'csv';
          workers: number;
          template?: 'ndjson' | 'json' | 'csv';
        },
      ) => {
        if (o.template) {
          // A week from today: an arrival date every check accepts.
          const arrival = new Date(Date.parse(systemClock.now()) + 7 * 86_400_000).toISOString().slice(0, 10);
          const s = templateShipment(arrival);
          kit.out(
            o.template === 'csv'
              ? templateCsv(arrival)
              : o.template === 'json'
                ? JSON.stringify(s, null, 2)
                : JSON.stringify(s),
          );
          return;
        }
        const format = o.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
        const fromStdin = file === '-';
        let total: number | null = null;
        if (!fromStdin) {
          try {
            const st = statSync(file);
            if (!st.isFile()) throw new UsageError(`${file}: not a file`);
            total = st.size;
          } catch (e) {
            if (e instanceof UsageError) throw e;
            throw new UsageError(
              `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
            );
          }
        }
        const name = fromStdin ? 'stdin' : file;
        const inWorkers = o.workers > 0 && format === 'ndjson';
        const counts = { accepted: 0, rejected: 0, malformed: 0 };
        let started = 0;
        await kit.run(
          async (s) => {
            // Refused before a line is read: without a tariff every shipment would be judged
            // malformed, one by one.
            try {
              s.filing.assertReady();
            } catch (e) {
              if (!isProblem(e) || e.code !== 'REFDATA_NOT_READY') throw e;
              throw new Problem(
                'REFDATA_NOT_READY',
                'no reference data is loaded (no HTSUS edition), so no shipment can be checked: import it with `tradelane refdata import --dir DIR` (a folder laid out like shared/data) or `tradelane refdata sync`',
              );
            }
            started = performance.now();
            const stream = fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
            let read = 0;
            stream.on('data', (chunk: Buffer | string) => (read += chunk.length));
            let input: AsyncIterable<Uint8Array | string> = stream;
            if (format === 'ndjson') {
              try {
                input = (await jsonInput(stream, name)).stream;
              } catch (e) {
                if (e instanceof JsonInputError) throw new UsageError(e.message);
                throw e;
              }
            }
            const pool = inWorkers
              ? await s.filingPool(o.tenant, o.workers, (line) => process.stderr.write(`${line}\n`))
              : null;
            const filed: AsyncIterable<FiledChunk> = pool
              ? fileInWorkers(lineChunks(input, s.batchLineLimit), pool, o.workers * 3)
              : s.filing.fileMany(
                  o.tenant,
                  format === 'csv' ? csvItems(input) : ndjsonItems(input, s.batchLineLimit),
                  1000,
                );
            const progress = new Progress('filed', () => (total ? read / total : null));
            try {
              for await (const chunk of filed) {
                counts.accepted += chunk.accepted;
                counts.rejected += chunk.rejected;
                counts.malformed += chunk.unreadable;
                const n = chunk.encoded ? chunk.encoded.count : chunk.lines.length;
                if (n === 0) continue;
                const text = chunk.encoded ? chunk.encoded.bytes : chunk.lines.join('\n') + '\n';
                if (!process.stdout.write(text)) {
                  await new Promise((res) => process.stdout.once('drain', res));
                }
                progress.tick(n);
              }
            } catch (e) {
              // Out of memory is a setting to change (exit 2), not a bug.
              if (e instanceof WorkerMemoryError) throw new UsageError(e.message);
              throw e;
            } finally {
              await pool?.close();
            }
            progress.done();
          },
          // With worker threads, the stages run there: this thread needs neither lists nor model.
          { screening: !inWorkers, classifier: !inWorkers },
        );
        process.stderr.write(`${bulkSummary('filed', o.tenant, counts, performance.now() - started)}\n`);
        if (counts.rejected + counts.malformed > 0) process.exitCode = EXIT_REJECTED;
      },
    );
}
