/** `tradelane identifier validate`, `tradelane mid`: party identification from the command line. */
import type { Command } from 'commander';
import { Problem } from '../../kernel/problem.js';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import { IDENTIFIER_SCHEMES, checkIdentifier } from './domain/identifiers.js';
import { buildMid } from './domain/mid.js';

export function registerPartyCommands(program: Command, kit: CommandKit<unknown>): void {
  const { out } = kit;
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
    .option(
      '--street <street>',
      'street address line (lines as printed, the city line among them, are read too)',
    )
    .option('--po-box <box>', 'post-office box, when apart from the street line')
    .requiredOption('--city <city>', 'city')
    .option('--postal-code <code>', 'postal code (never read as a street number)')
    .requiredOption('--country <cc>', 'ISO 3166 alpha-2 country of the manufacturer')
    .option('--province <province>', 'Canadian province (code or name)')
    .action(
      (o: {
        name: string;
        street?: string;
        poBox?: string;
        city: string;
        postalCode?: string;
        country: string;
        province?: string;
      }) => {
        const r = buildMid(o);
        if (!r.ok) throw new Problem('MID_UNBUILDABLE', r.reason);
        out(r.mid);
      },
    );
}
