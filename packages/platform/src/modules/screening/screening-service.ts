import { Problem } from '../../kernel/problem.js';
import type { DataVersion } from '../reference/index.js';
import { CountryResolver } from './domain/countries.js';
import { WATCHLISTS } from './domain/entry.js';
import { EntryList } from './domain/entry-list.js';
import {
  WatchlistIndex,
  type ScreenMatch,
  type ScreenOptions,
  type ScreenQuery,
  type ScreeningThresholds,
} from './domain/screening-index.js';
import { partyCanonical, partyQuery, type ScreenOutcome, type Suppression } from './domain/stage.js';
import { isNameTableData, nameTableData, restoreNameTable, type NameTableData } from './domain/name-table.js';
import { isEntryFactsData, type EntryFactsData } from './domain/evidence.js';
import { isConsolidation, type Consolidation } from './domain/consolidate.js';
import { rescreenParties, type RescreenReport } from './rescreen.js';
import type { Shipment } from '../../kernel/shipment.js';
import {
  noArtefactCache,
  silentLogger,
  type ArtefactCache,
  type Clock,
  type Crypto,
  type IdGenerator,
  type Logger,
} from '../../kernel/ports.js';
import type { ScreeningAlert, ScreeningDecision } from './repository.js';
import type { RefdataRepository } from '../reference/index.js';
import type { ScreeningRepository } from './repository.js';
import type { ShipmentRepository } from '../filing/index.js';
import type { ReferenceService } from '../reference/index.js';

/** The repositories this service uses (the store of any database satisfies it). */
export interface ScreeningStore {
  readonly refdata: RefdataRepository;
  readonly screening: ScreeningRepository;
  readonly shipments: ShipmentRepository;
}

const LIST_SET: ReadonlySet<string> = new Set(WATCHLISTS);

/** The artefact kind of a built index's tables in the cache. */
const INDEX_ARTEFACT = 'screening-index';
/** The artefact kind of the entries' digests, by the list snapshots they were read from. */
const DIGESTS_ARTEFACT = 'screening-digests';
const ENTRY_DIGEST = /^[0-9a-f]{32}$/;

/** What the cache keeps of a built index. */
interface BuiltIndexData {
  readonly table: NameTableData;
  readonly facts: EntryFactsData;
  readonly parties: Consolidation;
}
/** Parties whose results are remembered (about 1 KB each). */
const SCREEN_CACHE_SIZE = 50_000;

/** The lists in force: an immutable index and the versions it was built from. */
export interface ScreeningView {
  readonly index: WatchlistIndex | null;
  /** One entry per list snapshot, plus the thresholds policy. */
  readonly versions: readonly DataVersion[];
  /** Digest of `versions`: which list versions a screening used. */
  readonly listsKey: string;
  /** Digest of each entry as published (a changed entry is screened afresh after a decision). */
  readonly entryHash: ReadonlyMap<string, string>;
  /**
   * Digest of each listed party (by its primary entry id): its entries' digests, in order. A party
   * whose entries or sources change is flagged again after a decision, and raises a new alert.
   */
  readonly partyHash: ReadonlyMap<string, string>;
  readonly builtAt: string;
  readonly buildMs: number;
  /** Whether the index's tables (names, facts, parties) were built here or read from the artefact cache. */
  readonly tables: 'built' | 'cached';
  /** Whether the entries' digests were computed here or read from the artefact cache. */
  readonly digests: 'computed' | 'cached';
}

export type { ScreenOutcome } from './domain/stage.js';
export type { RescreenReport } from './rescreen.js';

interface Decided extends Suppression {
  readonly entryHash: string;
}

/**
 * Screening use cases: the index over the active list snapshots (rebuilt beside the old one and
 * swapped whole), screening with officers' false-positive decisions applied, adjudication, and
 * re-screening of every party seen in a filing when a list changes.
 */
export class ScreeningService {
  private view: ScreeningView;
  /** The view before the last swap: re-screening tells unchanged parties by it. */
  private previous: ScreeningView;
  /** `tenant \0 partyKey \0 entryId` → the decision and the digest decided on. */
  private decisions = new Map<string, Decided>();
  private rebuilding: Promise<ScreeningView> | null = null;

  constructor(
    private readonly store: ScreeningStore,
    private readonly reference: ReferenceService,
    private readonly thresholds: ScreeningThresholds,
    private readonly thresholdsSha256: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly crypto: Crypto,
    private readonly log: Logger = silentLogger,
    /** Where the name table of a set of entries is kept between starts (ADR 0017). */
    private readonly artefacts: ArtefactCache = noArtefactCache,
  ) {
    this.view = this.emptyView();
    this.previous = this.view;
  }

  current(): ScreeningView {
    return this.view;
  }

