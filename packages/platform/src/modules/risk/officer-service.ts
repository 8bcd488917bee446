import { Problem } from '../../kernel/problem.js';
import { ruleStatsOf } from './rule-counts.js';
import { dayRange } from '../../kernel/dates.js';
import type { DecisionRecord } from './domain/record.js';
import type { Shipment } from '../../kernel/shipment.js';
import type { Clock } from '../../kernel/ports.js';
import type { StoredDecision } from './repository.js';
import type { DecisionRepository } from './repository.js';
import type { BenefitLedgerRepository } from '../trusted-trader/index.js';
import type { ShipmentRepository } from '../filing/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface OfficerStore {
  readonly decisions: DecisionRepository;
  readonly ledger: BenefitLedgerRepository;
  readonly shipments: ShipmentRepository;
}

export const ACTIONS = ['release', 'hold', 'request_documents', 'exam_result'] as const;
/**
 * What the chain records: the actions officers ask for, and `release_request` — the first of the
 * two officers who release goods held on a list hit (four-eyes; the goods stay held until a
 * second officer releases them).
 */
export type ActionType = (typeof ACTIONS)[number] | 'release_request';

/** Holds placed on a watch-list hit (denied party, UFLPA, WRO): releasing one takes two officers. */
export const LIST_HIT_HOLDS: ReadonlySet<string> = new Set(['CBP-DENIED-PARTY', 'CBP-UFLPA', 'CBP-WRO']);

export interface OfficerAction {
  readonly type: ActionType;
  readonly note?: string | undefined;
  /** A hold's agency (CBP-UFLPA, FDA…), when it is one agency's. */
  readonly agency?: string | undefined;
  /** Documents requested (types: invoice, certificate…). */
  readonly documents?: readonly string[] | undefined;
  /** Exam result: whether anything was found, and what. */
  readonly found?: boolean | undefined;
  readonly what?: string | undefined;
  /** A four-eyes release: the officer who asked for it (the releasing officer approves). */
  readonly requested_by?: string | undefined;
  /**
   * Whose action it is: `CBP`, or the partner agency of the PGA officer who took it (FDA…). A
   * hold is lifted only by a release of the same authority; links recorded before this field
   * existed are read by `authorityOf`.
   */
  readonly authority?: string | undefined;
}

/** CBP: the authority of customs officers' actions and of the automated decision's holds. */
export const CBP = 'CBP';

/**
 * Whose action a recorded action is. Recorded since 2026-12-07; before, a PGA officer's actions
 * carried its agency (FDA…) and customs officers' none, or a hold's CBP program (CBP-UFLPA…).
 */
export function authorityOf(a: OfficerAction): string {
  if (a.authority) return a.authority;
  return a.agency && !a.agency.startsWith(CBP) ? a.agency : CBP;
}

/** Where a filing stands with customs, from its decision and the officers' actions since. */
export type CustomsStatus = 'pending' | 'released' | 'held' | 'documents_requested' | 'examined';

const STATUS: Readonly<Record<ActionType, CustomsStatus>> = {
  release: 'released',
  hold: 'held',
  request_documents: 'documents_requested',
  exam_result: 'examined',
  release_request: 'held',
};

export interface ActionRecord {
  readonly action: OfficerAction & { readonly officer: string; readonly at: string };
  /** The automated decision the action answers (its link number). */
  readonly decision_seq: number;
  /** The filing's customs status once the action is taken (recorded since 2026-12-07). */
  readonly status?: CustomsStatus;
}

/**
 * The customs status an action leaves, as recorded with it; for an action recorded before the
 * status was, what its type alone says.
 */
export function statusAfter(r: {
  readonly action: { readonly type: string };
  readonly status?: string;
}): string {
  return r.status ?? STATUS[r.action.type as ActionType] ?? r.action.type;
}

const parse = (l: StoredDecision) => JSON.parse(l.record) as DecisionRecord | ActionRecord;
const isAction = (r: DecisionRecord | ActionRecord): r is ActionRecord =>
  'action' in r && r.action !== undefined;

