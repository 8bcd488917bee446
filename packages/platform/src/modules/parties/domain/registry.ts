/**
 * The party registry's model and the resolver: each incoming party becomes an existing entity (by
 * identifier first, then by name, address and country) or a new one, with a confidence and the
 * reasons. Names are compared with the screening engine's normalization and word similarity.
 */
import { normalizeName } from '../../screening/index.js';
import { tokenScore } from '../../screening/index.js';
import { keyedSimilarity, phoneticOf } from '../../screening/index.js';

export interface EntityAddress {
  readonly lines?: readonly string[];
  readonly city?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface EntityIdentifier {
  /** LEI, DUNS, GLN, EORI, EIN, CBP, MID, … (upper case). */
  readonly scheme: string;
  readonly value: string;
}

export type LinkType = 'direct_parent' | 'ultimate_parent';

export interface EntityLink {
  readonly child: string;
  readonly parent: string;
  readonly type: LinkType;
  /** Where the link comes from (gleif, officer). */
  readonly source: string;
  readonly since?: string;
}

export interface RegistryEntity {
  readonly id: string;
  readonly name: string;
  readonly otherNames: readonly string[];
  readonly address: EntityAddress;
  readonly identifiers: readonly EntityIdentifier[];
  /** gleif, filing, officer. */
  readonly source: string;
  /** When merged into another entity: that entity's id. */
  readonly mergedInto?: string | null;
}

export interface ResolveInput {
  readonly name: string;
  readonly country?: string | undefined;
  readonly city?: string | undefined;
  readonly identifiers?: readonly EntityIdentifier[] | undefined;
}

export interface Resolution {
  /** The entity the party is; null when it is none of the known ones (a new entity). */
  readonly entityId: string | null;
  readonly confidence: number;
  readonly method: 'identifier' | 'name' | 'new' | 'unresolvable';
  readonly reasons: readonly string[];
}

/** How many names the blocking words may reach together (common words do not tell entities apart). */
const MAX_BLOCK = 64;
/** A word or pair on more names than this in a country never blocks alone. */
const MAX_COMMON = 256;

/**
 * Blocking units of a name: its words, their consonant skeletons (a misspelt vowel keeps it), and
 * its neighbouring word pairs (in sorted order).
 */
function blockingUnits(t: readonly string[], keys: readonly string[]): string[] {
  const out = new Set(t);
  for (const k of keys) if (k) out.add(`~${k}`);
  for (let i = 0; i + 1 < t.length; i++) {
    const a = t[i]!;
    const b = t[i + 1]!;
    out.add(a < b ? `${a} ${b}` : `${b} ${a}`);
  }
  return [...out];
}

/** Name similarity at or above which two parties in the same country are one entity. */
export const SAME_ENTITY = 0.92;

export const identifierKey = (id: EntityIdentifier): string =>
  `${id.scheme.toUpperCase()}:${id.value.replace(/[\s.-]/g, '').toUpperCase()}`;

/**
 * What makes a party filed for the first time the same new entity in every process: its declared
 * identifiers (the smallest key of them), else its normalized name (words sorted) and country —
 * what resolution itself matches exactly. Null: nothing identifies the party.
 */
export function creationKey(p: ResolveInput): string | null {
  const ids = (p.identifiers ?? []).map(identifierKey).sort();
  if (ids.length > 0) return `id|${ids[0]}`;
  const tokens = normalizeName(p.name).tokens;
  if (tokens.length === 0) return null;
  return `name|${(p.country ?? '').toUpperCase()}|${[...tokens].sort().join(' ')}`;
}

/**
 * A 53-bit hash of a key (two FNV-1a variants): the in-memory tables key numbers, not strings, so
 * that a million entities do not keep millions of key strings alive. For 10^6 keys the chance of any
 * collision is about 10^-4; a collision merges two blocking lists (harmless) or, for exact names,
 * is caught by comparing the entity's own name.
 */
function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

const nameKey = (country: string, tokens: readonly string[]): number =>
  hash53(`${country}|${[...tokens].sort().join(' ')}`);

/**
 * Blocking lists of a million entities without a million-entry map: (unit hash, entity) pairs are
 * appended while the registry loads, then bucketed once by hash (counting sort into typed arrays).
 * Entities added afterwards (filings, merges) go to a small overlay map.
 */
class BlockingTable {
  private pendHash = new Float64Array(1 << 16);
  private pendAt = new Int32Array(1 << 16);
  private pend = 0;
  private frozen = false;
  private mask = 0;
  private start = new Int32Array(1);
  private hashes = new Float64Array(0);
  private ats = new Int32Array(0);
  private readonly overlay = new Map<number, number[]>();

