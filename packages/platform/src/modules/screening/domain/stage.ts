/** The screening stage: every party of a shipment against the watch lists. */
import { z } from 'zod';
import type { Finding } from '../../../kernel/finding.js';
import type { Party, ShapeCode, Shipment } from '../../../kernel/shipment.js';
import { FORCED_LABOR_LISTS } from './entry.js';
import type { ScreenMatch, ScreenQuery } from './screening-index.js';

/** What the screener is asked about a shipment party. */
export function partyQuery(p: Party): ScreenQuery {
  const a = p.address;
  const address = a ? [a.street, a.city, a.state, a.postal_code].filter(Boolean).join(', ') : '';
  return {
    name: p.name,
    ...(a?.country ? { country: a.country } : {}),
    ...(address ? { address } : {}),
    ...(p.identifiers?.length ? { identifiers: p.identifiers.map((i) => i.value) } : {}),
  };
}

/** The canonical text of a party's screened data: equal texts, equal parties (for adjudication). */
export function partyCanonical(q: ScreenQuery): string {
  const norm = (s: string | undefined) =>
    (s ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
  return JSON.stringify([
    norm(q.name),
    norm(q.country),
    q.type ?? '',
    norm(q.address),
    q.birthDate ?? '',
    [...(q.identifiers ?? [])].map(norm).sort(),
  ]);
}

/** An officer's decision that suppressed a match (see ScreeningService). */
export interface Suppression {
  readonly decisionId: string;
  readonly reason: string;
  readonly officer: string;
  readonly decidedAt: string;
}

/** What screening a party gives: the matches that stand, and those an officer cleared. */
export interface ScreenOutcome {
  readonly matches: ScreenMatch[];
  /** Matches an officer marked as false positives for this party (same data, same listed party). */
  readonly suppressed: ScreenMatch[];
  /** The decision behind each suppressed match, in the same order. */
  readonly suppressions?: readonly Suppression[];
}

/**
 * A match as it leaves the engine (API, CLI, findings): one listed party. `list`, `source_id` and
 * `entity_id` are the primary publisher's entry; `sources` names every entry that lists the party.
 */
export function matchJson(m: ScreenMatch) {
  const e = m.entry;
  return {
    list: e.list,
    ...(e.subList ? { sub_list: e.subList } : {}),
    source_id: e.sourceId,
    entity_id: e.id,
    name: e.names[0]?.name ?? '',
    matched_name: m.matchedName,
    ...(m.matchedEntry.id !== e.id ? { matched_entity_id: m.matchedEntry.id } : {}),
    name_kind: m.nameKind,
    type: e.type,
    programs: e.programs,
    sources: m.sources.map((x) => ({
      list: x.list,
      source_id: x.sourceId,
      ...(x.subList ? { sub_list: x.subList } : {}),
      entity_id: x.id,
    })),
    score: m.score,
    threshold: m.threshold,
    explanation: m.explanation,
  };
}

/**
 * Findings for the hits on each party: SCREENING_HIT for denied-party lists, FORCED_LABOR_LIST_HIT
 * for the UFLPA Entity List and Withhold Release Orders. Warnings: a hit routes the shipment to an
 * officer (the lane decides), it does not make the filing malformed. A hit an officer cleared as
 * a false positive is reported as SCREENING_HIT_SUPPRESSED (info), with the decision: it is not
 * hidden, and it does not route the shipment.
 */
export function screeningFindings(
  s: Shipment,
  screen: (q: ScreenQuery) => ScreenOutcome | ScreenMatch[],
): Finding[] {
  const out: Finding[] = [];
  s.parties.forEach((p, i) => {
    // A bare list of matches (a screen without decisions) is an outcome with nothing suppressed.
    const got = screen(partyQuery(p));
    const r: ScreenOutcome = Array.isArray(got) ? { matches: got, suppressed: [] } : got;
    const via = (m: ScreenMatch) =>
      m.sources.length > 1
        ? ` (${m.sources.length} list entries: ${m.sources.map((x) => x.id).join(', ')})`
        : '';
    for (const m of r.matches) {
      const forced = FORCED_LABOR_LISTS.has(m.entry.list);
      out.push({
        code: forced ? 'FORCED_LABOR_LIST_HIT' : 'SCREENING_HIT',
        severity: 'warning',
        path: `parties[${i}].name`,
        message: `${p.role} "${p.name}" matches ${m.entry.list} entry "${m.matchedName}" (${m.entry.id}, score ${m.score})${via(m)}`,
        details: matchJson(m),
      });
    }
    r.suppressed.forEach((m, k) => {
      const d = r.suppressions?.[k];
      out.push({
        code: 'SCREENING_HIT_SUPPRESSED',
        severity: 'info',
        path: `parties[${i}].name`,
        message: `${p.role} "${p.name}" matches ${m.entry.list} entry "${m.matchedName}" (${m.entry.id}, score ${m.score}), cleared as a false positive${d ? ` by decision ${d.decisionId}: ${d.reason}` : ''}`,
        details: {
          ...matchJson(m),
          suppressed: true,
          ...(d
            ? {
                decision: { id: d.decisionId, reason: d.reason, officer: d.officer, decided_at: d.decidedAt },
              }
            : {}),
        },
      });
    });
  });
  return out;
}

/** A list hit on a parent of the entity a party resolved to. */
export interface ParentHit {
  readonly entityId: string;
  readonly parentId: string;
  readonly parentName: string | null;
  readonly link: 'direct_parent' | 'ultimate_parent';
  readonly matches: readonly ScreenMatch[];
}

/**
 * Ownership signals: a party whose registry entity has a parent on a list gets PARENT_LIST_HIT (a
 * list hit on a parent is a signal on its subsidiaries).
 */
export function ownershipFindings(s: Shipment, parentHits: (p: Party) => readonly ParentHit[]): Finding[] {
  const out: Finding[] = [];
  s.parties.forEach((p, i) => {
    for (const h of parentHits(p)) {
      const top = h.matches[0]!;
      out.push({
        code: 'PARENT_LIST_HIT',
        severity: 'warning',
        path: `parties[${i}].name`,
        message: `${p.role} "${p.name}" (${h.entityId}) has a ${h.link.replace('_', ' ')} ${h.parentName ? `"${h.parentName}" ` : ''}(${h.parentId}) that matches ${top.entry.list} entry "${top.matchedName}" (score ${top.score})`,
        details: {
          entity_id: h.entityId,
          parent_id: h.parentId,
          link: h.link,
          matches: h.matches.map(matchJson),
        },
      });
    }
  });
  return out;
}

export const ENTRY_TYPES = ['person', 'organization', 'vessel', 'aircraft', 'unknown'] as const;

/**
 * A party to screen, as the API and `tradelane screen` take it. Names up to 10,000 characters are
 * accepted (only the first 400 are matched); identifiers are free text (passport, tax id, LEI…).
 */
export const ScreenPartySchema = z.object({
  id: z.union([z.string().max(200), z.number()]).optional(),
  name: z.string().max(10_000),
  country: z.string().max(100).optional(),
  type: z.enum(ENTRY_TYPES).optional(),
  address: z.string().max(2_000).optional(),
  birth_date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
    .optional(),
  identifiers: z.array(z.string().max(100)).max(20).optional(),
});
export type ScreenParty = z.infer<typeof ScreenPartySchema>;

export type PartyParse =
  | { readonly ok: true; readonly id: string | number | undefined; readonly query: ScreenQuery }
  | {
      readonly ok: false;
      readonly id?: string | number;
      readonly code: ShapeCode | 'DATE_INVALID';
      readonly path: string;
      readonly message: string;
    };

/** Checks a party to screen; an empty name is FIELD_REQUIRED, other shape errors as in filings. */
export function parseScreenParty(value: unknown): PartyParse {
  const r = ScreenPartySchema.safeParse(value);
  const id =
    value &&
    typeof value === 'object' &&
    'id' in value &&
    (typeof value.id === 'string' || typeof value.id === 'number')
      ? value.id
      : undefined;
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.map(String).join('.');
    const code =
      i.code === 'invalid_type' && (value as Record<string, unknown> | null)?.[path] === undefined
        ? 'FIELD_REQUIRED'
        : i.code === 'too_big'
          ? 'LENGTH_INVALID'
          : i.code === 'invalid_value'
            ? 'ENUM_INVALID'
            : i.code === 'invalid_format'
              ? 'DATE_INVALID'
              : 'TYPE_INVALID';
    return { ok: false, ...(id !== undefined ? { id } : {}), code, path, message: i.message };
  }
  const p = r.data;
  if (!p.name.trim())
    return {
      ok: false,
      ...(id !== undefined ? { id } : {}),
      code: 'FIELD_REQUIRED',
      path: 'name',
      message: 'name is empty',
    };
  return {
    ok: true,
    id: p.id,
    query: {
      name: p.name,
      ...(p.country ? { country: p.country } : {}),
      ...(p.type ? { type: p.type } : {}),
      ...(p.address ? { address: p.address } : {}),
      ...(p.birth_date ? { birthDate: p.birth_date } : {}),
      ...(p.identifiers?.length ? { identifiers: p.identifiers } : {}),
    },
  };
}
