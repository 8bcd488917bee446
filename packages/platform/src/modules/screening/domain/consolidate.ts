/**
 * Consolidation: which list entries are one listed party. The CSL republishes OFAC, BIS and State
 * lists; the UN list and OFAC's name many of the same people and groups. Screening reports a
 * party once, with every entry that lists it (`sources`), the primary publisher's first.
 *
 * Links, from the most to the least certain (docs/screening.md gives the measured counts):
 * - `csl-entity-number`: a CSL row of a Treasury list carries OFAC's entity number.
 * - `dpl-order`: the Denied Persons List has one row per address of an order: rows with one name
 *   and one effective date are one party.
 * - `csl-dpl-name`: a CSL copy of the Denied Persons List has the DPL's name and effective date.
 * - `csl-same-name`: a row of another CSL list (Entity List, ISN, MEU…) has, as its own name, the
 *   name of one OFAC or UN party of a compatible type, and they share a country.
 * - `un-identifier`: a UN entry and an OFAC entry share a document number and a name word.
 * - `un-name-birth`: a UN person and an OFAC person share a whole name and a birth year.
 * - `un-name`: a UN organization's name is an OFAC organization's name, and no other's.
 * A link is refused when it is ambiguous (two candidates) or would put two entries of one list
 * into one party (the DPL's and the CSL's rows excepted: they list a party once per address).
 */
import type { WatchlistEntry } from './entry.js';
import { normalizeName } from './normalize.js';

/** Primary publisher first: OFAC over the CSL's copy, OFAC over the UN for a U.S. single window. */
export const LIST_PRIORITY: readonly string[] = [
  'ofac-sdn',
  'ofac-cons',
  'bis-dpl',
  'un-sc',
  'csl',
  'uflpa',
  'cbp-wro',
];

export type LinkRule =
  | 'csl-entity-number'
  | 'dpl-order'
  | 'csl-dpl-name'
  | 'csl-same-name'
  | 'un-identifier'
  | 'un-name-birth'
  | 'un-name';

export interface Link {
  readonly rule: LinkRule;
  readonly from: string;
  readonly to: string;
}

export interface Consolidation {
  /** Per entry index: the index of its party's primary entry (itself when alone). */
  readonly primaryOf: Int32Array;
  /** Per primary entry index with other entries: every member, primary first. */
  readonly members: ReadonlyMap<number, readonly number[]>;
  readonly links: readonly Link[];
  /** Links refused: ambiguous candidates or two entries of one list in one party. */
  readonly refused: number;
}

/** Whether a value is a consolidation of `entries` entries (a cached one is checked). */
export function isConsolidation(v: unknown, entries: number): v is Consolidation {
  const c = v as Partial<Consolidation> | null;
  return (
    c?.primaryOf instanceof Int32Array &&
    c.primaryOf.length === entries &&
    c.primaryOf.every((p) => p >= 0 && p < entries) &&
    c.members instanceof Map &&
    Array.isArray(c.links) &&
    typeof c.refused === 'number'
  );
}

/** Lists that are forced-labor signals stay apart: their hits are other findings. */
const APART: ReadonlySet<string> = new Set(['uflpa', 'cbp-wro']);
const OFAC: ReadonlySet<string> = new Set(['ofac-sdn', 'ofac-cons']);
/** Lists that may hold several rows of one party. */
const REPEATING: ReadonlySet<string> = new Set(['bis-dpl', 'csl']);

type Tokenize = (name: string) => readonly string[];
const defaultTokenize: Tokenize = (name) => normalizeName(name).tokens;
/** A country as published (name or code) to its ISO code, or null. */
type ResolveCountry = (c: string | undefined) => string | null;
const codeOnly: ResolveCountry = (c) => (c && /^[A-Z]{2}$/.test(c.trim()) ? c.trim() : null);
const idKey = (v: string): string => v.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
/** A name specific enough to link on: two words, or one of six letters or more. */
const specific = (key: string): boolean => key.includes(' ') || key.length >= 6;

/**
 * The parties of `entries`. `tokenize` is the name normalization (the index passes its own, which
 * remembers the names it has read); `resolveCountry` reads published countries as ISO codes.
 */
