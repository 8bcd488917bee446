/**
 * Eligibility of an application, explained: every rule of the program judged against the answers
 * (pass, fail, missing, invalid), then the answers checked against each other — a claim of five
 * years of imports with a first import last spring is a contradiction, not a pass.
 */
import type { EligibilityRule, Program } from './program.js';

export type CheckStatus = 'pass' | 'fail' | 'missing' | 'invalid' | 'contradictory';

export interface EligibilityCheck {
  readonly id: string;
  readonly question: string;
  readonly status: CheckStatus;
  readonly text: string;
  readonly reason: string;
}

export interface Eligibility {
  readonly eligible: boolean;
  readonly checks: readonly EligibilityCheck[];
  /** Answers that contradict each other (each names both questions). */
  readonly contradictions: readonly { readonly questions: readonly string[]; readonly reason: string }[];
  /** Questions of the program left unanswered (whether or not a rule needs them). */
  readonly unanswered: readonly string[];
  readonly program: string;
}

type Answers = Readonly<Record<string, unknown>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function typeOk(type: string, v: unknown): boolean {
  if (type === 'boolean') return typeof v === 'boolean';
  if (type === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (type === 'date') return typeof v === 'string' && DAY.test(v) && !Number.isNaN(Date.parse(v));
  return typeof v === 'string' && v.trim().length > 0;
}

function judge(rule: EligibilityRule, v: unknown): boolean {
  if ('equals' in rule) return v === rule.equals;
  if ('in' in rule) return rule.in.includes(String(v).toUpperCase()) || rule.in.includes(String(v));
  return typeof v === 'number' && v >= rule.at_least;
}

const want = (rule: EligibilityRule) =>
  'equals' in rule
    ? `must be ${JSON.stringify(rule.equals)}`
    : 'in' in rule
      ? `must be one of ${rule.in.join(', ')}`
      : `must be at least ${rule.at_least}`;

/** Years between two days (fractional). */
const yearsBetween = (from: string, to: string) =>
  (Date.parse(to) - Date.parse(from)) / (365.25 * 86_400_000);

/**
 * Answers that cannot all be true. Each check applies when the program asks both questions.
 */
function contradictionsOf(a: Answers, today: string): Eligibility['contradictions'] {
  const out: { questions: string[]; reason: string }[] = [];
  const years = a.import_history_years;
  const first = a.first_import_date;
  if (typeof first === 'string' && DAY.test(first)) {
    if (first > today)
      out.push({
        questions: ['first_import_date'],
        reason: `the first import (${first}) is after today (${today})`,
      });
    else if (typeof years === 'number' && years > yearsBetween(first, today) + 0.5)
      out.push({
        questions: ['import_history_years', 'first_import_date'],
        reason: `${years} years of import history, but the first import was on ${first} (${yearsBetween(first, today).toFixed(1)} years ago)`,
      });
  }
  if (
    a.ctpat_security_good_standing === true &&
    typeof a.ctpat_security_tier === 'string' &&
    /^none$/i.test(a.ctpat_security_tier)
  )
    out.push({
      questions: ['ctpat_security_tier', 'ctpat_security_good_standing'],
      reason: 'good standing in CTPAT Security is claimed without a CTPAT Security tier',
    });
  if (a.debts_to_government === false && typeof a.debt_amount_usd === 'number' && a.debt_amount_usd > 0)
    out.push({
      questions: ['debts_to_government', 'debt_amount_usd'],
      reason: `no debts to the government is claimed, but ${a.debt_amount_usd} USD are owed`,
    });
  const mouDate = a.mou_signed_date;
  if (typeof mouDate === 'string' && DAY.test(mouDate)) {
    if (a.mou_signed === false)
      out.push({
        questions: ['mou_signed', 'mou_signed_date'],
        reason: 'the memorandum is said to be unsigned but has a signing date',
      });
    if (mouDate > today)
      out.push({
        questions: ['mou_signed_date'],
        reason: `the memorandum is dated after today (${mouDate})`,
      });
  }
  if (typeof years === 'number' && years < 0)
    out.push({ questions: ['import_history_years'], reason: 'a negative import history' });
  return out;
}

/** Judges an application's answers by the program's rules, on `today` (YYYY-MM-DD). */
export function checkEligibility(p: Program, answers: Answers, today: string): Eligibility {
  const questions = new Map(p.questions.map((q) => [q.id, q]));
  const contradictions = contradictionsOf(answers, today);
  const contradicted = new Set(contradictions.flatMap((c) => c.questions));
  const checks = p.eligibility.map((e): EligibilityCheck => {
    const q = questions.get(e.question)!;
    const v = answers[e.question];
    const base = { id: e.id, question: e.question, text: e.text };
    if (v === undefined || v === null || v === '')
      return { ...base, status: 'missing', reason: `${q.text}: not answered` };
    if (!typeOk(q.type, v))
      return {
        ...base,
        status: 'invalid',
        reason: `${q.text}: expected a ${q.type}, got ${JSON.stringify(v)}`,
      };
    if (contradicted.has(e.question)) {
      const c = contradictions.find((x) => x.questions.includes(e.question))!;
      return { ...base, status: 'contradictory', reason: c.reason };
    }
    return judge(e.rule, v)
      ? {
          ...base,
          status: 'pass',
          reason: `${JSON.stringify(v)} ${'at_least' in e.rule ? '≥ ' + e.rule.at_least : 'meets the rule'}`,
        }
      : { ...base, status: 'fail', reason: `${JSON.stringify(v)}: ${want(e.rule)}` };
  });
  return {
    eligible: checks.every((c) => c.status === 'pass') && contradictions.length === 0,
    checks,
    contradictions,
    unanswered: p.questions
      .filter((q) => answers[q.id] === undefined || answers[q.id] === null)
      .map((q) => q.id),
    program: p.version,
  };
}
