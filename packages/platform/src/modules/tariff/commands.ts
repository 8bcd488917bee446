/** `tradelane tariff show|search`: the HTSUS from the command line. */
import { Option, type Command } from 'commander';
import { HTS_LEVELS, formatHts, normalizeHts, type HtsLevel } from '../../kernel/hts-code.js';
import type { Clock } from '../../kernel/ports.js';
import { Problem } from '../../kernel/problem.js';
import { int, type CommandKit } from '../../platform/cli/command-kit.js';
import type { Tariff } from './domain/tariff.js';

export interface TariffCommandServices {
  readonly reference: { edition(date: string): Tariff };
  readonly clock: Clock;
}

export function registerTariffCommands(program: Command, kit: CommandKit<TariffCommandServices>): void {
  const { out } = kit;
  const today = (s: TariffCommandServices) => s.clock.now().slice(0, 10);
  const tariff = program.command('tariff').description('the HTSUS: look up and search');
  tariff
    .command('show')
    .description('one HTS number: path, inherited rates, units, children (JSON)')
    .argument('<hts>', 'HTS number, dots optional')
    .option('--date <date>', 'edition in force on this date (default today)')
    .action(async (hts: string, o: { date?: string }) => {
      await kit.run(
        async (s) => {
          const code = normalizeHts(hts);
          if (code === null) throw new Problem('HTS_INVALID_FORMAT', `"${hts}" is not an HTS number`, 'hts');
          const t = s.reference.edition(o.date ?? today(s));
          const line = t.lookup(code);
          if (!line)
            throw new Problem(
              'HTS_NOT_FOUND',
              `${formatHts(code)} is not in the HTSUS ${t.info.edition}`,
              'hts',
            );
          out(JSON.stringify({ edition: t.info.edition, ...line }, null, 2));
        },
        { screening: false },
      );
    });
  tariff
    .command('search')
    .description('ranked text search (or a code prefix)')
    .argument('<text...>', 'words to search for')
    .option('--limit <n>', 'results', int('limit', 1), 20)
    .addOption(new Option('--level <level>', 'only this level').choices([...HTS_LEVELS]))
    .option('--json', 'one JSON object per hit')
    .action(async (words: string[], o: { limit: number; level?: HtsLevel; json?: boolean }) => {
      await kit.run(
        async (s) => {
          const hits = s.reference.edition(today(s)).search(words.join(' '), o.limit, o.level);
          for (const h of hits) {
            out(
              o.json
                ? JSON.stringify(h)
                : `${h.htsDotted.padEnd(13)}  ${h.score.toFixed(2).padStart(6)}  ${h.description}${h.context ? `  [${h.context}]` : ''}`,
            );
          }
          if (hits.length === 0 && !o.json) process.stderr.write('no match\n');
        },
        { screening: false },
      );
    });
}