  add(h: number, at: number): void {
    if (this.frozen) {
      const list = this.overlay.get(h);
      if (list) list.push(at);
      else this.overlay.set(h, [at]);
      return;
    }
    if (this.pend === this.pendHash.length) {
      const hs = new Float64Array(this.pend * 2);
      hs.set(this.pendHash);
      this.pendHash = hs;
      const as = new Int32Array(this.pend * 2);
      as.set(this.pendAt);
      this.pendAt = as;
    }
    this.pendHash[this.pend] = h;
    this.pendAt[this.pend++] = at;
  }

  private freeze(): void {
    let bits = 10;
    while (1 << bits < this.pend && bits < 24) bits++;
    const size = 1 << bits;
    this.mask = size - 1;
    this.start = new Int32Array(size + 1);
    for (let i = 0; i < this.pend; i++) this.start[(this.pendHash[i]! % size) + 1]!++;
    for (let b = 0; b < size; b++) this.start[b + 1]! += this.start[b]!;
    const fill = this.start.slice(0, size);
    this.hashes = new Float64Array(this.pend);
    this.ats = new Int32Array(this.pend);
    for (let i = 0; i < this.pend; i++) {
      const at = fill[this.pendHash[i]! % size]!++;
      this.hashes[at] = this.pendHash[i]!;
      this.ats[at] = this.pendAt[i]!;
    }
    this.pendHash = new Float64Array(0);
    this.pendAt = new Int32Array(0);
    this.pend = 0;
    this.frozen = true;
  }

  /** The entities of a unit, at most `limit + 1` of them (more than `limit` means: too common). */
  get(h: number, limit: number): number[] {
    if (!this.frozen) this.freeze();
    const out: number[] = [];
    const b = h % (this.mask + 1);
    for (let i = this.start[b]!, end = this.start[b + 1]!; i < end && out.length <= limit; i++) {
      if (this.hashes[i] === h) out.push(this.ats[i]!);
    }
    for (const at of this.overlay.get(h) ?? []) {
      if (out.length > limit) break;
      out.push(at);
    }
    return out;
  }
}

/**
 * The registry in memory, for resolution: identifiers, exact normalized names per country, and the
 * words of the names per country (fuzzy candidates through the rarest shared word).
 */
export class PartyResolver {
  private readonly ids: string[] = [];
  private readonly tokens: (readonly string[])[] = [];
  /** Phonetic keys of each entity's words (see phoneticOf), computed once. */
  private readonly keys: (readonly string[])[] = [];
  private readonly countries: string[] = [];
  private readonly cities: string[] = [];
  /** Whether each entity's record is public (GLEIF's): every caller may be told of it. */
  private readonly open: boolean[] = [];
  private readonly byIdentifier = new Map<string, number>();
  private readonly byName = new Map<number, number>();
  private readonly byWord = new BlockingTable();
  private readonly index = new Map<string, number>();

  /** Work done: resolutions that needed the similar-name search, and names compared there. */
  readonly counters = { fuzzy: 0, compared: 0 };

  get size(): number {
    return this.index.size;
  }

  /** Whether an entity of this id was added. */
  has(entityId: string): boolean {
    return this.index.has(entityId);
  }

  /** Whether an identifier is on an entity (points to one). */
  knows(identifier: EntityIdentifier): boolean {
    return this.byIdentifier.has(identifierKey(identifier));
  }