/** A filing waiting in the queue. */
export interface QueueEntry {
  readonly shipment_id: string;
  readonly reference: string;
  readonly tenant: string;
  readonly port: string;
  readonly lane: string;
  readonly score: number;
  readonly signals: string[];
  readonly holds: readonly string[];
  readonly status: CustomsStatus;
  readonly decided_at: string;
  /** A trusted trader's forced-labor review: worked first (a program benefit). */
  readonly front_of_line: boolean;
}

export interface Case {
  readonly decision: DecisionRecord | null;
  readonly decisionSeq: number | null;
  readonly actions: readonly (ActionRecord & { seq: number })[];
  readonly status: CustomsStatus;
}

/**
 * The holds standing on a filing, by authority: CBP's (the decision's holds, and customs officers'
 * holds and document requests) until a CBP release, a partner agency's until its own release. A
 * `release_request` (the first of two officers) lifts nothing.
 */
export function standingHolds(
  decision: DecisionRecord | null,
  actions: readonly { readonly action: OfficerAction }[],
): Set<string> {
  const held = new Set<string>();
  if (decision && decision.holds.length > 0) held.add(CBP);
  for (const { action } of actions) {
    const by = authorityOf(action);
    if (action.type === 'hold' || action.type === 'request_documents') held.add(by);
    else if (action.type === 'release') held.delete(by);
  }
  return held;
}

/**
 * Where a filing stands: held while any authority's hold stands (the decision's holds count from
 * the start); released once CBP has released it and no hold is left; otherwise what the last
 * action made it, or pending when no officer has acted.
 */
function statusOf(decision: DecisionRecord | null, actions: readonly ActionRecord[]): CustomsStatus {
  const held = standingHolds(decision, actions);
  const last = actions[actions.length - 1];
  if (!last) return held.size > 0 ? 'held' : 'pending';
  if (last.action.type !== 'release') return STATUS[last.action.type];
  if (held.size > 0) return 'held';
  return actions.some((a) => a.action.type === 'release' && authorityOf(a.action) === CBP)
    ? 'released'
    : 'pending';
}

/** A filing's links read as a case: its latest decision, the actions on it, and its status. */
export function caseOf(links: readonly StoredDecision[]): Case {
  let decision: DecisionRecord | null = null;
  let decisionSeq: number | null = null;
  const actions: (ActionRecord & { seq: number })[] = [];
  for (const l of links) {
    const r = parse(l);
    if (isAction(r)) actions.push({ ...r, seq: l.seq });
    else {
      decision = r;
      decisionSeq = l.seq;
      actions.length = 0;
    }
  }
  return { decision, decisionSeq, actions, status: statusOf(decision, actions) };
}

/**
 * What officers do with decided filings: the queue by lane, port and signal; release, hold,
 * request documents, record an exam result — each appended to the decision chain (audited, never
 * edited); exam results counted per rule, so that a rule's yield is known.
 */
export class OfficerService {
  constructor(
    private readonly store: OfficerStore,
    private readonly clock: Clock,
  ) {}

  /** A filing's case: its latest decision, the officers' actions since, its customs status. */
  async caseFor(shipmentId: string): Promise<Case> {
    return caseOf(await this.store.decisions.forShipment(shipmentId));
  }

