import type { Finding } from '../../../kernel/finding.js';
import { checkIdentifier } from './identifiers.js';
import { midMatches } from './mid.js';
import { normalizeName } from '../../screening/index.js';
import type { Shipment } from '../../../kernel/shipment.js';

/**
 * The party-identification stage (first part): every declared identifier is checked for its
 * scheme's format and check digits, and a declared MID is compared with the MID built from the
 * party's name and address. Resolution against the party registry comes with the registry.
 */
export function identifyParties(s: Shipment): Finding[] {
  const out: Finding[] = [];
  s.parties.forEach((p, i) => {
    (p.identifiers ?? []).forEach((id, j) => {
      const at = `parties[${i}].identifiers[${j}]`;
      const r = checkIdentifier(id.scheme, id.value);
      if (r === null) {
        out.push({
          code: 'IDENTIFIER_SCHEME_UNKNOWN',
          severity: 'warning',
          path: `${at}.scheme`,
          message: `unknown identifier scheme "${id.scheme}"; known: LEI, GLN, DUNS, EORI, EIN, CBP, MID`,
        });
        return;
      }
      if (!r.valid) {
        out.push({
          code: 'IDENTIFIER_INVALID',
          severity: 'error',
          path: `${at}.value`,
          message: `${id.scheme.toUpperCase()} "${id.value}": ${r.reason}`,
        });
        return;
      }
      if (id.scheme.trim().toUpperCase() !== 'MID' || !p.address) return;
      const a = p.address;
      const box = (a as { po_box?: unknown }).po_box;
      const built = midMatches(r.normalized, {
        name: p.name,
        street: a.street,
        ...(typeof box === 'string' ? { poBox: box } : {}),
        city: a.city,
        postalCode: a.postal_code,
        country: a.country,
        province: a.state,
      });
      if (built && !built.ok) {
        out.push({
          code: 'MID_MISMATCH',
          severity: 'warning',
          path: `${at}.value`,
          message: `declared MID ${r.normalized} does not match ${built.built}, built from the party's name and address (19 CFR 102 Appendix)`,
          details: { declared: r.normalized, constructed: built.built },
        });
      }
    });
    // A party that neither a valid identifier nor a name can tie to an entity.
    const identified = (p.identifiers ?? []).some((id) => checkIdentifier(id.scheme, id.value)?.valid);
    if (!identified && p.name.trim() !== '' && normalizeName(p.name).tokens.length === 0) {
      out.push({
        code: 'PARTY_UNRESOLVABLE',
        severity: 'warning',
        path: `parties[${i}].name`,
        message: `${p.role} "${p.name}" cannot be identified: the name has no identifying word (only legal forms, titles or symbols) and no valid identifier is given`,
      });
    }
  });
  return out;
}
