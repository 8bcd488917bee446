/** `tradelane refdata import|sync|status`: reference data from a directory or the publishers. */
import type { Command } from 'commander';
import { Progress } from '../../platform/cli/progress.js';
import { folderProblem, type CommandKit } from '../../platform/cli/command-kit.js';
import { UsageError } from '../../platform/cli/exit.js';
import type { RefdataSource } from './source.js';
import type { RefdataImporter } from './refdata-importer.js';
import { printImport } from '../../platform/cli/import-report.js';
import type { ReferenceService } from '../reference/index.js';

export interface RefdataCommandServices {
  readonly importer: RefdataImporter;
  readonly reference: ReferenceService;
  directorySource(dir: string): RefdataSource;
  syncSource(): RefdataSource;
  /** What re-screening did after the last import in this process (null: no list changed). */
  lastRescreen(): { parties: number; alerts: number } | null;
  /** The classifier built for the artefact cache by the last import (null: none built). */
  lastPrebuild(): { version: string; fit: 'fitted' | 'cached'; cacheable: boolean; ms: number } | null;
}

/** The data sets with a snapshot in force. */
async function activeDatasets(s: RefdataCommandServices): Promise<Set<string>> {
  return new Set((await s.reference.snapshots()).filter((x) => x.status === 'active').map((x) => x.dataset));
}

export function registerRefdataCommands(program: Command, kit: CommandKit<RefdataCommandServices>): void {
  const { out } = kit;
  const afterImport = (s: RefdataCommandServices) => {
    const r = s.lastRescreen();
    if (r) out(`re-screened ${r.parties} stored parties against the new lists: ${r.alerts} new alert(s)`);
    const p = s.lastPrebuild();
    if (!p) return;
    if (!p.cacheable)
      out(
        `classifier ${p.version} built in ${(p.ms / 1000).toFixed(1)} s, but not kept: WordNet is known by name only`,
      );
    else if (p.fit === 'fitted')
      out(
        `classifier ${p.version} built into the artefact cache in ${(p.ms / 1000).toFixed(1)} s: a start of this build with this cache reads it`,
      );
    else out(`classifier ${p.version} already in the artefact cache`);
  };
  const refdata = program.command('refdata').description('reference data: import, sync, status');
  refdata
    .command('import')
    .description('import every data set found in a directory laid out like shared/data')
    .requiredOption('--dir <dir>', 'the directory')
    .action(async (o: { dir: string }) => {
      // Said before anything is opened: one line, exit 2 (not a failed load of every data set).
      const problem = folderProblem(o.dir);
      if (problem) throw new UsageError(`refdata import --dir ${o.dir}: ${problem}`);
      await kit.run(
        async (s) => {
          const loaded = await activeDatasets(s);
          const progress = new Progress('import');
          const outcomes = await s.importer.run(s.directorySource(o.dir), (e) => {
            if (e.phase === 'done') progress.tick(e.rows ?? 0);
          });
          progress.done();
          printImport(outcomes, out, loaded);
          afterImport(s);
          if (outcomes.some((x) => x.outcome === 'failed')) process.exitCode = 1;
        },
        { autoImport: false, reference: false, prebuildClassifier: true },
      );
    });
  refdata
    .command('sync')
    .description('download the data sets from their publishers (TRADELANE_*_BASE_URL)')
    .action(async () => {
      await kit.run(
        async (s) => {
          const loaded = await activeDatasets(s);
          const outcomes = await s.importer.run(s.syncSource());
          printImport(outcomes, out, loaded);
          afterImport(s);
          if (outcomes.some((x) => x.outcome === 'failed')) process.exitCode = 1;
        },
        { autoImport: false, reference: false, prebuildClassifier: true },
      );
    });
  refdata
    .command('status')
    .description('snapshots: active, superseded and failed loads')
    .option('--json', 'one JSON object per snapshot')
    .action(async (o: { json?: boolean }) => {
      await kit.run(
        async (s) => {
          const list = await s.reference.snapshots();
          if (o.json) {
            for (const x of list)
              out(JSON.stringify({ ...x, asOf: x.asOf || null, importedAt: x.createdAt }));
            return;
          }
          if (list.length === 0)
            out(
              'no reference data loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
            );
          for (const x of list) {
            const counts = Object.entries(x.rowCounts)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ');
            out(
              [
                x.status.toUpperCase().padEnd(10),
                x.dataset.padEnd(15),
                (x.edition ?? '').padEnd(11),
                `as of ${(x.asOf || 'undated').padEnd(10)}`,
                `imported ${x.createdAt}`,
                x.sha256 ? x.sha256.slice(0, 12) : '-'.padEnd(12),
                x.status === 'failed' ? `error: ${x.error}` : counts,
                x.source,
                ...(x.notes?.length ? [`notes: ${x.notes.join('; ')}`] : []),
              ].join('  '),
            );
          }
        },
        { reference: false },
      );
    });
}