  /**
   * Records an officer's action. `authority` is CBP for customs officers, the agency for a PGA
   * officer: an agency lifts only its own holds, and CBP's releases of goods held on a list hit
   * take two customs officers (`fourEyes`). The goods are released once no authority's hold stands.
   */
  async act(shipmentId: string, officer: string, action: OfficerAction, authority = CBP): Promise<Case> {
    const s = await this.store.shipments.get(shipmentId, null);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${shipmentId}`, 'id');
    const links = await this.store.decisions.forShipment(shipmentId);
    const c = caseOf(links);
    if (!c.decision || c.decisionSeq === null) {
      throw new Problem('DECISION_NOT_FOUND', `shipment ${shipmentId} has no lane decision to act on`, 'id');
    }
    if (c.status === 'released') {
      throw new Problem('ACTION_CONFLICT', `shipment ${shipmentId} is already released`, 'type');
    }
    if (action.type === 'exam_result' && action.found === undefined) {
      throw new Problem(
        'ACTION_INVALID',
        'an exam result says whether anything was found (found: true|false)',
        'found',
      );
    }
    if (action.type === 'request_documents' && (action.documents?.length ?? 0) === 0) {
      throw new Problem('ACTION_INVALID', 'name the documents requested', 'documents');
    }
    if (!authority)
      throw new Problem('FORBIDDEN', 'a PGA officer acts for its agency, and this key names none', 'type');
    if (
      action.type === 'release' &&
      authority !== CBP &&
      !standingHolds(c.decision, c.actions).has(authority)
    )
      throw new Problem('FORBIDDEN', `${authority} releases only a hold of its own`, 'type');
    const recorded =
      action.type === 'release' && authority === CBP ? this.fourEyes(c, officer, action) : action;
    const at = this.clock.now();
    const taken = { action: { ...recorded, authority, officer, at }, decision_seq: c.decisionSeq };
    const record: ActionRecord = { ...taken, status: statusOf(c.decision, [...c.actions, taken]) };
    await this.store.decisions.append([
      {
        shipmentId: s.id,
        revision: s.revision,
        tenant: s.tenant,
        lane: c.decision.lane,
        score: c.decision.score,
        record: JSON.stringify(record),
        createdAt: at,
      },
    ]);
    const after = caseOf(await this.store.decisions.forShipment(shipmentId));
    // The benefit ledger learns the outcome: an examination, a hold, the release and its time.
    await this.store.ledger.outcomes([
      {
        shipmentId: s.id,
        ...(action.type === 'exam_result' ? { exam: true } : {}),
        ...(action.type === 'hold' || action.type === 'request_documents' ? { held: true } : {}),
        ...(after.status === 'released' ? { releasedAt: at } : {}),
      },
    ]);
    return after;
  }

  /**
   * A release of goods held on a list hit takes a reason and two customs officers: the first
   * officer's release is recorded as a `release_request` (the goods stay held); another officer's
   * release then releases them, naming who asked. The same officer cannot do both.
   */
  private fourEyes(c: Case, officer: string, action: OfficerAction): OfficerAction {
    const listHolds = (c.decision?.holds ?? []).filter((h) => LIST_HIT_HOLDS.has(h));
    if (listHolds.length === 0) return action;
    if (!action.note?.trim())
      throw new Problem(
        'ACTION_INVALID',
        `the goods are held under ${listHolds.join(', ')}: a release gives the reason in note, and a second officer approves it`,
        'note',
      );
    const request = c.actions.findLast(
      (a) => a.action.type === 'release_request' && authorityOf(a.action) === CBP,
    );
    if (!request) return { ...action, type: 'release_request' };
    if (request.action.officer === officer)
      throw new Problem(
        'RELEASE_NEEDS_SECOND_OFFICER',
        `you asked for this release (action ${request.seq}); another officer must approve it`,
        'type',
      );
    return { ...action, requested_by: request.action.officer };
  }

  /** The cases of several filings, by id, with the sequence number of each one's newest link. */
  async casesFor(shipmentIds: readonly string[]): Promise<Map<string, Case & { lastSeq: number }>> {
    const links = new Map<string, StoredDecision[]>();
    for (const l of await this.store.decisions.forShipments(shipmentIds)) {
      let xs = links.get(l.shipmentId);
      if (!xs) links.set(l.shipmentId, (xs = []));
      xs.push(l);
    }
    return new Map([...links].map(([id, xs]) => [id, { ...caseOf(xs), lastSeq: xs[xs.length - 1]!.seq }]));
  }

  /**
   * Decided filings waiting for an officer, newest first (by their newest link in the chain), by
   * lane and optionally port and signal; trusted traders' forced-labor reviews ahead of the rest
   * within a page (front of the line). Rejected and released filings are not in the queue.
   *
   * Keyset-paginated: `before` is the link a previous page ended at, and `next` where this one
   * ended (null at the end of the lane). A filing is listed at its newest link only, so it appears
   * on one page. The walk reads at most 4,000 links per request: a page can be short with a `next`.
   */
  async queue(filter: {
    lane: string;
    port?: string | undefined;
    signal?: string | undefined;
    limit: number;
    before?: number | undefined;
    /** Only filings this says yes to (a PGA officer's agency). */
    only?: ((s: Shipment) => boolean) | undefined;
  }): Promise<{ items: QueueEntry[]; next: number | null }> {
    const out: QueueEntry[] = [];
    const done = () => out.sort((a, b) => Number(b.front_of_line) - Number(a.front_of_line));
    const pageSize = Math.min(200, Math.max(50, filter.limit * 2));
    let before = filter.before;
    for (let pages = 0; pages < 20; pages++) {
      const links = await this.store.decisions.byLane(filter.lane, pageSize, before);
      if (links.length === 0) return { items: done(), next: null };
      const ids = [...new Set(links.map((l) => l.shipmentId))];
      const [cases, summaries] = await Promise.all([
        this.casesFor(ids),
        this.store.shipments.summaries(ids).then((xs) => new Map(xs.map((x) => [x.id, x]))),
      ]);
      for (const l of links) {
        before = l.seq;
        const c = cases.get(l.shipmentId);
        // Listed at its newest link only: once per filing, on one page.
        if (!c || c.lastSeq !== l.seq) continue;
        if (!c.decision || c.decision.lane !== filter.lane || c.status === 'released') continue;
        const signals = [...new Set(c.decision.signals.map((x) => x.code))];
        if (filter.signal && !signals.includes(filter.signal)) continue;
        const s = summaries.get(l.shipmentId);
        // A rejected filing is not an entry: the filer corrects and files again; no officer works it.
        if (!s || s.status === 'rejected') continue;
        const port = s.port ?? '';
        if (filter.port && port !== filter.port) continue;
        if (filter.only) {
          const full = await this.store.shipments.get(l.shipmentId, null);
          if (!full || !filter.only(full.shipment as Shipment)) continue;
        }
        out.push({
          shipment_id: l.shipmentId,
          reference: s.reference,
          tenant: l.tenant,
          port,
          lane: c.decision.lane,
          score: c.decision.score,
          signals,
          holds: c.decision.holds,
          status: c.status,
          decided_at: l.createdAt,
          front_of_line: c.decision.benefit?.front_of_line ?? false,
        });
        if (out.length >= filter.limit) return { items: done(), next: l.seq };
      }
      if (links.length < pageSize) return { items: done(), next: null };
    }
    // The walk's budget is spent: the next page goes on from here.
    return { items: done(), next: before ?? null };
  }

  /**
   * Exam results per rule: every automated decision counts once for each rule (and RANDOM) that
   * selected it; every exam result, one exam (and one find when something was found) for the
   * rules of the decision it answers — the yield officers tune rules by. A sum of the counters
   * each append keeps (rule_counts, ADR 0029), never a walk of the log. `from`/`to` limit it to
   * whole UTC days (dayRange): selections made and exam results recorded on those days.
   */
  async ruleStats(range: { from?: string | undefined; to?: string | undefined } = {}) {
    const days = dayRange(range.from, range.to);
    const left = await this.store.decisions.ruleBacklog();
    if (left > 0)
      throw new Problem(
        'COUNTS_CATCHING_UP',
        `the rule counters are still counting the ${left} decision log links stored before them; try again shortly`,
        undefined,
        { left },
      );
    return { ...days, rules: ruleStatsOf(await this.store.decisions.ruleCounts(days.from, days.to)) };
  }
}
