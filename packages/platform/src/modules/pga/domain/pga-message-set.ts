/**
 * PGA message sets: what each agency program's records must carry (PG01 agency and program, PG02
 * product code, entities, constituents, Lacey species, permits and certificates, affirmations),
 * the check of what a filer sent, and whether an agency's obligation was met on paper or not.
 * The programs are data (policy/pga-message-sets.json), so an operator loads the appendix in force.
 */
import type { FindingCode } from '../../../kernel/errors.js';
import type { Finding } from '../../../kernel/finding.js';

export interface RoleSet {
  readonly required: readonly string[];
  readonly allowed: readonly string[];
}

export interface ProgramSpec {
  readonly program: string;
  readonly name: string;
  readonly product_code: {
    readonly required: boolean;
    readonly qualifiers: readonly string[];
    readonly pattern: string;
  };
  readonly entities: RoleSet;
  readonly affirmations: RoleSet;
  readonly lpco: RoleSet;
  readonly constituents: 'required' | 'allowed' | 'none';
  readonly species?: 'required' | 'allowed' | 'none' | undefined;
  readonly processing_codes: readonly string[];
}

export interface AgencySpec {
  readonly agency: string;
  readonly aliases: readonly string[];
  readonly pg01_code: string;
  /** Agency-specific disclaim codes and their condition. */
  readonly disclaims: Readonly<Record<string, string>>;
  readonly programs: readonly ProgramSpec[];
}

export interface AgencyDocument {
  readonly agency: string;
  readonly type: string;
  readonly when: string;
  /** Accepted electronically (message set, DIS, eCert…). */
  readonly electronic: boolean;
  /** The agency still wants the paper original. */
  readonly paper_original: boolean;
  readonly how: string;
}

export interface MessageSetPolicy {
  readonly version: string;
  readonly agencies: readonly AgencySpec[];
  readonly documents: readonly AgencyDocument[];
}

/** The records of one declaration as carried on a line's `pga` array (see shipment.ts). */
export interface MessageSetRecords {
  readonly product?:
    { readonly qualifier?: string | undefined; readonly code?: string | undefined } | undefined;
  readonly entities?: readonly { readonly role: string; readonly name?: string | undefined }[] | undefined;
  readonly constituents?:
    | readonly {
        readonly name: string;
        readonly percent?: number | undefined;
        readonly quantity?: number | undefined;
      }[]
    | undefined;
  readonly species?:
    | readonly {
        readonly genus?: string | undefined;
        readonly species?: string | undefined;
        readonly harvest_country?: string | undefined;
        readonly percent_recycled?: number | undefined;
      }[]
    | undefined;
  readonly affirmations?:
    readonly { readonly code: string; readonly value?: string | undefined }[] | undefined;
  readonly lpco?: readonly { readonly type: string; readonly number?: string | undefined }[] | undefined;
}

export interface DeclarationView {
  readonly agency: string;
  readonly program?: string | undefined;
  readonly disclaim?: string | undefined;
  readonly processing_codes?: readonly string[] | undefined;
  readonly message_set?: (MessageSetRecords & Readonly<Record<string, unknown>>) | undefined;
}

const agencyKey = (s: string): string => s.trim().toUpperCase().replace(/\s+/g, ' ');

/** The agency spec a declared or flagged agency name refers to ("USDA APHIS" → APHIS). */
export function agencySpec(policy: MessageSetPolicy | null, name: string): AgencySpec | undefined {
  if (!policy) return undefined;
  const k = agencyKey(name);
  return policy.agencies.find(
    (a) =>
      a.aliases.some((x) => agencyKey(x) === k) || agencyKey(a.agency) === k || agencyKey(a.pg01_code) === k,
  );
}

/** Record groups beyond PG01 that a declaration carries (a disclaim may carry none). */
export function recordGroups(ms: MessageSetRecords | undefined): string[] {
  if (!ms) return [];
  const out: string[] = [];
  if (ms.product && (ms.product.code || ms.product.qualifier)) out.push('product');
  for (const k of ['entities', 'constituents', 'species', 'affirmations', 'lpco'] as const) {
    if ((ms[k]?.length ?? 0) > 0) out.push(k);
  }
  return out;
}

