import type { Readable } from 'node:stream';
import { DOCUMENT_TYPES, filenameProblem, sniffMediaType, type DocumentType } from '../domain/documents.js';
import { Problem } from '../domain/problem.js';
import type { Clock, IdGenerator } from '../ports/clock.js';
import type { BlobStore, DocumentRecord } from '../ports/document-store.js';
import type { Store } from '../ports/store.js';

export interface UploadInput {
  readonly tenant: string;
  readonly shipmentId: string;
  readonly lineIndex: number | null;
  readonly agency: string | null;
  readonly docType: string;
  /** The media type the filer declares; the bytes must show the same. */
  readonly mediaType: string;
  readonly filename: string;
  /** SHA-256 the filer computed (hex), checked against the bytes received. */
  readonly sha256?: string | undefined;
  readonly declaredLength?: number | undefined;
}

/**
 * Paperless documents for a filing or one of its lines: checked (name, declared type against the
 * bytes, size, checksum), stored content-addressed, readable with the filing's access rules.
 */
export class DocumentService {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    readonly limit: number,
  ) {}

  async upload(input: UploadInput, body: Readable): Promise<DocumentRecord> {
    const nameProblem = filenameProblem(input.filename);
    if (nameProblem) throw new Problem('DOCUMENT_FILENAME_INVALID', nameProblem, 'query.filename');
    if (!(DOCUMENT_TYPES as readonly string[]).includes(input.mediaType)) {
      throw new Problem(
        'DOCUMENT_TYPE_UNSUPPORTED',
        `accepted: ${DOCUMENT_TYPES.join(', ')}`,
        'query.media_type',
      );
    }
    if (input.declaredLength !== undefined && input.declaredLength > this.limit) {
      throw new Problem(
        'DOCUMENT_TOO_LARGE',
        `the document is larger than ${this.limit} bytes`,
        'headers.content-length',
      );
    }
    if (input.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(input.sha256)) {
      throw new Problem(
        'DOCUMENT_CHECKSUM_MISMATCH',
        'x-content-sha256 must be 64 hex digits',
        'headers.x-content-sha256',
      );
    }
    const shipment = await this.store.shipments.get(input.shipmentId, input.tenant);
    if (!shipment) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${input.shipmentId}`, 'id');
    const lines = (shipment.shipment as { lines?: unknown[] }).lines ?? [];
    if (input.lineIndex !== null && (input.lineIndex < 0 || input.lineIndex >= lines.length)) {
      throw new Problem('DOCUMENT_LINE_INVALID', `the filing has ${lines.length} line(s)`, 'query.line');
    }
    const blob = await this.blobs.write(body, this.limit);
    const discard = async () => {
      if (blob.created && (await this.store.documents.references(blob.sha256)) === 0)
        await this.blobs.remove(blob.sha256);
    };
    const seen = sniffMediaType(blob.head);
    if (seen !== input.mediaType) {
      await discard();
      throw new Problem(
        'DOCUMENT_TYPE_MISMATCH',
        `declared ${input.mediaType}, but the bytes are ${seen ?? 'none of the accepted types'}`,
        'body',
      );
    }
    if (input.sha256 !== undefined && input.sha256.toLowerCase() !== blob.sha256) {
      await discard();
      throw new Problem(
        'DOCUMENT_CHECKSUM_MISMATCH',
        `received bytes hash to ${blob.sha256}`,
        'headers.x-content-sha256',
      );
    }
    const rec: DocumentRecord = {
      id: this.ids.next('doc'),
      tenant: shipment.tenant,
      shipmentId: shipment.id,
      lineIndex: input.lineIndex,
      agency: input.agency,
      docType: input.docType,
      mediaType: seen as DocumentType,
      filename: input.filename,
      sha256: blob.sha256,
      size: blob.size,
      createdAt: this.clock.now(),
    };
    await this.store.documents.add(rec);
    return rec;
  }

  /** The documents of a filing the caller may read (a filer: its own tenant's). */
  async list(shipmentId: string, tenant: string | null): Promise<DocumentRecord[]> {
    const s = await this.store.shipments.get(shipmentId, tenant);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${shipmentId}`, 'id');
    return this.store.documents.list(s.id);
  }

  async open(
    shipmentId: string,
    sha256: string,
    tenant: string | null,
  ): Promise<{ rec: DocumentRecord; body: Readable }> {
    const s = await this.store.shipments.get(shipmentId, tenant);
    const rec = s ? await this.store.documents.bySha(s.id, sha256) : null;
    const body = rec ? this.blobs.read(rec.sha256) : null;
    if (!rec || !body)
      throw new Problem('DOCUMENT_NOT_FOUND', `no document ${sha256} on shipment ${shipmentId}`, 'sha256');
    return { rec, body };
  }
}
