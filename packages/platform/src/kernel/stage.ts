/**
 * A pipeline stage: a pure function of a filing (and the data in force) to findings. The pipeline
 * is a list of these (main/pipeline.ts); a new stage is one file in its module and one line there.
 */
import type { Finding } from './finding.js';
import type { Shipment } from './shipment.js';

/** A data set version a finding depends on (recorded with every filing). */
export interface DataVersion {
  readonly dataset: string;
  readonly snapshot: string;
  readonly sha256: string;
  readonly edition?: string;
}

/** What a stage is given for one filing. */
export interface StageInput {
  readonly tenant: string;
  readonly shipment: Shipment;
  /** The filing's instant (ISO 8601, UTC), from the clock. */
  readonly now: string;
}

/** What one filing adds to one of a stage's counters (kept per tenant and UTC day, ADR 0029). */
export interface StageCount {
  readonly key: string;
  readonly n: number;
}

/** One of a stage's counters and what a filing adds to it. */
export interface StageCountOf extends StageCount {
  readonly stage: string;
}

/** A stage bound to the data in force: the same object as long as that data does not change. */
export interface BoundStage {
  /** The versions of the data its findings depend on. */
  readonly versions: readonly DataVersion[];
  run(input: StageInput): readonly Finding[];
  /**
   * What the filing adds to the stage's counters, which reports sum instead of reading every
   * filing (a stage that keeps none has no `counts`). Computed with the data in force at filing.
   */
  counts?(input: StageInput): readonly StageCount[];
  /**
   * Work done ahead of `run` for one filing, giving the event loop turns while it lasts: a filing
   * of a thousand new lines would otherwise hold the serving thread for as long as their checks
   * take. `run` then finds the work done. Never changes what `run` answers.
   */
  prepare?(shipment: Shipment): Promise<void>;
}

export interface Stage {
  /** Names the stage in STAGE_FAILED findings and in the docs (validate, identify, screen…). */
  readonly name: string;
  /** What it reads: parts of the filing and data sets (documentation, decision records). */
  readonly reads: readonly string[];
  /** The stage with the data in force now, or null when it cannot run (its data is not loaded). */
  bind(): BoundStage | null;
  /** Whether its bound form keeps counters (the recount of older filings waits for its data). */
  readonly keepsCounts?: true;
}

/** Binds once per distinct data: `bind(view)` returns the same object while `view` is the same. */
export function memoBind<V extends object>(make: (view: V) => BoundStage): (view: V) => BoundStage {
  let last: { view: V; bound: BoundStage } | null = null;
  return (view) => {
    if (last?.view !== view) last = { view, bound: make(view) };
    return last.bound;
  };
}
