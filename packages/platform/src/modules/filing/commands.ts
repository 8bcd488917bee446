/** `tradelane file`: NDJSON or CSV shipments through the pipeline, one result line per shipment. */
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { Progress } from '../../platform/cli/progress.js';
import { int, type CommandKit } from '../../platform/cli/command-kit.js';
import { csvItems } from './adapters/csv-shipments.js';
import { lineChunks } from '../../platform/ingest/line-chunks.js';
import { ndjsonItems } from '../../platform/ingest/ndjson.js';
import { fileInWorkers, type WorkerPool } from './adapters/worker-pool.js';
import type { FiledChunk, FilingService } from './filing-service.js';

export interface FilingCommandServices {
  readonly filing: FilingService;
  /** The longest NDJSON line accepted (TRADELANE_BATCH_LINE_LIMIT). */
  readonly batchLineLimit: number;
  /** Worker threads that run the pipeline on chunks of NDJSON for a tenant. */
  filingPool(tenant: string, workers: number): WorkerPool;
}

export function registerFilingCommands(program: Command, kit: CommandKit<FilingCommandServices>): void {
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
      const format = o.format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson');
      const inWorkers = o.workers > 0 && format === 'ndjson';
      await kit.run(
        async (s) => {
          const fromStdin = file === '-';
          const stream = fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
          const total = fromStdin ? null : statSync(file).size;
          let read = 0;
          stream.on('data', (chunk: Buffer | string) => (read += chunk.length));
          const pool = inWorkers ? s.filingPool(o.tenant, o.workers) : null;
          const filed: AsyncIterable<FiledChunk> = pool
            ? fileInWorkers(lineChunks(stream, s.batchLineLimit), pool, o.workers * 3)
            : s.filing.fileMany(
                o.tenant,
                format === 'csv' ? csvItems(stream) : ndjsonItems(stream, s.batchLineLimit),
                1000,
              );
          const progress = new Progress('filed', () => (total ? read / total : null));
          const counts = { accepted: 0, rejected: 0, unreadable: 0 };
          try {
            for await (const chunk of filed) {
              counts.accepted += chunk.accepted;
              counts.rejected += chunk.rejected;
              counts.unreadable += chunk.unreadable;
              const n = chunk.encoded ? chunk.encoded.count : chunk.lines.length;
              if (n === 0) continue;
              const text = chunk.encoded ? chunk.encoded.bytes : chunk.lines.join('\n') + '\n';
              if (!process.stdout.write(text)) {
                await new Promise((res) => process.stdout.once('drain', res));
              }
              progress.tick(n);
            }
          } finally {
            await pool?.close();
          }
          progress.done(
            `accepted ${counts.accepted}, rejected ${counts.rejected}, unreadable ${counts.unreadable}`,
          );
        },
        // With worker threads, the stages run there: this thread needs neither lists nor model.
        { screening: !inWorkers, classifier: !inWorkers },
      );
    });
}
