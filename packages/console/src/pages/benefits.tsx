/**
 * What trusted-trader membership is worth: exam rate, hold rate and time to release, members
 * against their matched non-member baseline, with 95% intervals drawn as error bars, per tier and
 * month by month (GET /v1/benefits/series). The report's rows are declared as objects, so they are
 * read field by field.
 */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { Grid } from '../grid';
import { Empty, ErrorBox, Loading, Page, fmtNum, fmtPct, fmtUsd } from '../ui';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const pair = (v: unknown): [number, number] | null =>
  Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' ? [v[0], v[1]] : null;

/** Two bars (members, baseline) with their intervals, on a 0..max scale. */
function Bars({ row, field, label, pct }: { row: Json; field: string; label: string; pct: boolean }) {
  const m = num(row[field]);
  const b = num(row[`baseline_${field}`]);
  const mci = pair(row[`${field}_ci`]);
  const bci = pair(row[`baseline_${field}_ci`]);
  const max = Math.max(1e-9, ...[m, b, mci?.[1], bci?.[1]].filter((x): x is number => x != null));
  const W = 260;
  const x = (v: number) => 70 + (v / max) * (W - 80);
  const bar = (y: number, v: number | null, ci: [number, number] | null, cls: string, name: string) =>
    v == null ? null : (
      <g className={cls}>
        <text x={0} y={y + 12}>
          {name}
        </text>
        <rect x={70} y={y} width={Math.max(1, x(v) - 70)} height={16} />
        {ci ? (
          <g className="ci">
            <line x1={x(ci[0])} x2={x(ci[1])} y1={y + 8} y2={y + 8} />
            <line x1={x(ci[0])} x2={x(ci[0])} y1={y + 2} y2={y + 14} />
            <line x1={x(ci[1])} x2={x(ci[1])} y1={y + 2} y2={y + 14} />
          </g>
        ) : null}
      </g>
    );
  const f = pct ? fmtPct : fmtNum;
  return (
    <figure className="bars">
      <svg
        viewBox={`0 0 ${W} 44`}
        width={W}
        role="img"
        aria-label={`${label}: members ${f(m)}, baseline ${f(b)}`}
      >
        {bar(2, m, mci, 'members', 'members')}
        {bar(24, b, bci, 'baseline', 'baseline')}
      </svg>
      <figcaption>
        {label}: {f(m)} vs {f(b)}
      </figcaption>
    </figure>
  );
}

function Row({ row, title }: { row: Json; title: string }) {
  return (
    <div className="card">
      <h3>{title}</h3>
      <p className="hint">
        {fmtNum(num(row.shipments))} shipments ({fmtNum(num(row.matched_shipments))} matched) · holds avoided{' '}
        {fmtNum(num(row.holds_avoided))} · exams avoided {fmtNum(num(row.exams_avoided))} · saved{' '}
        {fmtUsd(num(row.estimated_cost_saved_usd))}
      </p>
      {num(row.shipments) ? (
        <>
          <Bars row={row} field="exam_rate" label="Exam rate" pct />
          <Bars row={row} field="hold_rate" label="Hold rate" pct />
          <Bars row={row} field="release_hours_mean" label="Hours to release (mean)" pct={false} />
        </>
      ) : (
        <Empty>No member shipment decided in the period.</Empty>
      )}
    </div>
  );
}

export function Benefits() {
  const q = useQuery({
    queryKey: ['benefits'],
    queryFn: async () =>
      obj(must(await api.GET('/v1/benefits/report', { params: { query: { format: 'json' } } }))),
  });
  if (q.isPending) return <Loading what="the benefits report" />;
  if (q.isError)
    return (
      <Page title="Benefits">
        <ErrorBox error={q.error} />
      </Page>
    );
  const r = q.data;
  const tiers = (Array.isArray(r.tiers) ? r.tiers : []).map(obj);
  const members = (Array.isArray(r.members) ? r.members : []).map(obj);
  return (
    <Page title="Benefits">
      <p>
        Program <code>{String(r.program ?? '—')}</code> · {fmtNum(num(r.decisions))} decisions ·{' '}
        {fmtNum(num(r.non_member_shipments))} non-member shipments in {fmtNum(num(r.strata))} strata. Bars:
        members against their matched baseline; whiskers: 95% intervals.
      </p>
      {num(r.decisions) === 0 ? (
        <Empty>No decision yet: the figures fill in as filings are decided.</Empty>
      ) : null}
      <div className="cards">
        <Row row={obj(r.overall)} title="All members" />
        {tiers.map((t, i) => (
          <Row key={i} row={t} title={`Tier ${String(t.tier ?? '—')}`} />
        ))}
      </div>
      <OverTime />
      <h2>Members</h2>
      {members.length === 0 ? (
        <Empty>No member has decided shipments.</Empty>
      ) : (
        <Grid
          rows={members}
          rowKey={(_, i) => i}
          columns={[
            { header: 'Member', cell: (m) => String(m.member ?? '—') },
            { header: 'Tier', cell: (m) => String(m.tier ?? '—') },
            { header: 'Shipments', cell: (m) => fmtNum(num(m.shipments)), className: 'num' },
            { header: 'Exam rate', cell: (m) => fmtPct(num(m.exam_rate)), className: 'num' },
            { header: 'Baseline', cell: (m) => fmtPct(num(m.baseline_exam_rate)), className: 'num' },
            { header: 'Hold rate', cell: (m) => fmtPct(num(m.hold_rate)), className: 'num' },
            { header: 'Baseline', cell: (m) => fmtPct(num(m.baseline_hold_rate)), className: 'num' },
          ]}
        />
      )}
    </Page>
  );
}

/** The whole program month by month, the last six months: exam and hold rates with their intervals. */
function OverTime() {
  const q = useQuery({
    queryKey: ['benefits-series'],
    queryFn: async () => must(await api.GET('/v1/benefits/series', { params: { query: { months: 6 } } })),
  });
  return (
    <section aria-labelledby="over-time" data-testid="benefits-over-time">
      <h2 id="over-time">Over time</h2>
      {q.isPending ? (
        <Loading what="the months" />
      ) : q.isError ? (
        <ErrorBox error={q.error} />
      ) : (
        <div className="cards">
          {q.data.periods.map((p) => {
            const row = obj(p.overall);
            return (
              <div className="card" key={p.period} data-period={p.period}>
                <h3>{p.period}</h3>
                <p className="hint">{fmtNum(num(row.shipments))} member shipments</p>
                {num(row.shipments) ? (
                  <>
                    <Bars row={row} field="exam_rate" label="Exam rate" pct />
                    <Bars row={row} field="hold_rate" label="Hold rate" pct />
                  </>
                ) : (
                  <Empty>No member shipment decided.</Empty>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
