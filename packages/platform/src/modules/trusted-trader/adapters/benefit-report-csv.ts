import type { BenefitReport, ReportRow } from '../domain/benefit-report.js';

const COLUMNS = [
  'shipments',
  'matched_shipments',
  'exam_rate',
  'exam_rate_ci',
  'baseline_exam_rate',
  'baseline_exam_rate_ci',
  'hold_rate',
  'baseline_hold_rate',
  'released',
  'release_hours_mean',
  'release_hours_mean_ci',
  'baseline_release_hours_mean',
  'baseline_release_hours_mean_ci',
  'release_hours_p90',
  'release_hours_p90_ci',
  'baseline_release_hours_p90',
  'baseline_release_hours_p90_ci',
  'holds_avoided',
  'holds_avoided_ci',
  'exams_avoided',
  'estimated_cost_saved_usd',
  'estimated_cost_saved_usd_ci',
] as const;

const cell = (v: unknown): string[] => {
  if (Array.isArray(v)) return [String(v[0]), String(v[1])];
  return [v === null || v === undefined ? '' : String(v)];
};

const header = () =>
  [
    'scope',
    'member',
    'tier',
    ...COLUMNS.flatMap((c) => (c.endsWith('_ci') ? [`${c}_low`, `${c}_high`] : [c])),
  ].join(',');

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function line(scope: string, r: ReportRow): string {
  return [
    scope,
    r.member ?? '',
    r.tier ?? '',
    ...COLUMNS.flatMap((c) => {
      const v = r[c];
      return c.endsWith('_ci') && (v === null || v === undefined) ? ['', ''] : cell(v);
    }),
  ]
    .map(quote)
    .join(',');
}

/** The benefit report as CSV: one row per member, per tier and overall; intervals as two columns. */
export function benefitReportCsv(r: BenefitReport): string {
  return (
    [
      header(),
      ...r.members.map((m) => line('member', m)),
      ...r.tiers.map((t) => line('tier', t)),
      line('overall', r.overall),
    ].join('\n') + '\n'
  );
}
