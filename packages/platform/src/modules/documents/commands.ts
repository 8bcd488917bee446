/** `tradelane documents import-blobs`: moving document bytes from disk into the database. */
import type { Command } from 'commander';
import type { CommandKit } from '../../platform/cli/command-kit.js';
import { FsBlobStore } from './adapters/fs-blobs.js';
import type { DocumentService } from './document-service.js';

export interface DocumentCommandServices {
  readonly documents: DocumentService;
  readonly config: { readonly TRADELANE_DOCUMENTS_DIR: string };
}

export function registerDocumentCommands(program: Command, kit: CommandKit<DocumentCommandServices>): void {
  const documents = program.command('documents').description('paperless documents: where their bytes are');
  documents
    .command('import-blobs')
    .description(
      'copy the bytes of every stored document from a documents folder (an embedded install) into the store in use (the database on PostgreSQL), checking each SHA-256; safe to run again',
    )
    .option('--dir <dir>', 'the folder to copy from (default: TRADELANE_DOCUMENTS_DIR)')
    .option('--json', 'the report as JSON')
    .action(async (o: { dir?: string; json?: boolean }) => {
      await kit.run(
        async (s) => {
          const r = await s.documents.importBlobs(new FsBlobStore(o.dir ?? s.config.TRADELANE_DOCUMENTS_DIR));
          const swept = await s.documents.sweepUploads();
          if (o.json) {
            kit.out(JSON.stringify({ ...r, swept }));
          } else {
            kit.out(`${r.copied} copied, ${r.present} already there, ${r.missing.length} missing`);
            for (const sha of r.missing) kit.out(`missing: ${sha}`);
          }
          if (r.missing.length > 0) process.exitCode = 1;
        },
        { reference: false, screening: false, autoImport: false },
      );
    });
}
