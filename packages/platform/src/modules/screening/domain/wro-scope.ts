/**
 * The scope of a Withhold Release Order or Finding, read from the order itself. CBP's list has no
 * scope column (nor has the shared compilation), so the scope is derived from what each order
 * names:
 *
 * - **entity** — the order names a producer, a group or a vessel (`entity` filled): it applies
 *   where that entity is a party, in a party's ownership chain or in a mapped supply chain;
 * - **region** — no producer, and the merchandise names an area narrower than the country ("…in
 *   the Xinjiang region", "…in eastern DRC", "…from the Marange Diamond Fields"): it applies to
 *   those goods with a nexus in that area;
 * - **product** — no producer and no area: the country's goods of that kind ("All Turkmenistan
 *   cotton…", "Tobacco from Malawi…"), wherever they were made into something else.
 */

export const WRO_SCOPES = ['entity', 'region', 'product'] as const;
export type WroScope = (typeof WRO_SCOPES)[number];

export interface WroScopeFacts {
  readonly scope: WroScope;
  /** The area a region order names, as it names it ("Xinjiang", "eastern DRC"). */
  readonly region?: string;
  /** How the scope was read, for the officer and the audit. */
  readonly basis: string;
}

/** "…in the Xinjiang region", "…in Xinjiang Province": a capitalized place before an area word. */
const AREA_WORD =
  /\b(?:in|from|of)\s+(?:the\s+)?((?:\p{Lu}[\p{L}'-]*\s+){0,3}?\p{Lu}[\p{L}'-]*)\s+(?:[Aa]utonomous\s+)?(?:[Rr]egion|[Pp]rovince|[Pp]refecture|[Dd]istrict|[Ss]tate|[Tt]erritory|[Aa]rea|[Zz]one)\b/u;
/** "…from the Marange Diamond Fields": a named mining or growing area. */
const NAMED_AREA =
  /\b(?:in|from)\s+the\s+((?:\p{Lu}[\p{L}'-]*\s+){0,3}(?:Fields?|Mines?|Basin|Valley|Belt|Highlands|Plateau))\b/u;
/** "…in eastern DRC": a compass part of a country ("South Africa" is a country, "southern Africa" a part). */
const COMPASS_PART =
  /\b((?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:-?(?:east|west))?ern\s+\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){0,4})/u;

/**
 * The scope of one order: the file's own `scope` (and `region`) columns when it has them, else
 * read from its entity and merchandise text. A string names what is wrong with the columns.
 */
export function wroScope(order: {
  readonly entity: string;
  readonly merchandise: string;
  readonly scope?: string | undefined;
  readonly region?: string | undefined;
}): WroScopeFacts | string {
  const given = (order.scope ?? '').trim().toLowerCase();
  if (given !== '') {
    if (!(WRO_SCOPES as readonly string[]).includes(given))
      return `scope must be entity, region or product, not ${JSON.stringify(order.scope)}`;
    const region = (order.region ?? '').trim();
    if (given === 'region' && region === '') return 'a region order names its region (region column)';
    if (given === 'entity' && order.entity.trim() === '') return 'an entity order names its entity';
    return {
      scope: given as WroScope,
      ...(given === 'region' ? { region } : {}),
      basis: 'the scope column',
    };
  }
  if (order.entity.trim() !== '')
    return { scope: 'entity', basis: 'the order names a producer (entity column)' };
  const text = order.merchandise;
  const area = AREA_WORD.exec(text) ?? NAMED_AREA.exec(text);
  if (area)
    return {
      scope: 'region',
      region: area[1]!.trim(),
      basis: `no producer; the merchandise names an area: "${area[0].trim()}"`,
    };
  const part = COMPASS_PART.exec(text);
  if (part)
    return {
      scope: 'region',
      region: part[1]!.trim(),
      basis: `no producer; the merchandise names part of the country: "${part[1]!.trim()}"`,
    };
  return {
    scope: 'product',
    basis: "no producer and no area narrower than the country: the country's goods of that kind",
  };
}

/** The entry's extra fields for an order's scope (`scope`, `scope_basis`, `region`), or what is wrong. */
export function wroScopeFields(order: Parameters<typeof wroScope>[0]): Record<string, string> | string {
  const f = wroScope(order);
  if (typeof f === 'string') return f;
  return { scope: f.scope, scope_basis: f.basis, ...(f.region ? { region: f.region } : {}) };
}

/**
 * The entities an entity order names, one name each: the file's `entity` cell often names several
 * ("A Co.; B Co.", "Group X: A; B", "A Corp. subsidiaries: B; C") with remarks in parentheses —
 * "(XPCC)", "(YTY Group)" are other names of the entity; "(also known as A; B)" too; "(and its
 * subsidiaries…)", "(fishing vessel)", "(coffee farm, Chiapas)" describe it and are left out. A
 * parenthesis inside a name ("Select (Nantong) Safety Products") stays part of it.
 */
export function wroEntityNames(entity: string): { name: string; kind: 'primary' | 'alias' | 'weak' }[] {
  const names: string[] = [];
  const weak: string[] = [];
  let text = entity.trim();
  // A trailing remark in parentheses (possibly cut off at the end of the cell).
  for (let m = /\s*\(([^()]*)\)?\s*$/.exec(text); m && m.index > 0; m = /\s*\(([^()]*)\)?\s*$/.exec(text)) {
    const remark = m[1]!.trim();
    text = text.slice(0, m.index).trim();
    const aka = /^(?:also known as|a\.?k\.?a\.?|formerly(?: known as)?|f\.?k\.?a\.?)\s+(.*)$/i.exec(remark);
    if (aka) names.push(...aka[1]!.split(/;\s*/));
    else if (/^\p{Lu}/u.test(remark) && !/\b(?:vessel|farm|subsidiar|owned|flag)/i.test(remark)) {
      (/^[\p{Lu}\d&-]{2,8}$/u.test(remark) ? weak : names).push(remark);
    }
  }
  text = text.replace(/,?\s+(?:and\s+)?(?:its|their) (?:subsidiaries|affiliates)\b.*$/i, '').trim();
  // "Group X: A; B" and "A Corp. subsidiaries: B; C": the group (or parent) and each member.
  const [head, members] = /^([^:]+):\s*(.+)$/.exec(text)?.slice(1) ?? [text, ''];
  const first = head!.replace(/\s+subsidiaries$/i, '').trim();
  const out = [first, ...(members ? members.split(/;\s*/) : []), ...names]
    .flatMap((n) => n.split(/;\s*/))
    .map((n) => n.trim().replace(/[.,;]+$/, (x) => (x.startsWith('.') ? '.' : '')))
    .filter((n) => n.length > 1);
  const seen = new Set<string>();
  const result: { name: string; kind: 'primary' | 'alias' | 'weak' }[] = [];
  for (const [i, n] of out.entries()) {
    const key = n.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ name: n, kind: i === 0 ? 'primary' : 'alias' });
  }
  for (const w of weak) if (!seen.has(w.toLowerCase())) result.push({ name: w, kind: 'weak' });
  return result;
}