  isReady(): boolean {
    return this.view.index !== null;
  }

  /**
   * Builds a new index from the active list snapshots and swaps it in; until then the previous one
   * serves. Returns the previous view (for re-screening).
   */
  async reload(): Promise<{ previous: ScreeningView; current: ScreeningView }> {
    const previous = this.view;
    const started = performance.now();
    const active = (await this.store.refdata.active()).filter((m) => LIST_SET.has(m.dataset));
    const ids: string[] = [];
    const bodies: string[] = [];
    const versions: DataVersion[] = [
      { dataset: 'screening-policy', snapshot: this.thresholds.version, sha256: this.thresholdsSha256 },
    ];
    for (const meta of active) {
      const stored = await this.store.refdata.watchlistJson(meta.id);
      for (let i = 0; i < stored.ids.length; i++) {
        ids.push(stored.ids[i]!);
        bodies.push(stored.bodies[i]!);
      }
      versions.push({ dataset: meta.dataset, snapshot: meta.id, sha256: meta.sha256 });
    }
    const entries = EntryList.fromJson(ids, bodies);
    const countries = this.reference.current().countries;
    const decisions = await this.store.screening.allDecisions();
    const digests = this.entryDigests(active, entries);
    const entryHash = new Map<string, string>();
    ids.forEach((id, i) => entryHash.set(id, digests.of[i]!));
    // The name table, the entries' facts and their consolidation are a pure function of the
    // entries (in order), the thresholds and the countries: kept under their digest, they are the
    // costliest part of the index (normalizing every name, the vocabulary's tables).
    const resolver = new CountryResolver(countries?.entries() ?? []);
    const builtKey = this.crypto.sha256(
      [
        this.thresholdsSha256,
        this.crypto.sha256(JSON.stringify(countries?.entries() ?? [])),
        ...ids.map((id) => `${id}=${entryHash.get(id)}`),
      ].join('\n'),
    );
    const n = entries.length;
    const cached =
      n > 0
        ? this.artefacts.get(INDEX_ARTEFACT, builtKey, (v): v is BuiltIndexData => {
            const d = v as Partial<BuiltIndexData> | null;
            return (
              isNameTableData(d?.table, n) && isEntryFactsData(d?.facts, n) && isConsolidation(d?.parties, n)
            );
          })
        : null;
    const index =
      n > 0
        ? new WatchlistIndex(
            entries,
            this.thresholds,
            resolver,
            cached ? { ...cached, table: restoreNameTable(cached.table) } : undefined,
          )
        : null;
    if (index && !cached) {
      const b = index.built();
      this.artefacts.put(INDEX_ARTEFACT, builtKey, { ...b, table: nameTableData(b.table) });
    }
    const partyHash = new Map<string, string>();
    if (index) {
      for (let i = 0; i < ids.length; i++) {
        if (index.parties.primaryOf[i] !== i) continue;
        const members = index.parties.members.get(i);
        partyHash.set(
          ids[i]!,
          members
            ? this.crypto
                .sha256(members.map((m) => `${ids[m]!}=${entryHash.get(ids[m]!)}`).join('\n'))
                .slice(0, 32)
            : entryHash.get(ids[i]!)!,
        );
      }
    }
    this.view = {
      index,
      versions,
      listsKey: this.crypto.sha256(JSON.stringify(versions)).slice(0, 24),
      entryHash,
      partyHash,
      builtAt: this.clock.now(),
      buildMs: Math.round(performance.now() - started),
      tables: cached ? 'cached' : 'built',
      digests: digests.from,
    };
    this.previous = previous;
    this.decisions = new Map(
      decisions.map((d) => [decisionKey(d.tenant, d.partyKey, d.entryId), decided(d)]),
    );
    return { previous, current: this.view };
  }

  /**
   * Each entry's digest (SHA-256 of its JSON, 32 hex digits), in order. A snapshot's entries never
   * change once imported, so the digests are kept in the artefact cache under the snapshots' ids
   * and file digests: hashing every entry's JSON was a sixth of the screening reload at a warm start.
   */
  private entryDigests(
    active: readonly { readonly id: string; readonly sha256: string }[],
    entries: EntryList,
  ): { of: readonly string[]; from: 'computed' | 'cached' } {
    const key = this.crypto.sha256(active.map((m) => `${m.id}=${m.sha256}`).join('\n'));
    const kept = this.artefacts.get(
      DIGESTS_ARTEFACT,
      key,
      (v): v is string[] =>
        Array.isArray(v) &&
        v.length === entries.length &&
        v.every((d) => typeof d === 'string' && ENTRY_DIGEST.test(d)),
    );
    if (kept) return { of: kept, from: 'cached' };
    const of: string[] = [];
    for (let i = 0; i < entries.length; i++) of.push(this.crypto.sha256(entries.json(i)).slice(0, 32));
    if (entries.length > 0) this.artefacts.put(DIGESTS_ARTEFACT, key, of);
    return { of, from: 'computed' };
  }