  /**
   * Adds or replaces an entity (merged entities are not added: their identifiers point to the
   * survivor). `mergedIn`: for a public (GLEIF) record, the names officers' merges brought to it
   * (`mergedInNames`); they resolve to it only for callers that may see it (see `resolve`).
   */
  add(e: RegistryEntity, mergedIn?: ReadonlySet<string>): void {
    if (e.mergedInto) return;
    let at = this.index.get(e.id);
    const norm = normalizeName(e.name).tokens;
    const country = (e.address.country ?? '').toUpperCase();
    const open = isPublic(e);
    if (at === undefined) {
      at = this.ids.length;
      this.ids.push(e.id);
      this.tokens.push(norm);
      this.keys.push(norm.map(phoneticOf));
      this.countries.push(country);
      this.cities.push(cityKey(e.address.city));
      this.open.push(open);
      this.index.set(e.id, at);
    }
    for (const id of e.identifiers) this.byIdentifier.set(identifierKey(id), at);
    // Each name key and blocking unit is kept with the entity's position, or, when it comes only
    // from a name that a merge brought to a public record (not the record's own), with its
    // complement (~at, negative): the name steps reach a public entity through such a key only for
    // a caller that may see it. A key or unit that one of the record's own names has too is public.
    const units = new Map<number, number>();
    for (const n of [e.name, ...e.otherNames]) {
      const ref: number = open && n !== e.name && mergedIn?.has(n) ? ~at : at;
      const t = n === e.name ? norm : normalizeName(n).tokens;
      if (t.length === 0) continue;
      const key = nameKey(country, t);
      const had = this.byName.get(key);
      if (had === undefined || (had === ~at && ref === at)) this.byName.set(key, ref);
      const keys = n === e.name ? this.keys[at]! : t.map(phoneticOf);
      for (const unit of blockingUnits(t, keys)) {
        const h = hash53(`${country}|${unit}`);
        if ((units.get(h) ?? -1) < 0) units.set(h, ref);
      }
    }
    for (const [h, ref] of units) this.byWord.add(h, ref);
  }

  /**
   * After a merge: the absorbed entity's place stands for the survivor, its names now names a
   * merge brought to the survivor (reached only by callers that may see the survivor, as `add`
   * with `mergedIn` has them once the registry is loaded again). Without it, resolution by those
   * names kept answering the merged id until a restart. Its identifiers are `reassign`ed apart.
   */
  absorb(absorbedId: string, survivorId: string): void {
    const at = this.index.get(absorbedId);
    if (at === undefined || absorbedId === survivorId) return;
    this.ids[at] = survivorId;
    this.open[at] = false;
  }

  /** Points an identifier at another entity (after a merge or a split). */
  reassign(identifier: EntityIdentifier, entityId: string): void {
    const at = this.index.get(entityId);
    if (at !== undefined) this.byIdentifier.set(identifierKey(identifier), at);
  }

