/**
 * A member's life in the program as a state machine: which action may follow which status, what
 * each action needs (a reason, an officer, accepted requirements), and when the annual
 * self-assessment falls due. Pure: the clock's time and the actor are passed in.
 */
import { Problem } from '../../../kernel/problem.js';
import type { Eligibility } from './eligibility.js';
import { BENEFIT_STATUSES, type MemberStatus, type Program } from './program.js';

export const MEMBER_ACTIONS = [
  'assign',
  'request_information',
  'respond',
  'certify',
  'validate',
  'deny',
  'suspend',
  'reinstate',
  'remove',
  'self_assessment',
] as const;
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

export type RequirementStatus = 'open' | 'submitted' | 'accepted' | 'rejected';

export interface RequirementState {
  readonly status: RequirementStatus;
  /** Evidence documents (ids in the document store). */
  readonly evidence: readonly string[];
  readonly note?: string | undefined;
  readonly reviewer?: string | undefined;
  readonly reviewed_at?: string | undefined;
  readonly verdict_note?: string | undefined;
}

export interface Company {
  readonly name: string;
  readonly country: string;
  /** How the importer is named in filings: IOR number, EIN, CBP-assigned number, LEI, DUNS. */
  readonly identifiers: readonly { readonly scheme: string; readonly value: string }[];
  readonly address?: Readonly<Record<string, unknown>> | undefined;
}

export interface Member {
  readonly id: string;
  readonly tenant: string;
  readonly program: string;
  readonly company: Company;
  readonly answers: Readonly<Record<string, unknown>>;
  readonly eligibility: Eligibility;
  readonly status: MemberStatus;
  /** The status a suspended member returns to. */
  readonly suspended_from?: MemberStatus | undefined;
  readonly officer: string | null;
  readonly requirements: Readonly<Record<string, RequirementState>>;
  readonly applied_at: string;
  readonly certified_at: string | null;
  readonly validated_at: string | null;
  /** When the next annual self-assessment notification is due (members only). */
  readonly self_assessment_due: string | null;
  readonly open_request: string | null;
  readonly updated_at: string;
  /** Bumped by every change: a write with a stale version is refused. */
  readonly version: number;
}

export interface ActionInput {
  readonly action: MemberAction;
  readonly reason?: string | undefined;
  readonly officer?: string | undefined;
  /** Requests for information: what is asked. Responses: the answers that change. */
  readonly questions?: string | undefined;
  readonly answers?: Readonly<Record<string, unknown>> | undefined;
}

