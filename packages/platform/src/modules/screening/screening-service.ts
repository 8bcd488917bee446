import { Problem } from '../../kernel/problem.js';
import type { DataVersion } from '../reference/index.js';
import { CountryResolver } from './domain/countries.js';
import { WATCHLISTS, type WatchlistEntry } from './domain/entry.js';
import {
  WatchlistIndex,
  type ScreenMatch,
  type ScreenOptions,
  type ScreenQuery,
  type ScreeningThresholds,
} from './domain/screening-index.js';
import { partyCanonical, partyQuery } from './domain/stage.js';
import type { Shipment } from '../../kernel/shipment.js';
import { silentLogger, type Clock, type Crypto, type IdGenerator, type Logger } from '../../kernel/ports.js';
import type { ScreenedParty, ScreeningAlert, ScreeningDecision } from './repository.js';
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
  readonly builtAt: string;
  readonly buildMs: number;
}

export interface ScreenOutcome {
  readonly matches: ScreenMatch[];
  /** Matches an officer marked as false positives for this party (same data, same entry). */
  readonly suppressed: ScreenMatch[];
}

export interface RescreenReport {
  readonly parties: number;
  readonly alerts: number;
  readonly listsKey: string;
}

/**
 * Screening use cases: the index over the active list snapshots (rebuilt beside the old one and
 * swapped whole), screening with officers' false-positive decisions applied, adjudication, and
 * re-screening of every party seen in a filing when a list changes.
 */