  /** A reload that callers may share (one rebuild at a time). */
  rebuild(): Promise<ScreeningView> {
    this.rebuilding ??= this.reload()
      .then((r) => r.current)
      .finally(() => {
        this.rebuilding = null;
      });
    return this.rebuilding;
  }

  partyKey(q: ScreenQuery): string {
    return this.crypto.sha256(partyCanonical(q)).slice(0, 32);
  }

  /**
   * Screens one party; `tenant` applies that tenant's false-positive decisions. A decision on a
   * listed party covers every entry that lists it; it lapses when the party's data or the listed
   * party (an entry, or the entries that list it) changes.
   */
  screen(q: ScreenQuery, opts: ScreenOptions & { tenant?: string } = {}, view = this.view): ScreenOutcome {
    const index = this.requireIndex(view);
    const all = this.cached(index, q, opts);
    if (!opts.tenant || this.decisions.size === 0 || all.length === 0)
      return { matches: all, suppressed: [] };
    const key = this.partyKey(q);
    const matches: ScreenMatch[] = [];
    const suppressed: ScreenMatch[] = [];
    const suppressions: Suppression[] = [];
    for (const m of all) {
      const d = this.decisionOn(opts.tenant, key, m, view);
      if (d) {
        suppressed.push(m);
        suppressions.push({
          decisionId: d.decisionId,
          reason: d.reason,
          officer: d.officer,
          decidedAt: d.decidedAt,
        });
      } else matches.push(m);
    }
    return { matches, suppressed, suppressions };
  }

  /** The standing decision on a match: on its party, or (made before consolidation) on one source. */
  private decisionOn(tenant: string, partyKey: string, m: ScreenMatch, view: ScreeningView): Decided | null {
    const party = view.partyHash.get(m.entry.id);
    for (const s of m.sources) {
      const d = this.decisions.get(decisionKey(tenant, partyKey, s.id));
      if (d && (d.entryHash === party || d.entryHash === view.entryHash.get(s.id))) return d;
    }
    return null;
  }

  /**
   * Index results per party, remembered while the same index serves: filings repeat their
   * sellers, manufacturers and importers. Bounded; emptied when an index is swapped in.
   */
  private cache = new Map<string, ScreenMatch[]>();
  /** The same results by the query exactly as asked: no normalizing to find a party seen before. */
  private asked = new Map<string, ScreenMatch[]>();
  private cacheIndex: WatchlistIndex | null = null;

  private cached(index: WatchlistIndex, q: ScreenQuery, opts: ScreenOptions): ScreenMatch[] {
    if (this.cacheIndex !== index) {
      this.cache = new Map();
      this.asked = new Map();
      this.cacheIndex = index;
    }
    const raw = JSON.stringify([
      opts.minScore ?? null,
      opts.limit ?? null,
      q.name,
      q.country ?? null,
      q.type ?? null,
      q.address ?? null,
      q.birthDate ?? null,
      q.identifiers ?? null,
    ]);
    let hit = this.asked.get(raw);
    if (hit !== undefined) return hit;
    const key = `${opts.minScore ?? ''}|${opts.limit ?? ''}|${partyCanonical(q)}`;
    hit = this.cache.get(key);
    if (hit === undefined) {
      hit = index.screen(q, opts);
      if (this.cache.size >= SCREEN_CACHE_SIZE) this.cache.clear();
      this.cache.set(key, hit);
    }
    if (this.asked.size >= SCREEN_CACHE_SIZE) this.asked.clear();
    this.asked.set(raw, hit);
    return hit;
  }

  /**
   * The pipeline stage's view: for a shipment party of a tenant, the matches that stand and those
   * an officer cleared (reported as suppressed, not dropped).
   */
  screenerFor(tenant: string): ((q: ScreenQuery) => ScreenOutcome) | null {
    if (!this.view.index) return null;
    return (q) => this.screen(q, { tenant });
  }

  /** Alerts raised by re-screening, newest first (a tenant's, or all with null). */
  alerts(tenant: string | null, opts: { open?: boolean; limit: number }): Promise<ScreeningAlert[]> {
    return this.store.screening.alerts(tenant, opts);
  }

  /** An officer acknowledges an open alert. */
  async acknowledge(tenant: string, id: string): Promise<void> {
    if (!(await this.store.screening.acknowledgeAlert(tenant, id, this.clock.now())))
      throw new Problem('ALERT_NOT_FOUND', `no open alert ${id} for tenant ${tenant}`, 'id');
  }

