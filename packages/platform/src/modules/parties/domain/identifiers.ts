/**
 * Business identifiers: format, check digits and why a value is invalid. Pure functions.
 *
 * - LEI (ISO 17442): 18 alphanumerics + 2 check digits, ISO 7064 MOD 97-10 over the whole code.
 * - GLN (GS1): 13 digits, the last a GS1 mod-10 check digit.
 * - DUNS: 9 digits (dashes allowed); Dun & Bradstreet publishes no check digit.
 * - EORI: an EU member state's code (or GB, XI) + up to 15 alphanumerics; GB and XI are 12 digits
 *   (an EORI made from a VAT number) or 15 digits.
 * - EIN (IRS employer number, the usual US importer number): NN-NNNNNNN, optionally with CBP's
 *   two-digit suffix; the prefix must be one the IRS assigns.
 * - CBP-assigned importer number: YYDDPP-NNNNN.
 */

export const IDENTIFIER_SCHEMES = ['LEI', 'GLN', 'DUNS', 'EORI', 'EIN', 'CBP', 'MID'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export type Checked =
  { readonly valid: true; readonly normalized: string } | { readonly valid: false; readonly reason: string };

const ok = (normalized: string): Checked => ({ valid: true, normalized });
const bad = (reason: string): Checked => ({ valid: false, reason });

/** Remainder mod 97 of a string of digits and letters (A=10 … Z=35), in chunks to stay exact. */
function mod97(s: string): number {
  let digits = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    digits += c >= 65 ? String(c - 55) : ch;
  }
  let rem = 0;
  for (let i = 0; i < digits.length; i += 7) rem = Number(String(rem) + digits.slice(i, i + 7)) % 97;
  return rem;
}

/** The two ISO 7064 MOD 97-10 check digits for an 18-character LEI prefix. */
export function leiCheckDigits(prefix18: string): string {
  return String(98 - mod97(prefix18.toUpperCase() + '00')).padStart(2, '0');
}

export function checkLei(value: string): Checked {
  const v = value.trim().toUpperCase();
  if (v.length !== 20) return bad(`an LEI has 20 characters, this has ${v.length}`);
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(v))
    return bad('an LEI is 18 letters or digits followed by 2 check digits');
  if (mod97(v) !== 1) return bad(`check digits do not match (expected ${leiCheckDigits(v.slice(0, 18))})`);
  return ok(v);
}

/** The GS1 mod-10 check digit for the digits before it (weights 3,1,3,… from the right). */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

export function checkGln(value: string): Checked {
  const v = value.replace(/\s/g, '');
  if (!/^\d{13}$/.test(v)) return bad(`a GLN is 13 digits, got "${value}"`);
  const expected = gs1CheckDigit(v.slice(0, 12));
  if (v[12] !== expected) return bad(`check digit is ${v[12]}, expected ${expected}`);
  return ok(v);
}

export function checkDuns(value: string): Checked {
  const v = value.replace(/[-\s]/g, '');
  if (!/^\d{9}$/.test(v)) return bad(`a DUNS number is 9 digits, got "${value}"`);
  if (/^0+$/.test(v)) return bad('a DUNS number cannot be all zeros');
  return ok(v);
}

const EU_EORI = new Set(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK GB XI'.split(' '),
);

export function checkEori(value: string): Checked {
  const v = value.replace(/\s/g, '').toUpperCase();
  const m = /^([A-Z]{2})([A-Z0-9]{1,15})$/.exec(v);
  if (!m) return bad('an EORI is a 2-letter country code followed by up to 15 letters or digits');
  const [, cc, rest] = m;
  if (!EU_EORI.has(cc!)) return bad(`${cc} does not issue EORI numbers (EU member states, GB, XI)`);
  if ((cc === 'GB' || cc === 'XI') && !/^(\d{12}|\d{15})$/.test(rest!)) {
    return bad(`a ${cc} EORI is ${cc} followed by 12 or 15 digits`);
  }
  return ok(v);
}

// Prefixes the IRS does not assign to EINs.
const EIN_UNUSED = new Set([
  '00',
  '07',
  '08',
  '09',
  '17',
  '18',
  '19',
  '28',
  '29',
  '49',
  '69',
  '70',
  '78',
  '79',
  '89',
  '96',
  '97',
]);

export function checkEin(value: string): Checked {
  const v = value.trim();
  const m = /^(\d{2})-?(\d{7})(\d{2})?$/.exec(v);
  if (!m) return bad('an EIN is NN-NNNNNNN, optionally followed by a 2-digit CBP suffix');
  if (EIN_UNUSED.has(m[1]!)) return bad(`EIN prefix ${m[1]} is not assigned by the IRS`);
  return ok(`${m[1]}-${m[2]}${m[3] ?? ''}`);
}

export function checkCbpNumber(value: string): Checked {
  const v = value.trim();
  if (!/^\d{6}-\d{5}$/.test(v)) return bad('a CBP-assigned number is YYDDPP-NNNNN');
  return ok(v);
}

export function checkMidFormat(value: string): Checked {
  const v = value.trim().toUpperCase();
  if (v.length > 15) return bad(`a MID has at most 15 characters, this has ${v.length}`);
  if (!/^[A-Z]{2}[A-Z0-9]{1,13}$/.test(v))
    return bad('a MID is a 2-letter country (or province) code followed by letters and digits, no spaces');
  return ok(v);
}

const CHECKERS: Record<IdentifierScheme, (value: string) => Checked> = {
  LEI: checkLei,
  GLN: checkGln,
  DUNS: checkDuns,
  EORI: checkEori,
  EIN: checkEin,
  CBP: checkCbpNumber,
  MID: checkMidFormat,
};

/** Validates a value of a scheme (any case); null for a scheme Tradelane does not know. */
export function checkIdentifier(scheme: string, value: string): Checked | null {
  const check = CHECKERS[scheme.trim().toUpperCase() as IdentifierScheme] as
    ((v: string) => Checked) | undefined;
  return check ? check(value) : null;
}
