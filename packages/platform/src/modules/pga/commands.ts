/** `tradelane pga determine|agencies|paperless`: partner agencies from the command line. */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import { isProblem } from '../../kernel/problem.js';
import { ndjsonItems } from '../../platform/ingest/ndjson.js';
import type { PgaService } from './pga-service.js';

export interface PgaCommandServices {
  readonly pga: PgaService;
  readonly batchLineLimit: number;
  /** The recount of filings stored before the report counters (ADR 0029). */
  readonly filing: { recount(limit?: number): Promise<number | null> };
}

export function registerPgaCommands(program: Command, kit: CommandKit<PgaCommandServices>): void {
  const { out } = kit;
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
      await kit.run(
        async (s) => {
          s.pga.catalogue();
          const input = file === '-' ? process.stdin : createReadStream(file);
          let rejected = 0;
          let n = 0;
          for await (const item of ndjsonItems(input, s.batchLineLimit)) {
            n++;
            if ('problem' in item) {
              out(JSON.stringify({ line: item.line, error: item.problem }));
              continue;
            }
            try {
              const d = s.pga.determine(item.value);
              if (d.rejects.length > 0) rejected++;
              out(JSON.stringify(d));
            } catch (e) {
              if (!isProblem(e)) throw e;
              out(
                JSON.stringify({
                  line: item.line,
                  error: { code: e.code, message: e.message, path: `line ${item.line}: ${e.path}` },
                }),
              );
            }
          }
          process.stderr.write(`pga determine: ${n} shipment(s), ${rejected} with rejects\n`);
        },
        { screening: false },
      );
    });

  pga
    .command('agencies')
    .description('agency programs (what each message set carries) and the documents each agency wants')
    .action(async () => {
      await kit.run(async (s) => out(JSON.stringify(s.pga.agencies(), null, 2)), { screening: false });
    });

  pga
    .command('paperless')
    .description('paperless rate per agency over stored filings')
    .option('--from <date>', 'filed on this UTC day or after (ISO date, or a time: its day)')
    .option('--to <date>', 'filed before this UTC day (ISO date; a time after midnight counts its day)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--json', 'the report as JSON')
    .action(async (o: { from?: string; to?: string; tenant?: string; json?: boolean }) => {
      await kit.run(
        async (s) => {
          // After an upgrade, the filings stored before the counters are counted first (a server
          // counts them in the background; this process may be the first to open the store).
          while (await s.filing.recount(2_000));
          const r = await s.pga.paperless({
            from: o.from,
            to: o.to,
            tenant: o.tenant ?? null,
            fields: { from: '--from', to: '--to' },
          });
          if (o.json) return out(JSON.stringify(r));
          out(`${r.filings} filing(s)`);
          for (const a of r.agencies) {
            const rate = a.paperless_rate === null ? 'n/a' : `${(100 * a.paperless_rate).toFixed(1)} %`;
            out(
              `${a.agency.padEnd(28)} paperless ${rate.padStart(8)}  obligations ${a.obligations}  electronic ${a.electronic}  paper ${a.paper}  missing ${a.missing}  documents ${a.documents}`,
            );
          }
        },
        { screening: false },
      );
    });
}
