/** Reference data over HTTP: which snapshots serve, which were superseded, which loads failed. */
import { z } from 'zod';
import type { RoutesPlugin } from '../../platform/http/routes.js';
import { errors, list } from '../../platform/http/schemas.js';
import type { ReferenceService } from './reference-service.js';
import type { SnapshotMeta } from './repository.js';
import { EVERYONE, caller } from '../../platform/http/auth.js';

export interface RefdataRouteDeps {
  readonly reference: ReferenceService;
}

const SnapshotBody = z
  .object({
    id: z.string(),
    dataset: z.string(),
    source: z.string().describe("where it came from: a publisher's URL, or a file (its folder and name)"),
    edition: z.string().nullable(),
    effectiveFrom: z.string().nullable(),
    asOf: z
      .string()
      .nullable()
      .describe(
        "the publisher's date of the list, where the publisher dates it (UN consolidated list, GLEIF); null where it does not",
      ),
    importedAt: z.string().describe('when this snapshot was imported (or its load failed)'),
    sha256: z.string(),
    rowCounts: z.record(z.string(), z.number()),
    status: z.enum(['active', 'superseded', 'failed']),
    error: z.string().nullable(),
    notes: list(z.string()).optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Snapshot' });

/** A file source without the server's directories: its data set folder and file name. */
export function publicSource(source: string): string {
  if (/^[a-z]+:\/\//i.test(source)) return source;
  return source.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
}

export const refdataRoutes: RoutesPlugin<RefdataRouteDeps> = async (app, { deps }) => {
  app.get(
    '/refdata/status',
    {
      config: { access: EVERYONE },
      schema: {
        summary: 'Reference data snapshots: active, superseded and failed loads',
        description: "Server paths are shown to admins only; others see the data set's folder and file name.",
        tags: ['refdata'],
        response: { 200: z.object({ snapshots: list(SnapshotBody) }), ...errors(401) },
      },
    },
    async (req) => {
      const admin = caller(req).role === 'admin';
      const snapshots = await deps.reference.snapshots();
      return {
        snapshots: snapshots.map((s: SnapshotMeta) => ({
          ...s,
          asOf: s.asOf || null,
          importedAt: s.createdAt,
          source: admin ? s.source : publicSource(s.source),
          error: s.error === null || admin ? s.error : s.error.replaceAll(s.source, publicSource(s.source)),
        })),
      };
    },
  );
};
