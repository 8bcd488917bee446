/** Officers' corrections of classifications: the port the classifier's store satisfies. */

/** An officer's or reviewer's reading of a line: the code it is, and what was declared. */
export interface CorrectionRecord {
  /** Append order (1, 2, …): a model is built from the corrections up to one of these. */
  readonly seq: number;
  readonly id: string;
  readonly tenant: string;
  readonly description: string;
  /** The code declared (10 digits), when the correction is of a filed line. */
  readonly declared: string | null;
  /** The code the officer settled on (6, 8 or 10 digits). */
  readonly hts: string;
  /** `reclassified` (declared wrong) or `confirmed` (declared right, e.g. an exam result). */
  readonly decision: 'reclassified' | 'confirmed';
  readonly reason: string;
  readonly officer: string;
  readonly shipmentId: string | null;
  readonly line: number | null;
  /** The model in force when the officer decided (its suggestion was on screen). */
  readonly model: string | null;
  readonly createdAt: string;
}

export interface CorrectionRepository {
  /** Appends a correction; returns its sequence number. */
  add(c: Omit<CorrectionRecord, 'seq'>): Promise<number>;
  /** Corrections with seq ≤ `upTo` (all when null), oldest first. */
  list(upTo: number | null): Promise<CorrectionRecord[]>;
  /** The last sequence number (0 when there is none). */
  last(): Promise<number>;
}