export interface MemberEvent {
  readonly member: string;
  readonly at: string;
  readonly actor: string;
  readonly action: MemberAction | 'apply' | 'evidence' | 'verdict';
  readonly from: MemberStatus | null;
  readonly to: MemberStatus;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

const FROM: Readonly<Record<MemberAction, readonly MemberStatus[]>> = {
  assign: ['applicant', 'under_review', 'information_requested'],
  request_information: ['under_review'],
  respond: ['information_requested'],
  certify: ['under_review'],
  validate: ['certified'],
  deny: ['applicant', 'under_review', 'information_requested'],
  suspend: ['certified', 'validated'],
  reinstate: ['suspended'],
  remove: ['applicant', 'under_review', 'information_requested', 'certified', 'validated', 'suspended'],
  self_assessment: ['certified', 'validated'],
};

const NEEDS_REASON: ReadonlySet<MemberAction> = new Set(['deny', 'suspend', 'remove', 'reinstate']);

/** Adds months to a day, clamped to the month's last day (2024-02-29 + 12 → 2025-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The requirements that must be accepted before a member reaches `tier`. */
export function unmetRequirements(p: Program, m: Member, tier: 'certified' | 'validated'): string[] {
  const upTo = p.tiers.slice(0, p.tiers.indexOf(tier) + 1);
  return p.requirements
    .filter((r) => upTo.includes(r.from_tier) && m.requirements[r.id]?.status !== 'accepted')
    .map((r) => r.id);
}

/** Throws TT_REQUIREMENTS_UNMET when a requirement of `tier` has no accepted evidence. */
function requireMet(p: Program, m: Member, tier: 'certified' | 'validated'): void {
  const unmet = unmetRequirements(p, m, tier);
  if (unmet.length)
    throw new Problem(
      'TT_REQUIREMENTS_UNMET',
      `requirements not accepted yet: ${unmet.join(', ')}`,
      'requirements',
      {
        unmet,
      },
    );
}

/**
 * The member after an action, and the event that records it. Throws a Problem naming what is
 * wrong: an action the status does not allow, a missing reason or officer, unmet eligibility or
 * requirements.
 */
export function applyAction(
  p: Program,
  m: Member,
  input: ActionInput,
  ctx: { readonly at: string; readonly actor: string; readonly eligibility?: Eligibility },
): { member: Member; event: MemberEvent } {
  const { action } = input;
  if (!FROM[action].includes(m.status))
    throw new Problem(
      'TT_TRANSITION_INVALID',
      `${action} is not possible for a member in status ${m.status} (possible from ${FROM[action].join(', ')})`,
      'action',
      { status: m.status, action },
    );
  if (NEEDS_REASON.has(action) && !input.reason?.trim())
    throw new Problem('TT_REASON_REQUIRED', `${action} needs a reason`, 'reason');
  const day = ctx.at.slice(0, 10);
  let next: Member = { ...m, updated_at: ctx.at, version: m.version + 1 };
  const details: Record<string, unknown> = {};
  switch (action) {
    case 'assign': {
      const officer = input.officer?.trim() || ctx.actor;
      next = { ...next, officer, status: 'under_review' };
      details.officer = officer;
      break;
    }
    case 'request_information':
      if (!input.questions?.trim())
        throw new Problem('TT_REASON_REQUIRED', 'a request for information says what is asked', 'questions');
      next = { ...next, status: 'information_requested', open_request: input.questions };
      details.questions = input.questions;
      break;
    case 'respond': {
      const answers = { ...m.answers, ...(input.answers ?? {}) };
      next = {
        ...next,
        status: 'under_review',
        answers,
        open_request: null,
        eligibility: ctx.eligibility ?? m.eligibility,
      };
      details.changed = Object.keys(input.answers ?? {});
      break;
    }
    case 'certify': {
      if (!m.officer)
        throw new Problem(
          'TT_NOT_ELIGIBLE',
          'an application is certified by its assigned officer: assign one first',
          'officer',
        );
      const e = ctx.eligibility ?? m.eligibility;
      if (!e.eligible) {
        const failing = e.checks.filter((c) => c.status !== 'pass');
        throw new Problem(
          'TT_NOT_ELIGIBLE',
          `not eligible: ${[...failing.map((c) => `${c.id} (${c.status}: ${c.reason})`), ...e.contradictions.map((c) => c.reason)].join('; ')}`,
          'answers',
          { checks: failing, contradictions: e.contradictions },
        );
      }
      requireMet(p, m, 'certified');
      next = {
        ...next,
        status: 'certified',
        eligibility: e,
        certified_at: ctx.at,
        self_assessment_due: addMonths(day, p.self_assessment.every_months),
      };
      break;
    }
    case 'validate': {
      requireMet(p, m, 'validated');
      next = { ...next, status: 'validated', validated_at: ctx.at };
      break;
    }
    case 'deny':
      next = { ...next, status: 'denied' };
      break;
    case 'suspend':
      next = { ...next, status: 'suspended', suspended_from: m.status };
      break;
    case 'reinstate':
      next = { ...next, status: m.suspended_from ?? 'certified', suspended_from: undefined };
      break;
    case 'remove':
      next = { ...next, status: 'removed', self_assessment_due: null };
      break;
    case 'self_assessment': {
      const due = m.self_assessment_due ?? addMonths(day, p.self_assessment.every_months);
      // The next one is due a period after the one just met (or after today, when it was late).
      const base = due > day ? due : day;
      next = { ...next, self_assessment_due: addMonths(base, p.self_assessment.every_months) };
      details.met = due;
      break;
    }
  }
  const event: MemberEvent = {
    member: m.id,
    at: ctx.at,
    actor: ctx.actor,
    action,
    from: m.status,
    to: next.status,
    reason: input.reason ?? null,
    details,
  };
  return { member: next, event };
}

export interface Reminder {
  readonly member: string;
  readonly tenant: string;
  readonly status: MemberStatus;
  readonly company: string;
  readonly due: string;
  readonly days_left: number;
  readonly overdue: boolean;
  /** The reminder step reached (days before due), or null when overdue. */
  readonly step: number | null;
}

/** The self-assessment reminders due on `today` for members whose due day is within reach. */
export function reminderFor(p: Program, m: Member, today: string): Reminder | null {
  if (!m.self_assessment_due || (!BENEFIT_STATUSES.has(m.status) && m.status !== 'suspended')) return null;
  const daysLeft = Math.round(
    (Date.parse(m.self_assessment_due) - Date.parse(today.slice(0, 10))) / 86_400_000,
  );
  const steps = [...p.self_assessment.remind_days_before].sort((a, b) => a - b);
  const step = steps.find((s) => daysLeft <= s) ?? null;
  if (daysLeft >= 0 && step === null) return null;
  return {
    member: m.id,
    tenant: m.tenant,
    status: m.status,
    company: m.company.name,
    due: m.self_assessment_due,
    days_left: daysLeft,
    overdue: daysLeft < 0,
    step: daysLeft < 0 ? null : step,
  };
}
