/**
 * `tradelane … --help`: examples for every command (run from the checkout as `npx tradelane …`),
 * the default tenant, the settings every command reads, and the exit codes. Kept here, beside the
 * composition, so that one look shows the whole command line; a test checks that no command lacks
 * examples.
 */
import type { Command } from 'commander';
import { EXIT_CODES_HELP } from '../platform/cli/exit.js';

/** Examples by command path ("refdata import"); `{template}` files come from `file --template`. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  serve: ['tradelane serve', 'tradelane serve --port 9090 --host 0.0.0.0', 'tradelane serve --no-workers'],
  worker: [
    'TRADELANE_BUS_URL=nats://127.0.0.1:4222 tradelane worker --metrics-port 9464',
    'tradelane serve --no-workers & tradelane worker',
  ],
  doctor: ['tradelane doctor', 'tradelane doctor --json'],
  'refdata import': ['tradelane refdata import --dir ../shared/data'],
  'refdata sync': ['tradelane refdata sync'],
  'refdata status': ['tradelane refdata status', 'tradelane refdata status --json'],
  'tariff show': [
    'tradelane tariff show 6109.10.00.12',
    'tradelane tariff show 6109100012 --date 2026-06-01',
  ],
  'tariff search': [
    'tradelane tariff search cotton t-shirts --limit 5',
    'tradelane tariff search 6109 --level statistical',
  ],
  'keys create': [
    'tradelane keys create --tenant acme --role filer --expires 90d',
    'tradelane keys create --tenant cbp --role officer --label "duty officer"',
    'tradelane keys create --tenant fda --role pga_officer --agency FDA',
  ],
  'keys list': ['tradelane keys list', 'tradelane keys list --tenant acme --json'],
  'keys revoke': ['tradelane keys revoke key_01J…'],
  'keys rotate': ['tradelane keys rotate key_01J…'],
  'identifier validate': [
    'tradelane identifier validate LEI 5493001KJTIIGC8Y1R12',
    'tradelane identifier validate GLN 6291041500213',
  ],
  mid: [
    'tradelane mid --name "Amalgamated Plastics Corp." --street "586 Allwood Road" --city "Hong Kong" --country HK',
    'tradelane mid --name Maple --city Toronto --country CA --province ON',
  ],
  file: [
    'tradelane file --template ndjson > shipments.ndjson',
    'tradelane file shipments.ndjson',
    'tradelane file shipment.json            # one JSON document, or a JSON array of shipments',
    'tradelane file shipments.csv --tenant acme',
    'cat shipments.ndjson | tradelane file - --workers 0 > results.ndjson',
  ],
  screen: [
    'echo \'{"name":"Example Trading LLC","country":"AE"}\' | tradelane screen',
    'tradelane screen parties.csv --threshold 0.8 --limit 3',
    'tradelane screen parties.ndjson --tenant acme',
  ],
  alerts: ['tradelane alerts --open', 'tradelane alerts --tenant acme --json --limit 20'],
  classify: [
    'tradelane classify --text "men\'s knitted cotton T-shirt"',
    'tradelane classify descriptions.ndjson --top 3',
  ],
  'model train': ['tradelane model train', 'tradelane model train --labeled our-history.csv'],
  'model status': ['tradelane model status'],
  'model check': ['tradelane model check --text "knitted cotton T-shirt for men" --declared 6110.20'],
  'model correct': [
    'tradelane model correct --text "knitted cotton T-shirt" --declared 6110.20 --hts 6109.10 --officer "J. Doe" --reason "a T-shirt, not a sweater"',
  ],
  'decisions show': ['tradelane decisions show shp_01J…'],
  'decisions replay': ['tradelane decisions replay shp_01J…'],
  'rules check': ['tradelane rules check my-rules.json'],
  'audit verify': ['tradelane audit verify'],
  'pga determine': [
    'tradelane pga determine shipments.ndjson',
    'tradelane file --template ndjson | tradelane pga determine',
  ],
  'pga agencies': ['tradelane pga agencies'],
  'documents import-blobs': [
    'TRADELANE_DATABASE_URL=postgres://tradelane@db/tradelane tradelane documents import-blobs --dir ./var/documents',
  ],
  'pga paperless': ['tradelane pga paperless --from 2026-01-01 --json'],
  'trusted apply': ['tradelane trusted apply application.json --tenant acme'],
  'trusted list': ['tradelane trusted list', 'tradelane trusted list --status applied'],
  'trusted show': ['tradelane trusted show ttm_01J…'],
  'trusted act': [
    'tradelane trusted act ttm_01J… assign --officer "J. Doe"',
    'tradelane trusted act ttm_01J… certify --reason "requirements met"',
  ],
  'trusted evidence': ['tradelane trusted evidence ttm_01J… REQ-1 policy.pdf audit.pdf --note "2026 audit"'],
  'trusted verdict': ['tradelane trusted verdict ttm_01J… REQ-1 accepted --note "seen"'],
  'trusted supply-chain': ['tradelane trusted supply-chain ttm_01J… cotton-shirts map.json'],
  'trusted evidence-pack': [
    'tradelane trusted evidence-pack ttm_01J… cotton-shirts --format html > pack.html',
  ],
  'trusted reminders': ['tradelane trusted reminders'],
  'trusted recheck': ['tradelane trusted recheck'],
  'benefits report': [
    'tradelane benefits report',
    'tradelane benefits report --format csv --from 2026-01-01',
  ],
  simulate: [
    'TRADELANE_DATABASE_URL=sqlite:./var/sim.db tradelane simulate --months 3 --members 20 --seed 7',
  ],
};

/** The path of a command from the program down ("refdata import"). */
export function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/** Every command that runs something (not a group of subcommands, not `help`). */
export function leafCommands(program: Command): Command[] {
  const out: Command[] = [];
  const walk = (c: Command) => {
    for (const sub of c.commands) {
      if (sub.name() === 'help') continue;
      if (sub.commands.length > 0) walk(sub);
      else out.push(sub);
    }
  };
  walk(program);
  return out;
}

/** Adds the examples (and, on the program, the settings and exit codes) to the help texts. */
export function addHelp(program: Command): void {
  for (const c of leafCommands(program)) {
    const examples = EXAMPLES[commandPath(c)];
    if (!examples) continue;
    c.addHelpText(
      'after',
      `\nExamples (from the checkout, say npx tradelane …):\n${examples.map((e) => `  ${e}`).join('\n')}\n`,
    );
  }
  program.addHelpText(
    'after',
    `
Every command reads TRADELANE_DATABASE_URL (default sqlite:./var/tradelane.db) and imports
TRADELANE_REFDATA_DIR at start when it changed. Commands that take --tenant file or read for the
tenant "local" unless told otherwise. Add --verbose anywhere to see the stack trace of a failure.

${EXIT_CODES_HELP}

Examples (from the checkout, say npx tradelane …):
  tradelane doctor
  tradelane file --template ndjson > shipment.ndjson && tradelane file shipment.ndjson
  tradelane file --help
`,
  );
}
