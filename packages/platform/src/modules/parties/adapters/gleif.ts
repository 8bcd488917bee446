/**
 * GLEIF API JSON (JSON:API) to registry entities and ownership links: level 1 `lei-records` (one or
 * a list) and level 2 `relationship-records` (IS_DIRECTLY_CONSOLIDATED_BY,
 * IS_ULTIMATELY_CONSOLIDATED_BY). A record without its LEI or legal name fails with REFDATA_FORMAT
 * naming the file and the JSON path.
 */
import { Problem } from '../../../kernel/problem.js';
import type { EntityLink, RegistryEntity } from '../domain/registry.js';

type Json = Record<string, unknown>;

const fail = (file: string, path: string, message: string): Problem =>
  new Problem('REFDATA_FORMAT', `${file}: ${path}: ${message}`, path, { file });

const obj = (v: unknown): Json | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

export const gleifEntityId = (lei: string): string => `lei:${lei}`;

export interface GleifParsed {
  readonly entities: RegistryEntity[];
  readonly links: EntityLink[];
  /** The golden-copy publication date when the file states it. */
  readonly asOf?: string;
}

export function parseGleifJson(text: string, file: string): GleifParsed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fail(file, '$', `not JSON: ${(e as Error).message}`);
  }
  const root = obj(doc);
  if (!root || !('data' in root)) throw fail(file, '$', 'not a GLEIF API response (no "data")');
  const asOf = str(obj(obj(root.meta)?.goldenCopy)?.publishDate)?.slice(0, 10);
  const records = Array.isArray(root.data) ? root.data : [root.data];
  const entities: RegistryEntity[] = [];
  const links: EntityLink[] = [];
  records.forEach((r, i) => {
    const at = Array.isArray(root.data) ? `$.data[${i}]` : '$.data';
    const rec = obj(r);
    if (!rec) throw fail(file, at, 'record is not an object');
    const attrs = obj(rec.attributes);
    if (!attrs) throw fail(file, `${at}.attributes`, 'missing');
    if (rec.type === 'lei-records') entities.push(entityOf(attrs, file, at));
    else if (rec.type === 'relationship-records') {
      const link = linkOf(attrs, file, at);
      if (link) links.push(link);
    } else throw fail(file, `${at}.type`, `unknown record type ${JSON.stringify(rec.type)}`);
  });
  return { entities, links, ...(asOf ? { asOf } : {}) };
}

function entityOf(attrs: Json, file: string, at: string): RegistryEntity {
  const lei = str(attrs.lei);
  if (!lei) throw fail(file, `${at}.attributes.lei`, 'missing');
  const entity = obj(attrs.entity);
  if (!entity) throw fail(file, `${at}.attributes.entity`, 'missing');
  const name = str(obj(entity.legalName)?.name);
  if (!name) throw fail(file, `${at}.attributes.entity.legalName.name`, 'missing');
  const addr = obj(entity.legalAddress) ?? obj(entity.headquartersAddress) ?? {};
  const others = [
    ...(Array.isArray(entity.otherNames) ? entity.otherNames : []),
    ...(Array.isArray(entity.transliteratedOtherNames) ? entity.transliteratedOtherNames : []),
  ]
    .map((n) => str(obj(n)?.name))
    .filter((n): n is string => n !== undefined);
  const lines = Array.isArray(addr.addressLines)
    ? addr.addressLines.map(str).filter((l): l is string => !!l)
    : [];
  const city = str(addr.city);
  const region = str(addr.region);
  const postalCode = str(addr.postalCode);
  const country = str(addr.country);
  const bic = Array.isArray(attrs.bic)
    ? attrs.bic.map(str).filter(Boolean)
    : [str(attrs.bic)].filter(Boolean);
  return {
    id: gleifEntityId(lei),
    name,
    otherNames: others,
    address: {
      ...(lines.length ? { lines } : {}),
      ...(city ? { city } : {}),
      ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}),
      ...(country ? { country } : {}),
    },
    identifiers: [{ scheme: 'LEI', value: lei }, ...bic.map((b) => ({ scheme: 'BIC', value: b! }))],
    source: 'gleif',
  };
}

/** GLEIF's name for the period a relationship has held (not one of our codes). */
const GLEIF_RELATIONSHIP_PERIOD = `RELATIONSHIP_PERIOD`;

const LINK_TYPES: Record<string, EntityLink['type']> = {
  IS_DIRECTLY_CONSOLIDATED_BY: 'direct_parent',
  IS_ULTIMATELY_CONSOLIDATED_BY: 'ultimate_parent',
};

function linkOf(attrs: Json, file: string, at: string): EntityLink | null {
  const rel = obj(attrs.relationship);
  if (!rel) throw fail(file, `${at}.attributes.relationship`, 'missing');
  const child = str(obj(rel.startNode)?.id);
  const parent = str(obj(rel.endNode)?.id);
  if (!child || !parent)
    throw fail(file, `${at}.attributes.relationship`, 'startNode.id and endNode.id are required');
  const type = LINK_TYPES[String(rel.type)];
  if (!type) return null; // other relationship kinds (fund management, branches) are not ownership
  if (str(rel.status) && rel.status !== 'ACTIVE') return null;
  const periods = Array.isArray(rel.periods) ? rel.periods.map(obj) : [];
  const since = str(periods.find((p) => p?.type === GLEIF_RELATIONSHIP_PERIOD)?.startDate)?.slice(0, 10);
  return {
    child: gleifEntityId(child),
    parent: gleifEntityId(parent),
    type,
    source: 'gleif',
    ...(since ? { since } : {}),
  };
}