  /**
   * Records that a party does not match a listed party (named by any of its entries); it is not
   * flagged again until the party's data or the listed party changes. The decision is stored on
   * the party's primary entry and covers every entry that lists it. Prefer
   * {@link decideForShipment}: there the tenant and the party come from the filing.
   */
  async markFalsePositive(input: {
    tenant: string;
    party: ScreenQuery;
    entryId: string;
    reason: string;
    officer: string;
  }): Promise<ScreeningDecision> {
    const view = this.view;
    const sources = view.index?.sourcesOf(input.entryId) ?? null;
    const primary = sources?.[0]?.id;
    const hash = primary === undefined ? undefined : view.partyHash.get(primary);
    if (primary === undefined || hash === undefined) {
      throw new Problem(
        'SCREENING_ENTRY_UNKNOWN',
        `no list entry ${input.entryId} in the lists in force`,
        'entry_id',
      );
    }
    if (!input.reason.trim()) throw new Problem('FIELD_REQUIRED', 'a reason is required', 'reason');
    const d: ScreeningDecision = {
      id: this.ids.next('adj'),
      tenant: input.tenant,
      partyKey: this.partyKey(input.party),
      entryId: primary,
      entryHash: hash,
      decision: 'false_positive',
      reason: input.reason.trim(),
      officer: input.officer,
      createdAt: this.clock.now(),
    };
    await this.store.screening.addDecision(d);
    this.decisions.set(decisionKey(d.tenant, d.partyKey, d.entryId), decided(d));
    return d;
  }

  /**
   * An officer's false-positive decision on a party of a filing: the tenant is the filing's and
   * the party is the filing's party at `partyIndex` (never what a request body says). `scope` is
   * the tenant the caller may see (null: every tenant, as for officers); a filing outside it is
   * SHIPMENT_NOT_FOUND.
   */
  async decideForShipment(input: {
    shipmentId: string;
    partyIndex: number;
    entryId: string;
    reason: string;
    officer: string;
    scope: string | null;
  }): Promise<ScreeningDecision> {
    const s = await this.store.shipments.get(input.shipmentId, input.scope);
    if (!s) throw new Problem('SHIPMENT_NOT_FOUND', `no shipment ${input.shipmentId}`, 'shipment_id');
    const parties = (s.shipment as Shipment).parties ?? [];
    const p = Number.isInteger(input.partyIndex) ? parties[input.partyIndex] : undefined;
    if (!p) {
      throw new Problem(
        'SCREENING_PARTY_UNKNOWN',
        `shipment ${input.shipmentId} has no party at index ${input.partyIndex} (it has ${parties.length})`,
        'party_index',
      );
    }
    return this.markFalsePositive({
      tenant: s.tenant,
      party: partyQuery(p),
      entryId: input.entryId,
      reason: input.reason,
      officer: input.officer,
    });
  }

  /**
   * Screens every party of every stored filing against the lists in force and raises an alert for
   * each hit the party did not have before: not a hit remembered from an earlier re-screening, nor
   * one the filing itself reported against lists that have not changed since (rescreen.ts).
   */
  async rescreen(pageSize = 500): Promise<RescreenReport> {
    const view = this.view;
    this.requireIndex(view);
    const report = await rescreenParties({
      store: this.store,
      view,
      previous: this.previous,
      screen: (q, tenant) => this.screen(q, { tenant }, view).matches,
      partyKey: (q) => this.partyKey(q),
      newId: () => this.ids.next('alr'),
      now: () => this.clock.now(),
      pageSize,
    });
    this.log.info(
      { parties: report.parties, alerts: report.alerts, lists: view.listsKey },
      'stored parties re-screened against the lists in force',
    );
    return report;
  }

  private requireIndex(view: ScreeningView): WatchlistIndex {
    if (!view.index) {
      throw new Problem(
        'SCREENING_NOT_READY',
        'no watch list is loaded: run `tradelane refdata import --dir DIR` or `tradelane refdata sync`',
      );
    }
    return view.index;
  }

  private emptyView(): ScreeningView {
    const versions: DataVersion[] = [
      { dataset: 'screening-policy', snapshot: this.thresholds.version, sha256: this.thresholdsSha256 },
    ];
    return {
      index: null,
      versions,
      listsKey: '',
      entryHash: new Map(),
      partyHash: new Map(),
      builtAt: '',
      buildMs: 0,
      tables: 'built',
      digests: 'computed',
    };
  }
}

const decisionKey = (tenant: string, partyKey: string, entryId: string): string =>
  `${tenant}\u0000${partyKey}\u0000${entryId}`;

const decided = (d: ScreeningDecision): Decided => ({
  entryHash: d.entryHash,
  decisionId: d.id,
  reason: d.reason,
  officer: d.officer,
  decidedAt: d.createdAt,
});
