import type { ProblemCode } from '../../kernel/errors.js';
import { z } from 'zod';
import { Problem } from '../../kernel/problem.js';
import { checkEligibility } from './domain/eligibility.js';
import {
  applyAction,
  reminderFor,
  type ActionInput,
  type Member,
  type MemberEvent,
  type Reminder,
  type RequirementState,
} from './domain/lifecycle.js';
import { MembershipIndex, type TrustInput } from './domain/membership.js';
import type { Program } from './domain/program.js';
import { nexusCheck, parseSupplyChain, type NexusContext, type SupplyChain } from './domain/supply-chain.js';
import { nodesForFiling, prepareMap, type PreparedMap } from './domain/mapped-nodes.js';
import type { MappedNode } from '../risk/index.js';
import { renderPath, type Shipment } from '../../kernel/shipment.js';
import type { Clock, IdGenerator } from '../../kernel/ports.js';
import type { DocumentRepository } from '../documents/index.js';
import type { TrustedTraderRepository } from './repository.js';
import type { StoredSupplyChain } from './repository.js';
import type { ScreeningService } from '../screening/index.js';
import type { RegistryService } from '../parties/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface TrustedTraderStore {
  readonly documents: DocumentRepository;
  readonly trusted: TrustedTraderRepository;
}

export interface LoadedProgram {
  readonly program: Program;
  readonly sha256: string;
}

const CompanySchema = z.strictObject({
  name: z.string().trim().min(1).max(300),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166 alpha-2 code'),
  identifiers: z
    .array(
      z.strictObject({ scheme: z.string().trim().min(1).max(20), value: z.string().trim().min(1).max(64) }),
    )
    .min(1, 'at least one identifier by which filings name the importer (IOR number, EIN, LEI…)')
    .max(10),
  address: z.record(z.string(), z.unknown()).optional(),
});

