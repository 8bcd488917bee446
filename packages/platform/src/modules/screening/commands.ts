/** `tradelane screen`, `tradelane alerts`: screening from the command line. */
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { Problem } from '../../kernel/problem.js';
import { Progress } from '../../platform/cli/progress.js';
import { int, numberIn, type CommandKit } from '../../platform/cli/command-kit.js';
import { EXIT_REJECTED } from '../../platform/cli/exit.js';
import { partyLines } from './adapters/party-lines.js';
import { matchJson, parseScreenParty } from './domain/stage.js';
import type { ScreeningService } from './screening-service.js';

export interface ScreeningCommandServices {
  readonly screening: ScreeningService;
}

export function registerScreeningCommands(program: Command, kit: CommandKit<ScreeningCommandServices>): void {
  const { out } = kit;
  program
    .command('screen')
    .description('screen parties against the watch lists (NDJSON or CSV in, one NDJSON line per party out)')
    .argument('[file]', 'parties file, or - for stdin', '-')
    .option(
      '--threshold <score>',
      'report matches at or above this score (0 to 1) instead of the policy thresholds',
      numberIn('threshold', 0, 1),
    )
    .option('--limit <n>', 'matches per party, best first', int('limit', 1), 10)
    .option('--tenant <tenant>', "apply this tenant's false-positive decisions")
    .action(async (file: string, o: { threshold?: number; limit: number; tenant?: string }) => {
      const minScore = o.threshold;
      await kit.run(async (s) => {
        if (!s.screening.isReady()) {
          throw new Problem(
            'SCREENING_NOT_READY',
            'no watch list is loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
          );
        }
        const input = file === '-' ? process.stdin : createReadStream(file);
        const progress = new Progress('screen');
        let flagged = 0;
        let rejected = 0;
        for await (const item of partyLines(input)) {
          progress.tick();
          if ('error' in item) {
            rejected++;
            out(JSON.stringify({ line: item.line, error: { ...item.error, path: `line ${item.line}` } }));
            continue;
          }
          const p = parseScreenParty(item.value);
          if (!p.ok) {
            rejected++;
            out(
              JSON.stringify({
                line: item.line,
                ...(p.id !== undefined ? { id: p.id } : {}),
                error: { code: p.code, message: p.message, path: p.path },
              }),
            );
            continue;
          }
          const r = s.screening.screen(p.query, {
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
        // As for filings: a line that could not be screened is exit 1 (the README's table).
        if (rejected > 0) process.exitCode = EXIT_REJECTED;
      });
    });

  program
    .command('alerts')
    .description('screening alerts raised when a list change hit a stored party (newest first)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--open', 'only alerts not acknowledged')
    .option('--limit <n>', 'at most this many', int('limit', 1), 100)
    .option('--json', 'one JSON object per alert')
    .action(async (o: { tenant?: string; open?: boolean; limit: number; json?: boolean }) => {
      await kit.run(
        async (s) => {
          const alerts = await s.screening.alerts(o.tenant ?? null, {
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
        { reference: false },
      );
    });
}