  /**
   * Which entity a party is. `visible`, when given, is asked of every entity that is not public
   * (GLEIF's) before it is considered: one it refuses is passed over as if it were not in the
   * registry — not matched, not the closest name in the reason of a new one — so that a filer is
   * told nothing of entities known only from other tenants' filings.
   */
  resolve(p: ResolveInput, visible?: (entityId: string) => boolean): Resolution {
    const seen = (at: number) => !visible || this.open[at]! || visible(this.ids[at]!);
    const q = normalizeName(p.name).tokens;
    const country = (p.country ?? '').toUpperCase();
    const city = cityKey(p.city);
    // 1. A declared identifier that the registry knows decides.
    for (const id of p.identifiers ?? []) {
      const at = this.byIdentifier.get(identifierKey(id));
      // A public entity's own identifiers are GLEIF's (LEI, BIC); any other came with a merge.
      if (at === undefined) continue;
      if (
        visible &&
        !(this.open[at]! && PUBLIC_SCHEMES.has(id.scheme.toUpperCase())) &&
        !visible(this.ids[at]!)
      )
        continue;
      const sim =
        q.length === 0 ? 0 : sameWords(q, this.tokens[at]!) ? 1 : this.similarity(q, q.map(phoneticOf), at);
      const reasons = [`${id.scheme.toUpperCase()} ${id.value} is on the entity`];
      if (sim < SAME_ENTITY) reasons.push(`but the name differs (similarity ${sim.toFixed(2)})`);
      return {
        entityId: this.ids[at]!,
        confidence: sim >= SAME_ENTITY ? 1 : 0.9,
        method: 'identifier',
        reasons,
      };
    }
    if (q.length === 0) {
      return {
        entityId: null,
        confidence: 0,
        method: 'unresolvable',
        reasons: ['the name has no identifying word and no known identifier was given'],
      };
    }
    // 2. The same normalized name in the same country (through a name a merge brought to a public
    // record: only for a caller that may see the record).
    const hit = this.byName.get(nameKey(country, q));
    const exact = hit === undefined ? -1 : hit < 0 ? ~hit : hit;
    if (
      exact >= 0 &&
      this.countries[exact] === country &&
      (hit! >= 0 ? seen(exact) : !visible || visible(this.ids[exact]!))
    ) {
      const sameCity = city !== '' && this.cities[exact] === city;
      return {
        entityId: this.ids[exact]!,
        confidence: sameCity ? 0.98 : 0.95,
        method: 'name',
        reasons: [`same name in ${country || 'no country'}`, ...(sameCity ? [`same city ${p.city}`] : [])],
      };
    }
    // 3. A similar name in the same country: blocking on the rarest words it shares exactly.
    // Entities sharing 40 % of the query's letters through them are compared.
    const qk = q.map(phoneticOf);
    const total = q.reduce((n, w) => n + w.length, 0);
    // A map of its own for each query, not one kept and cleared: V8 gives a cleared map a new table
    // that the old one points to, and once a kept map's table has reached the old generation each
    // query's tables were carried there after it, to wait for a full collection (ADR 0042).
    const shared = new Map<number, number>();
    // The rarest words and word pairs block: their lists together at most MAX_BLOCK long (the
    // rarest always, unless even it is on more than MAX_COMMON names).
    const lists = blockingUnits(q, qk)
      .map((w) => ({
        letters: w.length - (w.startsWith('~') || w.includes(' ') ? 1 : 0),
        list: this.byWord.get(hash53(`${country}|${w}`), MAX_COMMON),
      }))
      .filter((x) => x.list.length > 0 && x.list.length <= MAX_COMMON)
      .sort((a, b) => a.list.length - b.list.length);
    let reach = 0;
    for (const { letters, list } of lists) {
      if (reach > 0 && reach + list.length > MAX_BLOCK) break;
      reach += list.length;
      for (const ref of list) {
        // A unit only of names a merge brought to a public record counts for a caller that may see it.
        if (ref < 0 && visible && !visible(this.ids[~ref]!)) continue;
        const at = ref < 0 ? ~ref : ref;
        shared.set(at, (shared.get(at) ?? 0) + letters);
      }
    }
    let best = -1;
    let bestSim = 0;
    this.counters.fuzzy++;
    for (const [at, letters] of shared) {
      if (letters < total * 0.4 || !seen(at)) continue;
      this.counters.compared++;
      const s = this.similarity(q, qk, at) + (city !== '' && this.cities[at] === city ? 0.02 : 0);
      if (s > bestSim) {
        bestSim = s;
        best = at;
      }
    }
    if (best >= 0 && bestSim >= SAME_ENTITY) {
      return {
        entityId: this.ids[best]!,
        confidence: Math.min(0.95, Math.round(bestSim * 1000) / 1000),
        method: 'name',
        reasons: [
          `similar name in ${country || 'no country'} (similarity ${Math.min(1, bestSim).toFixed(2)})`,
        ],
      };
    }
    return {
      entityId: null,
      confidence: best >= 0 ? Math.round((1 - bestSim) * 1000) / 1000 : 1,
      method: 'new',
      reasons: [
        best >= 0
          ? `closest known entity too different (similarity ${bestSim.toFixed(2)})`
          : 'no similar name in this country',
      ],
    };
  }

  private similarity(q: readonly string[], qk: readonly string[], at: number): number {
    const c = this.tokens[at]!;
    const ck = this.keys[at]!;
    return tokenScore(
      q,
      c.length,
      (j) => c[j]!,
      (i, j) => keyedSimilarity(q[i]!, qk[i]!, c[j]!, ck[j]!),
    );
  }
}

/** An entity whose record is public: GLEIF's LEI records (any caller may see and resolve to it). */
export const isPublic = (e: Pick<RegistryEntity, 'source'>): boolean => e.source === 'gleif';

/**
 * The names officers' merges brought to each surviving entity, from merge audit records (each
 * names its survivor and the absorbed entity as it was): every absorbed entity's name and other
 * names. What is left of a public record's names is its own (GLEIF's legal and other names); a
 * GLEIF name that a merge also brought counts as brought (left out for filers).
 */
export function mergedInNames(
  audit: readonly { readonly action: string; readonly details: Readonly<Record<string, unknown>> }[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of audit) {
    const d = a.details as { survivor?: unknown; absorbed_entity?: Partial<RegistryEntity> };
    if (a.action !== 'merge' || typeof d.survivor !== 'string' || !d.absorbed_entity) continue;
    let names = out.get(d.survivor);
    if (!names) out.set(d.survivor, (names = new Set()));
    if (d.absorbed_entity.name) names.add(d.absorbed_entity.name);
    for (const n of d.absorbed_entity.otherNames ?? []) names.add(n);
  }
  return out;
}

/** The identifiers a public record carries (GLEIF: the LEI and the BICs). */
export const PUBLIC_SCHEMES: ReadonlySet<string> = new Set(['LEI', 'BIC']);

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cityKey(city: string | undefined): string {
  return city ? normalizeName(city).tokens.join(' ') : '';
}