function err(code: FindingCode, path: string, message: string): Finding {
  return { code, severity: 'error', path, message };
}

/**
 * The rejects a declaration's records would get against its program: PG01 present (agency program
 * code, also on a disclaim), the program and processing codes known, a disclaim without other
 * records, the product code and its qualifier, required entity roles, permits, affirmations,
 * Lacey species lines and sane constituent percentages.
 */
export function messageSetFindings(
  policy: MessageSetPolicy | null,
  d: DeclarationView,
  path: string,
  ctx: { readonly entryType?: string | undefined } = {},
): Finding[] {
  const out: Finding[] = [];
  const spec = agencySpec(policy, d.agency);
  const groups = recordGroups(d.message_set);
  if (d.disclaim && d.message_set) {
    out.push(
      err(
        'PGA_DISCLAIM_AND_DATA',
        `${path}.message_set`,
        `${d.agency}: a disclaim is sent with the PG01 record only; drop the ${groups.join(', ') || 'message set'} or the disclaim`,
      ),
    );
  }
  if (!d.program) {
    out.push(
      err(
        'PGA_PG01_MISSING',
        `${path}.program`,
        `${d.agency}: a PG01 record (agency program code) is mandatory for any PGA message set, including disclaims`,
      ),
    );
  }
  if (!spec) return out;
  if (d.disclaim && spec.disclaims[d.disclaim] && d.disclaim === 'F' && ctx.entryType !== '21') {
    out.push(
      err(
        'PGA_DISCLAIM_CONDITION',
        `${path}.disclaim`,
        `${spec.agency}: disclaim F is for ${spec.disclaims.F}; this entry's type is ${ctx.entryType ?? 'not given'}`,
      ),
    );
  }
  if (!d.program) return out;
  const prog = spec.programs.find((p) => p.program === d.program!.toUpperCase());
  if (!prog) {
    out.push(
      err(
        'PGA_PROGRAM_UNKNOWN',
        `${path}.program`,
        `${spec.agency} has no program "${d.program}"; known: ${spec.programs.map((p) => p.program).join(', ')}`,
      ),
    );
    return out;
  }
  for (const [i, pc] of (d.processing_codes ?? []).entries()) {
    if (!prog.processing_codes.includes(pc.toUpperCase())) {
      out.push(
        err(
          'PGA_PROCESSING_CODE_UNKNOWN',
          `${path}.processing_codes[${i}]`,
          `${spec.agency} ${prog.program}: processing code "${pc}" is not one of ${prog.processing_codes.join(', ') || '(none)'}`,
        ),
      );
    }
  }
  if (d.disclaim) return out;
  const ms = d.message_set ?? {};
  const at = `${path}.message_set`;
  const product = ms.product;
  if (prog.product_code.required && !product?.code) {
    out.push(
      err(
        'PGA_PRODUCT_CODE_MISSING',
        `${at}.product.code`,
        `${spec.agency} ${prog.program} needs a product code (PG02)`,
      ),
    );
  }
  if (product?.code) {
    if (
      prog.product_code.qualifiers.length > 0 &&
      !prog.product_code.qualifiers.includes(product.qualifier ?? '')
    ) {
      out.push(
        err(
          'PGA_PRODUCT_QUALIFIER_INVALID',
          `${at}.product.qualifier`,
          `${spec.agency} ${prog.program}: the product code qualifier must be ${prog.product_code.qualifiers.join(' or ')}`,
        ),
      );
    }
    if (prog.product_code.pattern && !new RegExp(prog.product_code.pattern).test(product.code)) {
      out.push(
        err(
          'PGA_PRODUCT_CODE_INVALID',
          `${at}.product.code`,
          `${spec.agency} ${prog.program}: "${product.code}" is not a well-formed product code`,
        ),
      );
    }
  }
  const roles = (ms.entities ?? []).map((e) => e.role);
  roles.forEach((r, i) => {
    if (!prog.entities.allowed.includes(r)) {
      out.push(
        err(
          'PGA_ENTITY_ROLE_UNKNOWN',
          `${at}.entities[${i}].role`,
          `${spec.agency} ${prog.program}: entity role "${r}" is not one of ${prog.entities.allowed.join(', ')}`,
        ),
      );
    }
  });
  for (const r of prog.entities.required) {
    if (!roles.includes(r)) {
      out.push(
        err(
          'PGA_ENTITY_MISSING',
          `${at}.entities`,
          `${spec.agency} ${prog.program} needs the ${r} (PG19–PG21)`,
        ),
      );
    }
  }
  checkCoded(
    out,
    spec.agency,
    prog,
    'lpco',
    (ms.lpco ?? []).map((x) => x.type),
    at,
  );
  checkCoded(
    out,
    spec.agency,
    prog,
    'affirmations',
    (ms.affirmations ?? []).map((x) => x.code),
    at,
  );
  const species = ms.species ?? [];
  if (prog.species === 'required' && species.length === 0) {
    out.push(
      err(
        'PGA_SPECIES_MISSING',
        `${at}.species`,
        `${spec.agency} ${prog.program}: the Lacey declaration needs the genus, species and country of harvest of each plant`,
      ),
    );
  }
  species.forEach((s, i) => {
    if (!s.genus || !s.harvest_country) {
      out.push(
        err(
          'PGA_SPECIES_MISSING',
          `${at}.species[${i}]`,
          `${spec.agency} ${prog.program}: each species line needs a genus and a country of harvest`,
        ),
      );
    }
  });
  const cons = ms.constituents ?? [];
  if (prog.constituents === 'required' && cons.length === 0) {
    out.push(
      err(
        'PGA_CONSTITUENT_INVALID',
        `${at}.constituents`,
        `${spec.agency} ${prog.program} needs its constituents`,
      ),
    );
  }
  const pct = cons.reduce((a, c) => a + (c.percent ?? 0), 0);
  if (cons.some((c) => c.percent !== undefined && (c.percent < 0 || c.percent > 100)) || pct > 100.0001) {
    out.push(
      err(
        'PGA_CONSTITUENT_INVALID',
        `${at}.constituents`,
        `constituent percentages must be 0–100 and sum to at most 100`,
      ),
    );
  }
  return out;
}

