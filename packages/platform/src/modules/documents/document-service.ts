import type { Readable } from 'node:stream';
import { DOCUMENT_TYPES, filenameProblem, sniffMediaType, type DocumentType } from './domain/documents.js';
import { Problem } from '../../kernel/problem.js';
import type { Clock, IdGenerator } from '../../kernel/ports.js';
import type { BlobStore, DocumentRecord } from './repository.js';
import type { DocumentRepository } from './repository.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { TrustedTraderRepository } from '../trusted-trader/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface DocumentStore {
  readonly documents: DocumentRepository;
  readonly shipments: ShipmentRepository;
  readonly trusted: TrustedTraderRepository;
}

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
    private readonly store: DocumentStore,
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
    const shipment = await this.owner(input.shipmentId, input.tenant);
    if (input.lineIndex !== null && (input.lineIndex < 0 || input.lineIndex >= shipment.lines)) {
      throw new Problem('DOCUMENT_LINE_INVALID', `the filing has ${shipment.lines} line(s)`, 'query.line');
    }
    // Received under a name of its own: a refused upload drops only its own bytes, never the blob
    // another upload of the same bytes may be pointing a record at (ADR 0047).
    const blob = await this.blobs.stage(body, this.limit);
    const refuse = async (p: Problem): Promise<never> => {
      await this.blobs.discard(blob);
      throw p;
    };
    const seen = sniffMediaType(blob.head);
    if (seen !== input.mediaType) {
      return refuse(
        new Problem(
          'DOCUMENT_TYPE_MISMATCH',
          `declared ${input.mediaType}, but the bytes are ${seen ?? 'none of the accepted types'}`,
          'body',
        ),
      );
    }
    if (input.sha256 !== undefined && input.sha256.toLowerCase() !== blob.sha256) {
      return refuse(
        new Problem(
          'DOCUMENT_CHECKSUM_MISMATCH',
          `received bytes hash to ${blob.sha256}`,
          'headers.x-content-sha256',
        ),
      );
    }
    // Named only now, and never removed by an upload: the record added next points at bytes that stay.
    await this.blobs.commit(blob);
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
    await this.store.documents.add(rec, shipment.filedAt);
    return rec;
  }

  /**
   * What a document belongs to: a filing (its lines), or a trusted-trader member (evidence for the
   * program's requirements) — the caller's tenant's only, unless the caller sees all.
   */
  private async owner(
    id: string,
    tenant: string | null,
  ): Promise<{ id: string; tenant: string; lines: number; filedAt: string | null }> {
    if (id.startsWith('ttm_')) {
      const m = await this.store.trusted.get(id);
      if (!m || (tenant !== null && m.tenant !== tenant))
        throw new Problem('TT_MEMBER_NOT_FOUND', `no member or application ${id}`, 'id');
      return { id: m.id, tenant: m.tenant, lines: 0, filedAt: null };
    }
    const s = await this.store.shipments.get(id, tenant);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${id}`, 'id');
    return {
      id: s.id,
      tenant: s.tenant,
      lines: (s.shipment as { lines?: unknown[] }).lines?.length ?? 0,
      filedAt: s.createdAt,
    };
  }

  /**
   * Copies the bytes of every stored document from `from` (the files of an embedded install) into
   * this service's blob store (the database, when moving to PostgreSQL), checking each one's
   * SHA-256. Idempotent: bytes already there are skipped, so it can be run again after a failure.
   */
  async importBlobs(from: BlobStore): Promise<{ copied: number; present: number; missing: string[] }> {
    const report = { copied: 0, present: 0, missing: [] as string[] };
    for (let after = ''; ;) {
      const page = await this.store.documents.shas(after, 500);
      if (page.length === 0) return report;
      for (const sha of page) {
        const there = await this.blobs.read(sha);
        if (there) {
          there.destroy();
          report.present++;
          continue;
        }
        const source = await from.read(sha);
        if (!source) {
          report.missing.push(sha);
          continue;
        }
        const blob = await this.blobs.stage(source, Number.MAX_SAFE_INTEGER);
        if (blob.sha256 !== sha) {
          await this.blobs.discard(blob);
          throw new Problem(
            'DOCUMENT_CHECKSUM_MISMATCH',
            `the file of document bytes ${sha} hashes to ${blob.sha256}: damaged; restore it from a backup`,
            sha,
          );
        }
        await this.blobs.commit(blob);
        report.copied++;
      }
      after = page[page.length - 1]!;
    }
  }

  /** Removes the parts of uploads that never completed (a process died mid-upload) over an hour old. */
  async sweepUploads(): Promise<number> {
    return (await this.blobs.sweep?.(new Date(Date.parse(this.clock.now()) - 3_600_000).toISOString())) ?? 0;
  }

  /** The documents of a filing or a member the caller may read (a filer: its own tenant's). */
  async list(ownerId: string, tenant: string | null): Promise<DocumentRecord[]> {
    return this.store.documents.list((await this.owner(ownerId, tenant)).id);
  }

  async open(
    shipmentId: string,
    sha256: string,
    tenant: string | null,
  ): Promise<{ rec: DocumentRecord; body: Readable }> {
    const s = await this.owner(shipmentId, tenant).catch(() => null);
    const rec = s ? await this.store.documents.bySha(s.id, sha256) : null;
    const body = rec ? await this.blobs.read(rec.sha256) : null;
    if (!rec || !body)
      throw new Problem('DOCUMENT_NOT_FOUND', `no document ${sha256} on shipment ${shipmentId}`, 'sha256');
    return { rec, body };
  }
}
