/**
 * Who is a member when: the importer of a filing recognized by its identifiers, its status at the
 * decision's instant read from the member's history, and the benefits of its tier from the
 * benefit policy in force that day. A member suspended or removed at 10:00 gets no benefit on a
 * decision made at 10:01; a decision made at 09:59 keeps the one it had.
 */
import type { Shipment } from '../../../kernel/shipment.js';
import type { Member, MemberEvent } from './lifecycle.js';
import {
  BENEFIT_STATUSES,
  benefitPolicyOn,
  type BenefitSet,
  type MemberStatus,
  type Program,
} from './program.js';

/** What the lane decision receives about a member (recorded with the decision). */
export interface TrustInput {
  readonly member: string;
  readonly tier: 'certified' | 'validated';
  readonly program: string;
  /** The benefit policy in force (its effective date). */
  readonly policy_from: string;
  readonly benefits: BenefitSet;
}

export const identifierKey = (scheme: string, value: string) =>
  `${scheme.trim().toLowerCase()}:${value.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;

interface Timeline {
  readonly member: string;
  /** Status changes, oldest first. */
  readonly at: string[];
  readonly status: MemberStatus[];
}

/** The status on a timeline at an instant (null before the application). */
function statusAt(t: Timeline, at: string): MemberStatus | null {
  let lo = 0;
  let hi = t.at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.at[mid]! <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : t.status[found]!;
}

export class MembershipIndex {
  private readonly byIdentifier = new Map<string, Timeline>();
  readonly size: number;

  constructor(
    private readonly program: Program,
    members: readonly Member[],
    events: readonly MemberEvent[],
  ) {
    const timelines = new Map<string, Timeline>();
    for (const m of members) timelines.set(m.id, { member: m.id, at: [], status: [] });
    const ordered = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const e of ordered) {
      const t = timelines.get(e.member);
      if (!t) continue;
      t.at.push(e.at);
      t.status.push(e.to);
    }
    for (const m of members) {
      // A member's identifiers are its own: one identifier names one member (the latest applicant).
      for (const id of m.company.identifiers)
        this.byIdentifier.set(`${m.tenant}|${identifierKey(id.scheme, id.value)}`, timelines.get(m.id)!);
    }
    this.size = members.length;
  }

  /** The member recognized as the filing's importer of record, by identifier. */
  private timelineOf(tenant: string, s: Shipment): Timeline | null {
    if (this.byIdentifier.size === 0) return null;
    for (const p of s.parties) {
      if (p.role !== 'importer') continue;
      for (const id of p.identifiers ?? []) {
        const t = this.byIdentifier.get(`${tenant}|${identifierKey(id.scheme, id.value)}`);
        if (t) return t;
      }
    }
    return null;
  }

  /** The member (any status) recognized as the filing's importer, or null. */
  memberOf(tenant: string, s: Shipment): string | null {
    return this.timelineOf(tenant, s)?.member ?? null;
  }

  /** The trust the decision at `at` gives the filing's importer, or null for a non-member. */
  trustOf(tenant: string, s: Shipment, at: string): TrustInput | null {
    const t = this.timelineOf(tenant, s);
    if (!t) return null;
    const status = statusAt(t, at);
    if (!status || !BENEFIT_STATUSES.has(status)) return null;
    const policy = benefitPolicyOn(this.program, at);
    const benefits = policy?.tiers[status];
    if (!policy || !benefits) return null;
    return {
      member: t.member,
      tier: status as TrustInput['tier'],
      program: this.program.version,
      policy_from: policy.effective_from,
      benefits,
    };
  }
}
