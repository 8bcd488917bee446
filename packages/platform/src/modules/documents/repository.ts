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
 * Bytes received but not yet named: no other upload sees them, and dropping them touches nothing
 * else (ADR 0047). `upload` is the store's own handle on them.
 */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  readonly head: Uint8Array;
  readonly upload: string;
}

/**
 * Content-addressed storage of document bytes: files on disk (embedded) or the database every
 * server shares (PostgreSQL). An upload is `stage`d (streamed, hashed and counted on the way,
 * stopped at the limit), checked, then either `commit`ted (named by its SHA-256) or `discard`ed.
 * Nothing is stored half-written, and an upload never removes a named blob: another upload of the
 * same bytes, refused or not, cannot take away the bytes an accepted document points at (ADR 0047).
 */
export interface BlobStore {
  /** Receives the bytes under a name of their own, not yet readable by their SHA-256. */
  stage(body: Readable, limit: number): Promise<StagedBlob>;
  /**
   * Names staged bytes by their SHA-256 (the same bytes named already: one copy is kept) and
   * releases the staging. True when this call named them. Never fails because the name exists.
   */
  commit(staged: StagedBlob): Promise<boolean>;
  /** Drops staged bytes that will not be named; a named blob is never touched. */
  discard(staged: StagedBlob): Promise<void>;
  /** `stage` then `commit`, for bytes already known good (tools, tests). */
  write(body: Readable, limit: number): Promise<StoredBlob>;
  read(sha256: string): Promise<Readable | null>;
  /**
   * Removes a named blob. For tools and tests only, when no record points at it and no upload of
   * the same bytes can be running: uploads never call it (ADR 0047).
   */
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
  /** How many records point at these bytes. */
  references(sha256: string): Promise<number>;
}
