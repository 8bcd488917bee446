/**
 * The party registry's model and the resolver: each incoming party becomes an existing entity (by
 * identifier first, then by name, address and country) or a new one, with a confidence and the
 * reasons. Names are compared with the screening engine's normalization and word similarity.
 */
import { normalizeName } from '../screening/normalize.js';
import { tokenScore } from '../screening/score.js';
import { keyedSimilarity, phoneticOf } from '../screening/score.js';

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
function blockingUnits(t: readonly string[]): string[] {
  const out = new Set(t);
  for (const w of t) {
    const k = phoneticOf(w);
    if (k) out.add(`~${k}`);
  }
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

const nameKey = (country: string, tokens: readonly string[]): string =>
  `${country}|${[...tokens].sort().join(' ')}`;

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
  private readonly byIdentifier = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly byWord = new Map<string, number[]>();
  private readonly index = new Map<string, number>();

  /** Work done: resolutions that needed the similar-name search, and names compared there. */
  readonly counters = { fuzzy: 0, compared: 0 };

  get size(): number {
    return this.index.size;
  }

  /** Adds or replaces an entity (merged entities are not added: their identifiers point to the survivor). */
  add(e: RegistryEntity): void {
    if (e.mergedInto) return;
    let at = this.index.get(e.id);
    const norm = normalizeName(e.name).tokens;
    const country = (e.address.country ?? '').toUpperCase();
    if (at === undefined) {
      at = this.ids.length;
      this.ids.push(e.id);
      this.tokens.push(norm);
      this.keys.push(norm.map(phoneticOf));
      this.countries.push(country);
      this.cities.push(cityKey(e.address.city));
      this.index.set(e.id, at);
    }
    for (const id of e.identifiers) this.byIdentifier.set(identifierKey(id), at);
    for (const n of [e.name, ...e.otherNames]) {
      const t = normalizeName(n).tokens;
      if (t.length === 0) continue;
      const key = nameKey(country, t);
      if (!this.byName.has(key)) this.byName.set(key, at);
      for (const unit of blockingUnits(t)) {
        const k = `${country}|${unit}`;
        const list = this.byWord.get(k);
        if (list) {
          if (list[list.length - 1] !== at) list.push(at);
        } else this.byWord.set(k, [at]);
      }
    }
  }

  /** Points an identifier at another entity (after a merge or a split). */
  reassign(identifier: EntityIdentifier, entityId: string): void {
    const at = this.index.get(entityId);
    if (at !== undefined) this.byIdentifier.set(identifierKey(identifier), at);
  }

  resolve(p: ResolveInput): Resolution {
    const q = normalizeName(p.name).tokens;
    const country = (p.country ?? '').toUpperCase();
    const city = cityKey(p.city);
    // 1. A declared identifier that the registry knows decides.
    for (const id of p.identifiers ?? []) {
      const at = this.byIdentifier.get(identifierKey(id));
      if (at === undefined) continue;
      const sim = q.length > 0 ? this.similarity(q, q.map(phoneticOf), at) : 0;
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
    // 2. The same normalized name in the same country.
    const exact = this.byName.get(nameKey(country, q));
    if (exact !== undefined) {
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
    const shared = this.shared;
    shared.clear();
    // The rarest words and word pairs block: their lists together at most MAX_BLOCK long (the
    // rarest always, unless even it is on more than MAX_COMMON names).
    const lists = blockingUnits(q)
      .map((w) => ({
        letters: w.length - (w.startsWith('~') || w.includes(' ') ? 1 : 0),
        list: this.byWord.get(`${country}|${w}`) ?? [],
      }))
      .filter((x) => x.list.length > 0 && x.list.length <= MAX_COMMON)
      .sort((a, b) => a.list.length - b.list.length);
    let reach = 0;
    for (const { letters, list } of lists) {
      if (reach > 0 && reach + list.length > MAX_BLOCK) break;
      reach += list.length;
      for (const at of list) shared.set(at, (shared.get(at) ?? 0) + letters);
    }
    let best = -1;
    let bestSim = 0;
    this.counters.fuzzy++;
    for (const [at, letters] of shared) {
      if (letters < total * 0.4) continue;
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

  private readonly shared = new Map<number, number>();

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

function cityKey(city: string | undefined): string {
  return city ? normalizeName(city).tokens.join(' ') : '';
}
