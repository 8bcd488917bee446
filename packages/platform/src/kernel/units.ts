/**
 * Units of quantity. The HTSUS writes units as text ("doz.", "kg", "No.", "m²"); ACE uses codes
 * (DOZ, KG, NO, M2). A filer may write either. Every unit resolves to one canonical key: the ACE
 * code where the mapping is well established, else the HTS text itself (upper-cased, spaces collapsed),
 * so an unusual unit (e.g. "Cu kg") is still matched exactly against what the tariff line requires.
 */

interface UnitDef {
  readonly code: string;
  readonly names: readonly string[];
}

// HTS text forms (and common spellings) → ACE/Census unit code.
const UNITS: readonly UnitDef[] = [
  { code: 'NO', names: ['no.', 'no', 'number'] },
  { code: 'KG', names: ['kg', 'kgs', 'kilogram', 'kilograms'] },
  { code: 'G', names: ['g', 'gram', 'grams'] },
  { code: 'T', names: ['t', 'metric ton', 'metric tons'] },
  { code: 'DOZ', names: ['doz.', 'doz', 'dozen'] },
  { code: 'DPR', names: ['doz. prs.', 'doz prs', 'dozen pairs'] },
  { code: 'DPC', names: ['dz pcs', 'doz. pcs.', 'dozen pieces'] },
  { code: 'PRS', names: ['prs.', 'prs', 'pairs', 'pair'] },
  { code: 'PCS', names: ['pcs', 'pcs.', 'pieces'] },
  { code: 'GRS', names: ['gross'] },
  { code: 'HUN', names: ['hundreds'] },
  { code: 'THS', names: ['thousands'] },
  { code: 'M', names: ['m', 'meter', 'meters', 'metre', 'metres'] },
  { code: 'M2', names: ['m²', 'm2', 'square meters'] },
  { code: 'CM2', names: ['cm2', 'cm²'] },
  { code: 'M3', names: ['m3', 'm³', 'cubic meters'] },
  { code: 'L', names: ['liters', 'liter', 'litres', 'litre', 'l'] },
  { code: 'PFL', names: ['pf.liters', 'proof liters'] },
  { code: 'BBL', names: ['bbl', 'barrels'] },
  { code: 'CAR', names: ['carat', 'carats'] },
  { code: 'CYK', names: ['cy kg'] },
  { code: 'MWH', names: ['mwh'] },
  { code: 'GBQ', names: ['gbq'] },
];

const BY_NAME = new Map<string, string>();
for (const u of UNITS) {
  BY_NAME.set(u.code.toLowerCase(), u.code);
  for (const n of u.names) BY_NAME.set(n, u.code);
}

const clean = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

const KEYS = new Map<string, string | null>();

/** Canonical key of a unit as written by a filer or by the tariff; null for an empty unit. */
export function unitKey(text: string): string | null {
  let key = KEYS.get(text);
  if (key !== undefined) return key;
  const c = clean(text);
  key = c === '' ? null : (BY_NAME.get(c) ?? c.toUpperCase());
  if (KEYS.size < 10_000) KEYS.set(text, key); // units are few; the bound keeps junk input from growing it
  return key;
}

/**
 * The units a tariff line requires, from the tariff's unit list. Blank entries mean none;
 * the few combined entries such as "No. and kg" split into their parts.
 */
export function requiredUnits(htsUnits: readonly string[]): string[] {
  const keys: string[] = [];
  for (const raw of htsUnits) {
    for (const part of raw.split(/\s+and\s+/i)) {
      const key = unitKey(part);
      if (key && !keys.includes(key)) keys.push(key);
    }
  }
  return keys;
}
