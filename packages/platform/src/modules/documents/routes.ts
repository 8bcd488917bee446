/**
 * Paperless documents over HTTP. A document belongs to a filing (or one of its lines) or, as
 * evidence, to a trusted-trader member: the same routes under both.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { Problem } from '../../kernel/problem.js';
import { tenantScope } from '../../kernel/principal.js';
import type { Shipment } from '../../kernel/shipment.js';
import { sendStream, type RoutesPlugin } from '../../platform/http/routes.js';
import { IdParams, errors, list } from '../../platform/http/schemas.js';
import type { DocumentService } from './document-service.js';
import { DOCUMENT_TYPES } from './domain/documents.js';
import { attachmentDisposition } from './disposition.js';
import { FILERS, FILERS_AND_ALL_OFFICERS, caller } from '../../platform/http/auth.js';

export interface DocumentRouteDeps {
  readonly documents: DocumentService;
  /** Whether a filing concerns an agency: whose documents a PGA officer may read. */
  concerns(shipment: Shipment, agency: string): boolean;
  shipment(id: string): Promise<Shipment>;
}

const DocumentBody = z
  .object({
    id: z.string(),
    tenant: z.string(),
    shipmentId: z.string().describe('the filing, or the trusted-trader member, the document belongs to'),
    lineIndex: z.number().nullable(),
    agency: z.string().nullable(),
    docType: z.string(),
    mediaType: z.enum(DOCUMENT_TYPES),
    filename: z.string(),
    sha256: z.string(),
    size: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'Document' });

const UploadQuery = z.object({
  media_type: z.string().min(1).max(100).describe(DOCUMENT_TYPES.join(', ')),
  filename: z
    .string()
    .max(1000)
    .describe(
      'a name without a path, 1–200 characters, in any script; no control characters, line breaks or bidirectional overrides',
    ),
  type: z.string().min(1).max(50).describe('invoice, certificate, permit…'),
  agency: z.string().max(20).optional(),
  line: z.coerce.number().int().min(0).max(998).optional(),
});

export const documentRoutes: RoutesPlugin<DocumentRouteDeps> = async (app, { deps }) => {
  for (const base of ['/shipments', '/trusted-traders'] as const) {
    const tags = [base === '/shipments' ? 'documents' : 'trusted traders'];
    app.post(
      `${base}/:id/documents`,
      {
        config: { access: FILERS },
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          summary:
            base === '/shipments'
              ? 'Upload a document for a filing or one of its lines (paperless)'
              : "Upload a trusted-trader member's evidence document (cite it in a requirement's evidence)",
          description:
            'Body: the file, Content-Type: application/octet-stream; the bytes must show the media type given. Optional header x-content-sha256: checked against the bytes. Stored content-addressed; nothing is kept of a refused upload.',
          tags,
          consumes: ['application/octet-stream'],
          params: IdParams,
          querystring: UploadQuery,
          headers: z.looseObject({
            'x-content-sha256': z
              .string()
              .regex(/^[0-9a-f]{64}$/i)
              .optional(),
          }),
          response: { 201: DocumentBody, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      async (req, reply) => {
        if (!(req.body instanceof Readable)) {
          throw new Problem(
            'MEDIA_TYPE_UNSUPPORTED',
            'send the document as Content-Type: application/octet-stream',
            'headers.content-type',
          );
        }
        const length = req.headers['content-length'];
        const rec = await deps.documents.upload(
          {
            tenant: caller(req).tenant,
            shipmentId: req.params.id,
            lineIndex: req.query.line ?? null,
            agency: req.query.agency ?? null,
            docType: req.query.type,
            mediaType: req.query.media_type,
            filename: req.query.filename,
            sha256: req.headers['x-content-sha256'],
            declaredLength: typeof length === 'string' ? Number(length) : undefined,
          },
          req.body,
        );
        return reply.code(201).send(rec);
      },
    );

    app.get(
      `${base}/:id/documents`,
      {
        config: { access: FILERS_AND_ALL_OFFICERS },
        schema: {
          summary: base === '/shipments' ? "A filing's documents" : "A member's evidence documents",
          tags,
          params: IdParams,
          response: { 200: z.object({ documents: list(DocumentBody) }), ...errors(401, 404) },
        },
      },
      async (req) => {
        const who = caller(req);
        if (who.role === 'pga_officer') {
          if (base !== '/shipments' || !deps.concerns(await deps.shipment(req.params.id), who.agency ?? ''))
            throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${req.params.id}`, 'id');
        }
        return { documents: await deps.documents.list(req.params.id, tenantScope(who)) };
      },
    );
  }

  app.get(
    '/shipments/:id/documents/:sha256',
    {
      config: { access: FILERS_AND_ALL_OFFICERS },
      schema: {
        summary: 'Download a document (same access rules as the filing)',
        tags: ['documents'],
        params: z.object({ id: z.string().min(1).max(100), sha256: z.string().regex(/^[0-9a-f]{64}$/i) }),
        response: {
          200: {
            description: 'the document, as uploaded',
            content: { 'application/octet-stream': { schema: z.string() } },
          },
          ...errors(401, 404),
        },
      },
    },
    async (req, reply) => {
      const who = caller(req);
      if (who.role === 'pga_officer' && !deps.concerns(await deps.shipment(req.params.id), who.agency ?? ''))
        throw new Problem(
          'DOCUMENT_NOT_FOUND',
          `no document ${req.params.sha256} on shipment ${req.params.id}`,
          'sha256',
        );
      const { rec, body } = await deps.documents.open(req.params.id, req.params.sha256, tenantScope(who));
      void reply
        .type(rec.mediaType)
        .header('content-length', rec.size)
        .header('content-disposition', attachmentDisposition(rec.filename));
      return sendStream(reply, body);
    },
  );
};