function checkCoded(
  out: Finding[],
  agency: string,
  prog: ProgramSpec,
  kind: 'lpco' | 'affirmations',
  given: readonly string[],
  at: string,
): void {
  const set = prog[kind];
  const [missing, unknown, what]: [FindingCode, FindingCode, string] =
    kind === 'lpco'
      ? ['PGA_LPCO_MISSING', 'PGA_LPCO_TYPE_UNKNOWN', 'permit or certificate (PG13)']
      : ['PGA_AFFIRMATION_MISSING', 'PGA_AFFIRMATION_UNKNOWN', 'affirmation of compliance (PG23)'];
  given.forEach((g, i) => {
    if (!set.allowed.includes(g)) {
      out.push(
        err(
          unknown,
          `${at}.${kind}[${i}]`,
          `${agency} ${prog.program}: ${what} "${g}" is not one of ${set.allowed.join(', ') || '(none)'}`,
        ),
      );
    }
  });
  for (const r of set.required) {
    if (!given.includes(r))
      out.push(err(missing, `${at}.${kind}`, `${agency} ${prog.program} needs the ${what} "${r}"`));
  }
}

export type ObligationMode = 'electronic' | 'paper' | 'missing';

/**
 * How an agency's obligation on a line was met: on paper when disclaimed with D (data filed on
 * paper) or when a declared permit is one the agency still wants as a paper original; electronic
 * when the message set or another disclaim was sent; missing otherwise.
 */
export function obligationMode(
  policy: MessageSetPolicy | null,
  agency: string,
  decls: readonly DeclarationView[],
): ObligationMode {
  if (decls.length === 0) return 'missing';
  if (decls.some((d) => d.disclaim === 'D')) return 'paper';
  const spec = agencySpec(policy, agency);
  const paperTypes = new Set(
    (policy?.documents ?? [])
      .filter((x) => x.paper_original && spec && x.agency === spec.agency)
      .map((x) => x.type),
  );
  const declaredPaper = decls.some((d) => (d.message_set?.lpco ?? []).some((l) => paperTypes.has(l.type)));
  return declaredPaper ? 'paper' : 'electronic';
}
