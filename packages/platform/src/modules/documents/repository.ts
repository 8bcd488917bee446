import type { Readable } from 'node:stream';
import type { DocumentType } from './domain/documents.js';

/** A stored file's identity: its SHA-256 and size, and its first bytes (to tell its type). */
export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
  readonly head: Uint8Array;
  /** False when the same bytes were already stored. */
  readonly created: boolean;
}

/**
 * Content-addressed storage of document bytes: files on disk (embedded) or the database every
 * server shares (PostgreSQL). `write` streams, hashes and counts on the way, stops at the limit,
 * and names the bytes only when complete: nothing is stored half-written.
 */
export interface BlobStore {
  write(body: Readable, limit: number): Promise<StoredBlob>;
  read(sha256: string): Promise<Readable | null>;
  remove(sha256: string): Promise<void>;
  /** Removes what uploads never completed left behind, older than `before` (ISO); how many. */
  sweep?(before: string): Promise<number>;
}

export interface DocumentRecord {
  readonly id: string;
  readonly tenant: string;
  readonly shipmentId: string;
  readonly lineIndex: number | null;
  readonly agency: string | null;
  readonly docType: string;
  readonly mediaType: DocumentType;
  readonly filename: string;
  readonly sha256: string;
  readonly size: number;
  readonly createdAt: string;
}

export interface DocumentRepository {
  /**
   * Stores a document's record. A filing's document (`filedAt`: the filing's instant) also adds
   * one to the documents' counter of its agency ('' for none) on the filing's day, in the same
   * transaction (stage_counts, stage 'documents': the paperless report's documents, ADR 0029).
   */
  add(d: DocumentRecord, filedAt?: string | null): Promise<void>;
  list(shipmentId: string): Promise<DocumentRecord[]>;
  bySha(shipmentId: string, sha256: string): Promise<DocumentRecord | null>;
  /** Every distinct SHA-256 documents point at, in order, from after `after` (pages of `limit`). */
  shas(after: string, limit: number): Promise<string[]>;
  /** How many records point at these bytes (a blob is removed only when none does). */
  references(sha256: string): Promise<number>;
}
