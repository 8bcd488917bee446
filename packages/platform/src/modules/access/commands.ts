/** `tradelane keys create`: API keys from the command line. */
import type { Command } from 'commander';
import { ROLES } from '../../kernel/principal.js';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import type { ApiKeys } from './api-keys.js';

export interface AccessCommandServices {
  readonly apiKeys: ApiKeys;
}

export function registerAccessCommands(program: Command, kit: CommandKit<AccessCommandServices>): void {
  const { out } = kit;
  program
    .command('keys')
    .description('API keys')
    .command('create')
    .description('create an API key; the key is printed alone on the last line of stdout')
    .requiredOption('--tenant <id>', 'the filer (tenant) the key acts for')
    .requiredOption('--role <role>', ROLES.join(', '))
    .action(async (o: { tenant: string; role: string }) => {
      await kit.run(
        async (s) => {
          const { key, record } = await s.apiKeys.create(o.tenant, o.role);
          out(
            `created ${record.id} for tenant ${record.tenant} with role ${record.role}; store the key now, it is not shown again:`,
          );
          out(key);
        },
        { autoImport: false, reference: false },
      );
    });
}