export const ApplicationSchema = z.strictObject({
  company: CompanySchema,
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

function invalid(code: ProblemCode, error: z.ZodError): Problem {
  const i = error.issues[0]!;
  return new Problem(code, `${renderPath(i.path) || 'body'}: ${i.message}`, renderPath(i.path), {
    problems: error.issues.map((x) => ({ path: renderPath(x.path), message: x.message })),
  });
}

/**
 * The trusted-trader program's use cases: applications and their review, the member's status
 * history (the benefits' effective dating reads it), forced-labor requirements with evidence and
 * verdicts, supply-chain maps with their nexus check, reminders of the annual self-assessment.
 */
/** Actions the applicant takes; the others are officers'. */
const APPLICANT_ACTIONS: ReadonlySet<string> = new Set(['respond', 'self_assessment']);

/**
 * Who acts on a member: the applicant (its own tenant, its own actions only), an officer (the
 * review steps only), or the operator (the CLI and the simulator, trusted with both).
 */
export type ActingAs =
  | { readonly kind: 'applicant'; readonly tenant: string }
  | { readonly kind: 'officer' }
  | { readonly kind: 'operator' };

export class TrustedTraderService {
  private index: MembershipIndex;
  /** Every member's maps, as the lane decision reads them (kept with the maps stored). */
  private maps = new Map<string, Map<string, PreparedMap>>();
  /** Rebuild the membership after every change (off while the simulator enrols members in bulk). */
  refreshOnChange = true;
  /** The store's change stamp when the membership was last loaded. */
  private loadedStamp: string | null = null;

  constructor(
    private readonly store: TrustedTraderStore,
    readonly program: LoadedProgram,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly screening: ScreeningService,
    private readonly nexus: () => Omit<NexusContext, 'screen'>,
    private readonly registry: RegistryService | null = null,
  ) {
    this.index = new MembershipIndex(program.program, [], []);
  }

  /**
   * Reloads the membership only if another process (or this one) changed members, events or maps
   * since the last load: one small query otherwise (servers poll it every
   * TRADELANE_REFDATA_POLL_MS). True when it reloaded.
   */
  async refreshIfChanged(): Promise<boolean> {
    const stamp = await this.store.trusted.changeStamp();
    if (stamp === this.loadedStamp) return false;
    await this.refresh(stamp);
    return true;
  }

  /**
   * Loads every member's history for the lane decision. `stamp`: the store's change stamp, when
   * the caller has just read it.
   */
  async refresh(stamp?: string): Promise<number> {
    // Read before the rows: a change made while they load shows as a new stamp at the next look.
    stamp ??= await this.store.trusted.changeStamp();
    const [members, events, maps] = await Promise.all([
      this.store.trusted.list({}),
      this.store.trusted.events(),
      this.store.trusted.supplyChains(),
    ]);
    this.index = new MembershipIndex(this.program.program, members, events);
    this.maps = new Map();
    for (const row of maps) this.keepMap(row);
    this.loadedStamp = stamp;
    return members.length;
  }

  private keepMap(row: StoredSupplyChain): void {
    const byProduct = this.maps.get(row.member) ?? new Map<string, PreparedMap>();
    byProduct.set(row.product, prepareMap(row));
    this.maps.set(row.member, byProduct);
  }

  /**
   * The mapped supply-chain nodes of a filing's importer (a member or applicant, recognized by
   * its identifiers) for the lines its maps cover: the risk stage's forced-labor input.
   */
  mappedNodes(tenant: string, s: Shipment): MappedNode[] {
    if (this.maps.size === 0) return [];
    const member = this.index.memberOf(tenant, s);
    const maps = member ? this.maps.get(member) : undefined;
    return maps ? nodesForFiling([...maps.values()], s) : [];
  }

  /** The membership of a filing's importer at an instant (the risk stage's trust input). */
  trustOf(tenant: string, s: Shipment, at: string): TrustInput | null {
    return this.index.trustOf(tenant, s, at);
  }

  async apply(tenant: string, actor: string, body: unknown): Promise<Member> {
    const r = ApplicationSchema.safeParse(body);
    if (!r.success) throw invalid('TT_APPLICATION_INVALID', r.error);
    const known = new Set(this.program.program.questions.map((q) => q.id));
    const unknown = Object.keys(r.data.answers).filter((k) => !known.has(k));
    if (unknown.length)
      throw new Problem(
        'TT_APPLICATION_INVALID',
        `questions the program does not ask: ${unknown.join(', ')}`,
        `answers.${unknown[0]}`,
      );
    const at = this.clock.now();
    const company = { ...r.data.company, country: r.data.company.country.toUpperCase() };
    const member: Member = {
      id: this.ids.next('ttm'),
      tenant,
      program: this.program.program.version,
      company,
      answers: r.data.answers,
      eligibility: checkEligibility(this.program.program, r.data.answers, at.slice(0, 10)),
      status: 'applicant',
      officer: null,
      requirements: Object.fromEntries(
        this.program.program.requirements.map((q) => [
          q.id,
          { status: 'open', evidence: [] } satisfies RequirementState,
        ]),
      ),
      applied_at: at,
      certified_at: null,
      validated_at: null,
      self_assessment_due: null,
      open_request: null,
      updated_at: at,
      version: 1,
    };
    const event: MemberEvent = {
      member: member.id,
      at,
      actor,
      action: 'apply',
      from: null,
      to: 'applicant',
      reason: null,
      details: {
        program: this.program.program.version,
        program_sha256: this.program.sha256,
        eligible: member.eligibility.eligible,
      },
    };
    await this.store.trusted.insert(member, event);
    if (this.refreshOnChange) await this.refresh();
    return member;
  }

  /** A member; a filer sees only its tenant's. */
  async get(id: string, tenant: string | null): Promise<Member> {
    const m = await this.store.trusted.get(id);
    if (!m || (tenant !== null && m.tenant !== tenant))
      throw new Problem('TT_MEMBER_NOT_FOUND', `no member or application ${id}`, 'id');
    return m;
  }

  /** The member as shown: with its history, reminder and supply-chain maps (summaries). */
  async view(id: string, tenant: string | null) {
    const m = await this.get(id, tenant);
    const [events, maps] = await Promise.all([
      this.store.trusted.events(id),
      this.store.trusted.supplyChains(id),
    ]);
    return {
      ...m,
      history: events,
      reminder: reminderFor(this.program.program, m, this.clock.now()),
      supply_chains: maps.map((x) => ({
        product: x.product,
        nodes: x.map.nodes.length,
        tiers: Math.max(...x.map.nodes.map((n) => n.tier)),
        nexus: x.nexus.length,
        checked_at: x.checkedAt,
      })),
    };
  }

  async list(filter: { tenant: string | null; status?: string | undefined }) {
    return this.store.trusted.list(filter);
  }

  /** An action on a member: review steps by officers, responses by the applicant. */
  async act(id: string, actor: string, input: ActionInput, by: ActingAs): Promise<Member> {
    const m = await this.get(id, by.kind === 'applicant' ? by.tenant : null);
    const applicantAction = APPLICANT_ACTIONS.has(input.action);
    if (by.kind === 'applicant' && !applicantAction)
      throw new Problem('FORBIDDEN', `${input.action} is an officer's action`, 'headers.authorization');
    if (by.kind === 'officer' && applicantAction)
      throw new Problem(
        'FORBIDDEN',
        `${input.action} is the applicant's action, taken with its own key`,
        'headers.authorization',
      );
    const at = this.clock.now();
    const eligibility =
      input.action === 'respond' || input.action === 'certify'
        ? checkEligibility(this.program.program, { ...m.answers, ...(input.answers ?? {}) }, at.slice(0, 10))
        : undefined;
    const { member, event } = applyAction(this.program.program, m, input, {
      at,
      actor,
      ...(eligibility ? { eligibility } : {}),
    });
    await this.save(m, member, [event]);
    return member;
  }

  private async save(before: Member, after: Member, events: readonly MemberEvent[]): Promise<void> {
    if (!(await this.store.trusted.update(after, before.version, events)))
      throw new Problem('TT_CONFLICT', `member ${before.id} was changed meanwhile: read it again`, 'id');
    if (this.refreshOnChange) await this.refresh();
  }

  private requirementOf(requirement: string) {
    const req = this.program.program.requirements.find((r) => r.id === requirement);
    if (!req)
      throw new Problem(
        'TT_REQUIREMENT_UNKNOWN',
        `the program has no requirement ${requirement} (${this.program.program.requirements.map((r) => r.id).join(', ')})`,
        'requirement',
      );
    return req;
  }

  /**
   * The member submits evidence documents for a requirement (documents in the paperless store).
   * `tenant`: the applicant's (over HTTP, its filer key's: another tenant's member is not found);
   * null for the operator (the CLI and the simulator).
   */
  async submitEvidence(
    id: string,
    requirement: string,
    body: { documents?: unknown; note?: unknown },
    actor: string,
    tenant: string | null,
  ): Promise<Member> {
    const m = await this.get(id, tenant);
    this.requirementOf(requirement);
    const docs = z.array(z.string().min(1).max(64)).min(1).max(50).safeParse(body.documents);
    if (!docs.success)
      throw new Problem(
        'TT_EVIDENCE_INVALID',
        `documents: a list of document ids (doc_…) uploaded with POST /v1/trusted-traders/${m.id}/documents`,
        'documents',
      );
    const mine = new Set((await this.store.documents.list(m.id)).map((d) => d.id));
    for (const [i, d] of docs.data.entries()) {
      if (!mine.has(d))
        throw new Problem(
          'DOCUMENT_NOT_FOUND',
          `no document ${d} among the member's (upload with POST /v1/trusted-traders/${m.id}/documents)`,
          `documents[${i}]`,
        );
    }
    if (m.status === 'removed' || m.status === 'denied')
      throw new Problem('TT_TRANSITION_INVALID', `a ${m.status} member submits no evidence`, 'status');
    const prev = m.requirements[requirement] ?? { status: 'open', evidence: [] };
    const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : undefined;
    const state: RequirementState = {
      status: 'submitted',
      evidence: [...new Set([...prev.evidence, ...docs.data])],
      ...(note ? { note } : {}),
    };
    return this.setRequirement(m, requirement, state, actor, 'evidence', null, { documents: docs.data });
  }

  /** A requirement's new state written with its event (evidence submitted, or a verdict). */
  private async setRequirement(
    m: Member,
    requirement: string,
    state: RequirementState,
    actor: string,
    action: 'evidence' | 'verdict',
    reason: string | null,
    details: Record<string, unknown>,
  ): Promise<Member> {
    const at = state.reviewed_at ?? this.clock.now();
    const after: Member = {
      ...m,
      requirements: { ...m.requirements, [requirement]: state },
      updated_at: at,
      version: m.version + 1,
    };
    await this.save(m, after, [
      {
        member: m.id,
        at,
        actor,
        action,
        from: m.status,
        to: m.status,
        reason,
        details: { requirement, ...details },
      },
    ]);
    return after;
  }

  /** An officer's verdict on a requirement's evidence. */
  async verdict(
    id: string,
    requirement: string,
    body: { verdict?: unknown; note?: unknown },
    officer: string,
  ): Promise<Member> {
    const m = await this.get(id, null);
    const req = this.requirementOf(requirement);
    if (body.verdict !== 'accepted' && body.verdict !== 'rejected')
      throw new Problem('TT_EVIDENCE_INVALID', 'verdict: accepted or rejected', 'verdict');
    const prev = m.requirements[requirement];
    if (!prev || prev.status === 'open')
      throw new Problem(
        'TT_TRANSITION_INVALID',
        `no evidence was submitted for ${requirement}`,
        'requirement',
      );
    if (
      body.verdict === 'accepted' &&
      req.supply_chain_map &&
      (await this.store.trusted.supplyChains(id)).length === 0
    )
      throw new Problem(
        'TT_REQUIREMENTS_UNMET',
        `${requirement} is shown by a supply-chain map: the member has none`,
        'requirement',
      );
    const at = this.clock.now();
    const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : undefined;
    const state: RequirementState = {
      ...prev,
      status: body.verdict,
      reviewer: officer,
      reviewed_at: at,
      ...(note ? { verdict_note: note } : {}),
    };
    return this.setRequirement(m, requirement, state, officer, 'verdict', note ?? null, {
      verdict: body.verdict,
    });
  }

  /** Self-assessments due or overdue today, soonest first. */
  async reminders(tenant: string | null): Promise<Reminder[]> {
    const today = this.clock.now();
    return (await this.store.trusted.list({ tenant }))
      .map((m) => reminderFor(this.program.program, m, today))
      .filter((r): r is Reminder => r !== null)
      .sort((a, b) => a.days_left - b.days_left);
  }

  private listVersions(): string[] {
    if (!this.screening.isReady()) return [];
    return this.screening.current().versions.map((v) => `${v.dataset}@${v.sha256.slice(0, 12)}`);
  }

  private check(map: SupplyChain) {
    if (!this.screening.isReady())
      throw new Problem(
        'REFDATA_NOT_READY',
        'no watch lists are loaded: the nexus check needs them',
        'lists',
      );
    return nexusCheck(map, { ...this.nexus(), screen: (q) => this.screening.screen(q).matches });
  }

  /**
   * Stores a member's map for a product: checked (a cycle is refused), every node resolved to a
   * party of the registry as the applicant's tenant sees it (a new entity when none it may see is
   * known), the nexus checked across every tier.
   * `tenant`: the applicant's (over HTTP, its filer key's); null for the operator (CLI, simulator).
   */
  async putSupplyChain(
    id: string,
    product: string,
    body: unknown,
    tenant: string | null,
  ): Promise<StoredSupplyChain> {
    const m = await this.get(id, tenant);
    const { map, warnings } = parseSupplyChain({ ...(body as object), product });
    // Checked before any node becomes a registry party: without lists nothing is stored.
    const nexus = this.check(map);
    // Resolved as the applicant may see the registry, whoever stores the map (the operator too):
    // the map is the applicant's to read, and a node tells it of no entity it may not see.
    const nodes = this.registry ? await this.registry.entitiesFor(map.nodes.map(nodeParty), m.tenant) : null;
    const withEntities: SupplyChain = nodes
      ? { ...map, nodes: map.nodes.map((n, i) => (nodes[i] ? { ...n, entity: nodes[i] } : n)) }
      : map;
    const at = this.clock.now();
    const row: StoredSupplyChain = {
      member: m.id,
      product: map.product,
      map: withEntities,
      warnings,
      nexus,
      checkedAt: at,
      lists: this.listVersions(),
      updatedAt: at,
    };
    await this.store.trusted.putSupplyChain(row);
    this.keepMap(row);
    return row;
  }

  async supplyChain(id: string, product: string, tenant: string | null): Promise<StoredSupplyChain> {
    await this.get(id, tenant);
    const row = await this.store.trusted.supplyChain(id, product);
    if (!row)
      throw new Problem('SUPPLY_CHAIN_NOT_FOUND', `member ${id} has no map for ${product}`, 'product');
    return row;
  }

  /** Every stored map checked again (a list changed): how many were checked and how many changed. */
  async recheckAll(): Promise<{ checked: number; changed: number }> {
    if (!this.screening.isReady()) return { checked: 0, changed: 0 };
    let changed = 0;
    const rows = await this.store.trusted.supplyChains();
    const at = this.clock.now();
    for (const row of rows) {
      const nexus = this.check(row.map);
      if (JSON.stringify(nexus) !== JSON.stringify(row.nexus)) changed++;
      const next = { ...row, nexus, checkedAt: at, lists: this.listVersions() };
      await this.store.trusted.putSupplyChain(next);
      this.keepMap(next);
    }
    return { checked: rows.length, changed };
  }

  /** What an applicability review or a rebuttal needs, in one document. */
  async evidencePack(id: string, product: string, tenant: string | null) {
    const m = await this.get(id, tenant);
    const chain = await this.supplyChain(id, product, tenant);
    const cited = new Set(Object.values(m.requirements).flatMap((r) => r.evidence));
    const documents = (await this.store.documents.list(m.id))
      .filter((d) => cited.has(d.id))
      .map((d) => ({ id: d.id, type: d.docType, name: d.filename, sha256: d.sha256, size: d.size }));
    return {
      generated_at: this.clock.now(),
      program: this.program.program.name,
      program_version: this.program.program.version,
      member: {
        id: m.id,
        company: m.company,
        status: m.status,
        certified_at: m.certified_at,
        validated_at: m.validated_at,
      },
      product: chain.product,
      hts: chain.map.hts ?? null,
      supply_chain: chain.map,
      warnings: chain.warnings,
      nexus: {
        checked_at: chain.checkedAt,
        lists: chain.lists,
        findings: chain.nexus,
        clean: chain.nexus.length === 0,
      },
      requirements: this.program.program.requirements.map((r) => ({
        id: r.id,
        title: r.title,
        ...(m.requirements[r.id] ?? { status: 'open', evidence: [] }),
      })),
      documents,
    };
  }
}

const nodeParty = (n: SupplyChain['nodes'][number]) => ({
  name: n.name,
  country: n.country.toUpperCase(),
  ...(n.address?.city ? { city: n.address.city } : {}),
  ...(n.identifiers ? { identifiers: n.identifiers } : {}),
  address: n.address,
});