export function consolidate(
  entries: readonly WatchlistEntry[],
  tokenize: Tokenize = defaultTokenize,
  resolveCountry: ResolveCountry = codeOnly,
): Consolidation {
  const nameKey = (name: string): string => tokenize(name).slice().sort().join(' ');
  /** The keys of a name: as written, and without what it adds in brackets ("… (FDLR)"). */
  const nameKeys = (name: string): string[] => {
    const bare = name.replace(/\([^)]*\)/g, ' ').trim();
    return bare && bare !== name ? [nameKey(name), nameKey(bare)] : [nameKey(name)];
  };
  const index = new Map<string, number>();
  entries.forEach((e, i) => index.set(e.id, i));
  const parent = Int32Array.from(entries, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  /** Lists present in each root's party. */
  const listsOf = new Map<number, Set<string>>();
  const lists = (root: number): Set<string> => {
    let s = listsOf.get(root);
    if (!s) {
      s = new Set([entries[root]!.list]);
      listsOf.set(root, s);
    }
    return s;
  };
  const links: Link[] = [];
  let refused = 0;
  const link = (a: number, b: number, rule: LinkRule): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const la = lists(ra);
    const lb = lists(rb);
    for (const l of lb) {
      if (la.has(l) && !REPEATING.has(l)) {
        refused++;
        return;
      }
    }
    parent[rb] = ra;
    for (const l of lb) la.add(l);
    listsOf.delete(rb);
    links.push({ rule, from: entries[b]!.id, to: entries[a]!.id });
  };

  // Each entry's name keys and words, computed once.
  const keysOf = memo(entries.length, (i) => {
    const keys = new Set<string>();
    for (const n of entries[i]!.names) if (n.kind !== 'weak') for (const k of nameKeys(n.name)) keys.add(k);
    return keys;
  });
  const countriesOf = memo(entries.length, (i) => {
    const e = entries[i]!;
    const out = new Set<string>();
    for (const c of [...e.countries, ...e.addresses.map((a) => a.country)]) {
      const code = resolveCountry(c);
      if (code) out.add(code);
    }
    return out;
  });
  const wordsOf = memo(
    entries.length,
    (i) => new Set([...keysOf(i)].flatMap((k) => k.split(' ')).filter((t) => t.length > 2)),
  );
  // OFAC names and identifiers, and the DPL's names, for the lookups below.
  const ofacByName = new Map<string, Set<number>>();
  const ofacById = new Map<string, Set<number>>();
  const dplByName = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (OFAC.has(e.list)) {
      for (const k of keysOf(i)) if (specific(k)) addTo(ofacByName, k, i);
      for (const id of e.identifiers) {
        const k = idKey(id.value);
        if (k.length >= 6) addTo(ofacById, k, i);
      }
    } else if (e.list === 'bis-dpl') {
      const k = nameKey(e.names[0]?.name ?? '');
      if (k) (dplByName.get(k) ?? dplByName.set(k, []).get(k)!).push(i);
    }
  });

  // One DPL order, one party: its rows share the name and the effective date.
  for (const rows of dplByName.values()) {
    const byDate = new Map<string, number>();
    for (const i of rows) {
      const date = entries[i]!.listedOn ?? '';
      const first = byDate.get(date);
      if (first === undefined) byDate.set(date, i);
      else link(first, i, 'dpl-order');
    }
  }
  // Parties other CSL rows may be another listing of: OFAC and UN entries by their primary name.
  const primaryByName = new Map<string, Set<number>>();
  entries.forEach((e, i) => {
    if (!OFAC.has(e.list) && e.list !== 'un-sc') return;
    const k = nameKey(e.names[0]?.name ?? '');
    if (k.includes(' ')) addTo(primaryByName, k, i);
  });

  const unLinks: { target: number; from: number; rule: LinkRule; strength: number }[] = [];
  entries.forEach((e, i) => {
    if (APART.has(e.list)) return;
    if (e.list === 'csl') {
      // Treasury rows carry OFAC's entity number (older snapshots: it is their CSL id).
      const num =
        e.extra?.entity_number ??
        (/Treasury/i.test(e.subList ?? '') && /^\d+$/.test(e.sourceId) ? e.sourceId : undefined);
      if (num) {
        const target = index.get(`ofac-sdn:${num}`) ?? index.get(`ofac-cons:${num}`);
        if (target !== undefined) link(target, i, 'csl-entity-number');
        return;
      }
      if (/Denied Persons/i.test(e.subList ?? '')) {
        const same = (dplByName.get(nameKey(e.names[0]?.name ?? '')) ?? []).filter(
          (d) => entries[d]!.listedOn === e.listedOn,
        );
        // Rows of one order are one party already: any of them will do.
        if (same.length > 0) link(same[0]!, i, 'csl-dpl-name');
        return;
      }
      const same = sameNamed(entries, i, primaryByName.get(nameKey(e.names[0]?.name ?? '')), countriesOf);
      if (same === 'ambiguous') refused++;
      else if (same !== null) link(same, i, 'csl-same-name');
      return;
    }
    if (e.list !== 'un-sc') return;
    const best = unCandidate(entries, i, keysOf, wordsOf, nameKeys, ofacByName, ofacById);
    if (best === 'ambiguous') refused++;
    else if (best) unLinks.push({ ...best, from: i });
  });
  // The UN entries that share most names with their OFAC entry link first: when OFAC folds two
  // UN listings into one entry (AL-QAIDA and EGYPTIAN ISLAMIC JIHAD), the closer one is its party.
  unLinks.sort((a, b) => b.strength - a.strength || a.from - b.from);
  for (const l of unLinks) link(l.target, l.from, l.rule);

  const primaryOf = new Int32Array(entries.length);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const members = new Map<number, readonly number[]>();
  const rank = (i: number): number => {
    const p = LIST_PRIORITY.indexOf(entries[i]!.list);
    return p < 0 ? LIST_PRIORITY.length : p;
  };
  for (const g of groups.values()) {
    g.sort((a, b) => rank(a) - rank(b) || a - b);
    for (const i of g) primaryOf[i] = g[0]!;
    if (g.length > 1) members.set(g[0]!, g);
  }
  return { primaryOf, members, links, refused };
}

