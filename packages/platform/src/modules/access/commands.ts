/** `tradelane keys create|list|revoke|rotate`: API keys from the command line. */
import type { Command } from 'commander';
import { ROLES } from '../../kernel/principal.js';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import type { ApiKeys } from './api-keys.js';

export interface AccessCommandServices {
  readonly apiKeys: ApiKeys;
}

const offline = { autoImport: false, reference: false } as const;

export function registerAccessCommands(program: Command, kit: CommandKit<AccessCommandServices>): void {
  const { out } = kit;
  const keys = program.command('keys').description('API keys: create, list, revoke, rotate');
  keys
    .command('create')
    .description('create an API key; the key is printed alone on the last line of stdout')
    .requiredOption('--tenant <id>', 'the filer (tenant) the key acts for; for staff, their organization')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--agency <agency>', "a pga_officer's agency, as the PGA catalogue names it (FDA, APHIS…)")
    .option('--label <text>', 'what the key is for (a person, a system)')
    .option('--expires <when>', 'an ISO date or instant, or a duration: 90d, 12h, 30m')
    .action(
      async (o: { tenant: string; role: string; agency?: string; label?: string; expires?: string }) => {
        await kit.run(async (s) => {
          const { key, record } = await s.apiKeys.create(o);
          out(
            `created ${record.id} for tenant ${record.tenant} with role ${record.role}${record.agency ? ` (${record.agency})` : ''}${record.expiresAt ? `, expiring ${record.expiresAt}` : ''}; store the key now, it is not shown again:`,
          );
          out(key);
        }, offline);
      },
    );
  keys
    .command('list')
    .description('every key (never the key itself): id, tenant, role, status, expiry')
    .option('--tenant <id>', 'only this tenant')
    .option('--json', 'one JSON object per key')
    .action(async (o: { tenant?: string; json?: boolean }) => {
      await kit.run(async (s) => {
        const all = await s.apiKeys.list(o.tenant ?? null);
        if (all.length === 0 && !o.json) out('no keys');
        for (const k of all)
          out(
            o.json
              ? JSON.stringify(k)
              : [
                  k.id,
                  k.status.padEnd(7),
                  k.tenant,
                  k.role + (k.agency ? `:${k.agency}` : ''),
                  k.createdAt,
                  k.expiresAt ?? 'no expiry',
                  k.label ?? '',
                ].join('  '),
          );
      }, offline);
    });
  keys
    .command('revoke')
    .description('revoke a key at once (and its console sessions), in every process')
    .argument('<id>', 'the key id (key_…)')
    .action(async (id: string) => {
      await kit.run(async (s) => out(JSON.stringify(await s.apiKeys.revoke(id))), offline);
    });
  keys
    .command('rotate')
    .description('a new key with the same tenant, role, agency and lifetime; the old one is revoked')
    .argument('<id>', 'the key id (key_…)')
    .action(async (id: string) => {
      await kit.run(async (s) => {
        const { key, record } = await s.apiKeys.rotate(id);
        out(`rotated ${id} → ${record.id}; ${id} is revoked; store the new key now, it is not shown again:`);
        out(key);
      }, offline);
    });
}
