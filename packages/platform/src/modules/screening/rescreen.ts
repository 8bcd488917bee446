/**
 * Re-screening: every party of every stored filing against the lists in force, an alert for each
 * hit the party did not have before. A hit is known, and raises nothing, when
 * - an earlier re-screening remembered it (same listed party, same digest), or
 * - the filing itself reported it (a SCREENING_HIT, FORCED_LABOR_LIST_HIT or
 *   SCREENING_HIT_SUPPRESSED naming one of the party's entries) and the listed party has not
 *   changed since: its lists are the versions the filing was screened with, or its digest is the
 *   one it had before the last list change.
 * So an import of lists whose entries did not change (a republished file, another list updated)
 * raises no alert for hits already reported; a new entry, or a changed one, does.
 */
import type { Finding } from '../../kernel/finding.js';
import type { Shipment } from '../../kernel/shipment.js';
import type { StoredShipment } from '../filing/index.js';
import type { ScreenMatch, ScreenQuery } from './domain/screening-index.js';
import { partyQuery } from './domain/stage.js';
import type { RememberedHit, ScreenedParty, ScreeningAlert } from './repository.js';
import type { ScreeningStore, ScreeningView } from './screening-service.js';

export interface RescreenReport {
  readonly parties: number;
  readonly alerts: number;
  readonly listsKey: string;
}

export interface RescreenDeps {
  readonly store: ScreeningStore;
  readonly view: ScreeningView;
  readonly previous: ScreeningView;
  /** The matches that stand for a party of a tenant (decisions applied). */
  readonly screen: (q: ScreenQuery, tenant: string) => ScreenMatch[];
  readonly partyKey: (q: ScreenQuery) => string;
  readonly newId: () => string;
  readonly now: () => string;
  readonly pageSize: number;
}

const HIT_CODES: ReadonlySet<string> = new Set([
  'SCREENING_HIT',
  'FORCED_LABOR_LIST_HIT',
  'SCREENING_HIT_SUPPRESSED',
]);

/** Entry ids a filing's findings reported per party index. */
function reportedHits(findings: readonly Finding[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const f of findings) {
    if (!HIT_CODES.has(f.code)) continue;
    const m = /^parties\[(\d+)\]/.exec(f.path);
    if (!m) continue;
    const i = Number(m[1]);
    const ids = out.get(i) ?? new Set<string>();
    out.set(i, ids);
    const d = f.details as { entity_id?: unknown; sources?: { entity_id?: unknown }[] } | undefined;
    if (typeof d?.entity_id === 'string') ids.add(d.entity_id);
    for (const s of Array.isArray(d?.sources) ? d.sources : []) {
      if (typeof s?.entity_id === 'string') ids.add(s.entity_id);
    }
  }
  return out;
}

export async function rescreenParties(deps: RescreenDeps): Promise<RescreenReport> {
  const { store, view, previous } = deps;
  // Only parties that have had hits are remembered: few enough to hold while the scan runs.
  const remembered = new Map<string, ScreenedParty>();
  for (let after: ScreenedParty | null = null; ;) {
    const page = await store.screening.parties(after, 5000);
    if (page.length === 0) break;
    for (const p of page) remembered.set(`${p.tenant}\u0000${p.partyKey}`, p);
    after = page[page.length - 1]!;
  }
  const sha = new Map(view.versions.map((v) => [v.dataset, v.sha256]));
  /** Whether the filing reported this listed party and it has not changed since. */
  const reportedUnchanged = (s: StoredShipment, ids: ReadonlySet<string> | undefined, m: ScreenMatch) => {
    if (!ids || !m.sources.some((x) => ids.has(x.id))) return false;
    const screenedWith = new Map(s.versions.map((v) => [v.dataset, v.sha256]));
    if (m.sources.every((x) => screenedWith.get(x.list) === sha.get(x.list))) return true;
    const before = previous.partyHash.get(m.entry.id);
    return before !== undefined && before === view.partyHash.get(m.entry.id);
  };
  const seen = new Set<string>();
  let parties = 0;
  let alerts = 0;
  let after: string | null = null;
  for (;;) {
    const page = await store.shipments.page(after, deps.pageSize);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const found: ScreeningAlert[] = [];
    const changed: ScreenedParty[] = [];
    for (const s of page) {
      const reported = reportedHits(s.findings);
      ((s.shipment as Shipment).parties ?? []).forEach((p, i) => {
        const q = partyQuery(p);
        const partyKey = deps.partyKey(q);
        const key = `${s.tenant}\u0000${partyKey}`;
        if (seen.has(key)) return;
        seen.add(key);
        parties++;
        const matches = deps.screen(q, s.tenant);
        const before = remembered.get(key);
        const known = new Set((before?.hits ?? []).map((h) => `${h.entryId}\u0000${h.entryHash}`));
        const hits: RememberedHit[] = matches.map((m) => ({
          entryId: m.entry.id,
          entryHash: view.partyHash.get(m.entry.id) ?? '',
          score: m.score,
        }));
        hits.forEach((h, k) => {
          const m = matches[k]!;
          if (known.has(`${h.entryId}\u0000${h.entryHash}`)) return;
          // Remembered before consolidation: one of its entries, with that entry's digest.
          if (m.sources.some((x) => known.has(`${x.id}\u0000${view.entryHash.get(x.id) ?? ''}`))) return;
          if (!before && reportedUnchanged(s, reported.get(i), m)) return;
          found.push({
            id: deps.newId(),
            tenant: s.tenant,
            partyKey,
            party: q,
            seenIn: s.id,
            entryId: m.entry.id,
            list: m.entry.list,
            score: m.score,
            matchedName: m.matchedName,
            listsKey: view.listsKey,
            createdAt: deps.now(),
            acknowledgedAt: null,
          });
        });
        if (before || hits.length > 0) {
          changed.push({
            tenant: s.tenant,
            partyKey,
            party: q,
            seenIn: s.id,
            hits,
            listsKey: view.listsKey,
            screenedAt: deps.now(),
          });
        }
      });
    }
    await store.screening.upsertParties(changed);
    await store.screening.addAlerts(found);
    alerts += found.length;
  }
  return { parties, alerts, listsKey: view.listsKey };
}
