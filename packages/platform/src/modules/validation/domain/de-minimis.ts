/**
 * De minimis (19 U.S.C. 1321, "Section 321") as effective-dated policy data: which threshold
 * applies on an arrival date and for which origins duty-free release is suspended. The periods
 * live in `policy/de-minimis.json`, not in code.
 */

export interface DeMinimisPeriod {
  readonly from: string; // YYYY-MM-DD, inclusive
  readonly to: string | null; // exclusive; null = open-ended
  readonly threshold: { readonly amount: number; readonly currency: string } | null;
  /** '*' = suspended for every origin; else the origins it is suspended for. */
  readonly suspended_origins: '*' | readonly string[];
  /** Severity of a filing that relies on a suspended de minimis. */
  readonly suspended_severity: 'error' | 'warning';
  readonly authority: string;
}

export interface DeMinimisPolicy {
  readonly version: string;
  readonly periods: readonly DeMinimisPeriod[];
}

/** Every period in force on a date (several may overlap: a threshold and an origin suspension). */
export function periodsOn(policy: DeMinimisPolicy, date: string): DeMinimisPeriod[] {
  return policy.periods.filter((p) => p.from <= date && (p.to === null || date < p.to));
}