function addTo(m: Map<string, Set<number>>, k: string, v: number): void {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
}

/**
 * The one OFAC or UN party whose primary name is a CSL row's own name, of a compatible type, with
 * a country in common (the CSL writes ISO codes, OFAC and the UN country names).
 */
function sameNamed(
  entries: readonly WatchlistEntry[],
  i: number,
  candidates: ReadonlySet<number> | undefined,
  countriesOf: (i: number) => ReadonlySet<string>,
): number | 'ambiguous' | null {
  if (!candidates) return null;
  const e = entries[i]!;
  const mine = countriesOf(i);
  if (mine.size === 0) return null;
  const fits = [...candidates].filter((j) => {
    const o = entries[j]!;
    if (e.type !== 'unknown' && o.type !== 'unknown' && e.type !== o.type) return false;
    for (const c of countriesOf(j)) if (mine.has(c)) return true;
    return false;
  });
  return fits.length === 1 ? fits[0]! : fits.length > 1 ? 'ambiguous' : null;
}

function memo<T>(n: number, make: (i: number) => T): (i: number) => T {
  const cache = new Array<T | undefined>(n);
  return (i) => (cache[i] ??= make(i));
}

/**
 * The OFAC entry a UN entry is, by the strongest rule that names exactly one; `strength` is the
 * number of names they share.
 */
function unCandidate(
  entries: readonly WatchlistEntry[],
  ui: number,
  keysOf: (i: number) => ReadonlySet<string>,
  wordsOf: (i: number) => ReadonlySet<string>,
  nameKeys: (name: string) => string[],
  byName: ReadonlyMap<string, ReadonlySet<number>>,
  byId: ReadonlyMap<string, ReadonlySet<number>>,
): { target: number; rule: LinkRule; strength: number } | 'ambiguous' | null {
  const u = entries[ui]!;
  const sameType = (i: number) => entries[i]!.type === u.type;
  const words = wordsOf(ui);
  const keys = keysOf(ui);
  const strength = (i: number) => [...keysOf(i)].filter((k) => keys.has(k)).length;
  const pick = (s: ReadonlySet<number>, rule: LinkRule) => {
    if (s.size > 1) return 'ambiguous' as const;
    const [target] = s;
    return target === undefined ? null : { target, rule, strength: strength(target) };
  };
  const byIdentifier = new Set<number>();
  for (const id of u.identifiers) {
    const k = idKey(id.value);
    if (k.length < 6) continue;
    for (const i of byId.get(k) ?? []) {
      if (!sameType(i)) continue;
      for (const w of wordsOf(i)) {
        if (words.has(w)) {
          byIdentifier.add(i);
          break;
        }
      }
    }
  }
  const viaId = pick(byIdentifier, 'un-identifier');
  if (viaId) return viaId;
  const byNames = new Set<number>();
  for (const k of keys) for (const i of byName.get(k) ?? []) if (sameType(i)) byNames.add(i);
  if (u.type === 'person') {
    const years = new Set(u.birthDates.map((d) => d.slice(0, 4)));
    const born = new Set(
      [...byNames].filter((i) => entries[i]!.birthDates.some((d) => years.has(d.slice(0, 4)))),
    );
    return pick(born, 'un-name-birth');
  }
  // An organization: its primary name must be one of the candidate's names.
  const primary = nameKeys(u.names[0]?.name ?? '').filter(specific);
  const named = new Set([...byNames].filter((i) => primary.some((k) => keysOf(i).has(k))));
  return pick(named, 'un-name');
}
