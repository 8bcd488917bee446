import type { DeMinimisPolicy } from '../../validation/index.js';
import type { PgaCatalogue } from '../../pga/index.js';
import type { Tariff } from '../../tariff/index.js';
import type { DataVersion } from '../../../kernel/stage.js';

/** A code list from reference data (ports, countries). */
export class CodeList {
  private readonly names: ReadonlyMap<string, string>;
  constructor(entries: Iterable<readonly [string, string]>) {
    this.names = new Map(entries);
  }
  has(code: string): boolean {
    return this.names.has(code);
  }
  name(code: string): string | undefined {
    return this.names.get(code);
  }
  entries(): IterableIterator<[string, string]> {
    return this.names.entries();
  }
  get size(): number {
    return this.names.size;
  }
}

/** What a decision was made with: one entry per data set (snapshot id, checksum, edition). */
export type { DataVersion };

/** The reference data a stage sees: immutable, swapped whole when a snapshot changes. */
export interface ReferenceView {
  /** Loaded HTSUS editions, oldest first. */
  readonly tariffs: readonly Tariff[];
  readonly ports: CodeList | null;
  readonly countries: CodeList | null;
  readonly deMinimis: DeMinimisPolicy;
  /** PGA catalogues (CBP's flags when loaded) and the inference rules; null in bare test views. */
  readonly pga?: PgaCatalogue | null;
  readonly versions: readonly DataVersion[];
}

/** The edition in force on a date: the latest whose effective date is on or before it. */
export function tariffOn(ref: ReferenceView, date: string): Tariff | null {
  let best: Tariff | null = null;
  for (const t of ref.tariffs) if (t.info.effectiveFrom <= date) best = t;
  return best;
}
