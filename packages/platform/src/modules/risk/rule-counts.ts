/**
 * The rule counters (rule_counts, ADR 0029): per UTC day and rule, the automated decisions it
 * selected, the exam results that answered those decisions and the exams that found something.
 * Each append to the decision log adds to them in its own transaction, so the rule statistics
 * officers tune rules by are a sum over a few rows per day, never a walk of the log.
 */
import type { DecisionRecord } from './domain/record.js';
import type { NewDecision } from './repository.js';

/** What a set of links adds to one (day, rule) counter. */
export interface RuleCount {
  readonly day: string;
  readonly rule: string;
  selected: number;
  exams: number;
  found: number;
}

/** The rules (and RANDOM) that selected an automated decision: what an exam of it counts against. */
export function selectingRules(d: Pick<DecisionRecord, 'rules' | 'random'>): string[] {
  const ids = d.rules.map((r) => r.id);
  if (d.random.selected) ids.push('RANDOM');
  return ids;
}

/** What one link means to the counters: the rules that selected it, or the exam it records. */
export type LinkFacts =
  | { readonly selecting: readonly string[]; readonly exam?: undefined }
  | {
      readonly selecting?: undefined;
      readonly exam: { readonly of: number; readonly found: boolean } | null;
    };

/** A link's facts: from `selecting` when the writer computed it, else from its record. */
export function linkFacts(d: Pick<NewDecision, 'record' | 'selecting'>): LinkFacts {
  if (d.selecting) return { selecting: d.selecting };
  const r = JSON.parse(d.record) as DecisionRecord & { decision_seq?: unknown };
  if (!r.action) return { selecting: selectingRules(r) };
  if (r.action.type !== 'exam_result' || typeof r.decision_seq !== 'number') return { exam: null };
  return { exam: { of: r.decision_seq, found: r.action.found === true } };
}

/**
 * What appended links add to the counters, sorted by (day, rule) so that concurrent writers lock
 * the rows in one order. An exam result counts against the rules of the decision it answers:
 * `selectingOf(seq)` (the links of the same append are looked up first, by their seq).
 */
export function ruleCounts(
  links: readonly { readonly seq: number; readonly createdAt: string; readonly facts: LinkFacts }[],
  selectingOf: ReadonlyMap<number, readonly string[]>,
): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  const add = (day: string, rule: string) => {
    const key = `${day}\u0000${rule}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { day, rule, selected: 0, exams: 0, found: 0 }));
    return c;
  };
  const own = new Map<number, readonly string[]>();
  for (const l of links) if (l.facts.selecting) own.set(l.seq, l.facts.selecting);
  for (const l of links) {
    const day = l.createdAt.slice(0, 10);
    if (l.facts.selecting) {
      for (const rule of l.facts.selecting) add(day, rule).selected++;
      continue;
    }
    const exam = l.facts.exam;
    if (!exam) continue;
    for (const rule of own.get(exam.of) ?? selectingOf.get(exam.of) ?? []) {
      const c = add(day, rule);
      c.exams++;
      if (exam.found) c.found++;
    }
  }
  return [...counts.values()].sort((a, b) =>
    a.day === b.day ? (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) : a.day < b.day ? -1 : 1,
  );
}

/** What an insert into rule_counts does when the counter is there: adds to it (every writer). */
export const RULE_COUNT_CONFLICT = `on conflict (day, rule) do update set selected = rule_counts.selected + excluded.selected,
  exams = rule_counts.exams + excluded.exams, found = rule_counts.found + excluded.found`;

/**
 * What a filing write's chained decisions add to the counters: they are automated decisions, so
 * no exam among them answers a link elsewhere in the log.
 */
export function filedRuleCounts(
  chained: readonly (Pick<NewDecision, 'record' | 'selecting' | 'createdAt'> & { readonly seq: number })[],
): RuleCount[] {
  return ruleCounts(
    chained.map((d) => ({ seq: d.seq, createdAt: d.createdAt, facts: linkFacts(d) })),
    new Map(),
  );
}

/** The decisions earlier links' exams answer that are not among the links themselves. */
export function answeredElsewhere(
  links: readonly { readonly seq: number; readonly facts: LinkFacts }[],
): number[] {
  const own = new Set(links.map((l) => l.seq));
  const out = new Set<number>();
  for (const l of links) if (l.facts.exam && !own.has(l.facts.exam.of)) out.add(l.facts.exam.of);
  return [...out];
}

/** Per rule, the sums of its counters, with the find rate officers tune by. */
export function ruleStatsOf(
  rows: readonly { rule: string; selected: number; exams: number; found: number }[],
) {
  return rows
    .map((x) => ({
      rule: x.rule,
      selected: x.selected,
      exams: x.exams,
      found: x.found,
      find_rate: x.exams > 0 ? Math.round((x.found / x.exams) * 1000) / 1000 : null,
    }))
    .sort((a, b) => a.rule.localeCompare(b.rule));
}