export class ScreeningService {
  private view: ScreeningView;
  /** `tenant \0 partyKey \0 entryId` → entry digest decided on. */
  private decisions = new Map<string, string>();
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
  ) {
    this.view = this.emptyView();
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
    const entries: WatchlistEntry[] = [];
    const versions: DataVersion[] = [
      { dataset: 'screening-policy', snapshot: this.thresholds.version, sha256: this.thresholdsSha256 },
    ];
    for (const meta of active) {
      entries.push(...(await this.store.refdata.watchlistEntries(meta.id)));
      versions.push({ dataset: meta.dataset, snapshot: meta.id, sha256: meta.sha256 });
    }
    const countries = this.reference.current().countries;
    const decisions = await this.store.screening.allDecisions();
    const index =
      entries.length > 0
        ? new WatchlistIndex(entries, this.thresholds, new CountryResolver(countries?.entries() ?? []))
        : null;
    const entryHash = new Map<string, string>();
    for (const e of entries) entryHash.set(e.id, this.crypto.sha256(JSON.stringify(e)).slice(0, 32));
    this.view = {
      index,
      versions,
      listsKey: this.crypto.sha256(JSON.stringify(versions)).slice(0, 24),
      entryHash,
      builtAt: this.clock.now(),
      buildMs: Math.round(performance.now() - started),
    };
    this.decisions = new Map(
      decisions.map((d) => [decisionKey(d.tenant, d.partyKey, d.entryId), d.entryHash]),
    );
    return { previous, current: this.view };
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

  /** Screens one party; `tenant` applies that tenant's false-positive decisions. */
  screen(q: ScreenQuery, opts: ScreenOptions & { tenant?: string } = {}, view = this.view): ScreenOutcome {
    const index = this.requireIndex(view);
    const all = this.cached(index, q, opts);
    if (!opts.tenant || this.decisions.size === 0 || all.length === 0)
      return { matches: all, suppressed: [] };
    const key = this.partyKey(q);
    const matches: ScreenMatch[] = [];
    const suppressed: ScreenMatch[] = [];
    for (const m of all) {
      const decided = this.decisions.get(decisionKey(opts.tenant, key, m.entry.id));
      if (decided !== undefined && decided === view.entryHash.get(m.entry.id)) suppressed.push(m);
      else matches.push(m);
    }
    return { matches, suppressed };
  }

  /**
   * Index results per party, remembered while the same index serves: filings repeat their
   * sellers, manufacturers and importers. Bounded; emptied when an index is swapped in.
   */
  private cache = new Map<string, ScreenMatch[]>();
  private cacheIndex: WatchlistIndex | null = null;

  private cached(index: WatchlistIndex, q: ScreenQuery, opts: ScreenOptions): ScreenMatch[] {
    if (this.cacheIndex !== index) {
      this.cache = new Map();
      this.cacheIndex = index;
    }
    const key = `${opts.minScore ?? ''}|${opts.limit ?? ''}|${partyCanonical(q)}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = index.screen(q, opts);
      if (this.cache.size >= SCREEN_CACHE_SIZE) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** The pipeline stage's view: the matches that stand for a shipment party of a tenant. */
  screenerFor(tenant: string): ((q: ScreenQuery) => ScreenMatch[]) | null {
    if (!this.view.index) return null;
    return (q) => this.screen(q, { tenant }).matches;
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

  /** Records that a party does not match a list entry; it is not flagged again until either changes. */
  async markFalsePositive(input: {
    tenant: string;
    party: ScreenQuery;
    entryId: string;
    reason: string;
    officer: string;
  }): Promise<ScreeningDecision> {
    const hash = this.view.entryHash.get(input.entryId);
    if (hash === undefined) {
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
      entryId: input.entryId,
      entryHash: hash,
      decision: 'false_positive',
      reason: input.reason.trim(),
      officer: input.officer,
      createdAt: this.clock.now(),
    };
    await this.store.screening.addDecision(d);
    this.decisions.set(decisionKey(d.tenant, d.partyKey, d.entryId), d.entryHash);
    return d;
  }

  /**
   * Screens every party of every stored filing against the lists in force and raises an alert for
   * each hit the party did not have before (a new entry, or an entry that changed). The previous
   * hits are remembered per party, so that a rerun raises nothing twice.
   */
  async rescreen(pageSize = 500): Promise<RescreenReport> {
    const view = this.view;
    this.requireIndex(view);
    // Only parties that have had hits are remembered: few enough to hold while the scan runs.
    const remembered = new Map<string, ScreenedParty>();
    for (let after: ScreenedParty | null = null; ;) {
      const page = await this.store.screening.parties(after, 5000);
      if (page.length === 0) break;
      for (const p of page) remembered.set(`${p.tenant}\u0000${p.partyKey}`, p);
      after = page[page.length - 1]!;
    }
    const seen = new Set<string>();
    let parties = 0;
    let alerts = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.store.shipments.page(after, pageSize);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      const found: ScreeningAlert[] = [];
      const changed: ScreenedParty[] = [];
      for (const s of page) {
        for (const p of (s.shipment as Shipment).parties ?? []) {
          const q = partyQuery(p);
          const partyKey = this.partyKey(q);
          const key = `${s.tenant}\u0000${partyKey}`;
          if (seen.has(key)) continue;
          seen.add(key);
          parties++;
          const { matches } = this.screen(q, { tenant: s.tenant }, view);
          const before = remembered.get(key);
          const known = new Set((before?.hits ?? []).map((h) => `${h.entryId}\u0000${h.entryHash}`));
          const hits = matches.map((m) => ({
            entryId: m.entry.id,
            entryHash: view.entryHash.get(m.entry.id) ?? '',
            score: m.score,
          }));
          for (const [i, h] of hits.entries()) {
            if (known.has(`${h.entryId}\u0000${h.entryHash}`)) continue;
            const m = matches[i]!;
            found.push({
              id: this.ids.next('alr'),
              tenant: s.tenant,
              partyKey,
              party: q,
              seenIn: s.id,
              entryId: m.entry.id,
              list: m.entry.list,
              score: m.score,
              matchedName: m.matchedName,
              listsKey: view.listsKey,
              createdAt: this.clock.now(),
              acknowledgedAt: null,
            });
          }
          if (before || hits.length > 0) {
            changed.push({
              tenant: s.tenant,
              partyKey,
              party: q,
              seenIn: s.id,
              hits,
              listsKey: view.listsKey,
              screenedAt: this.clock.now(),
            });
          }
        }
      }
      await this.store.screening.upsertParties(changed);
      await this.store.screening.addAlerts(found);
      alerts += found.length;
    }
    this.log.info(
      { parties, alerts, lists: view.listsKey },
      'stored parties re-screened against the lists in force',
    );
    return { parties, alerts, listsKey: view.listsKey };
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
      builtAt: '',
      buildMs: 0,
    };
  }
}

const decisionKey = (tenant: string, partyKey: string, entryId: string): string =>
  `${tenant}\u0000${partyKey}\u0000${entryId}`;
