/** Who is calling: an API key's tenant and role (and, for an agency's officer, the agency). */

/**
 * The roles people hold:
 * - `filer`: an importer, broker, marketplace or carrier; files and sees its own tenant's data;
 * - `officer`: a customs officer or targeter; works the queue, acts on filings, runs the program;
 * - `pga_officer`: a partner agency's officer (FDA, USDA…); sees and acts on its agency's lines;
 * - `analyst`: reads the program's figures (reports), nothing else;
 * - `admin`: operates Tradelane: keys, and everything an officer may do.
 */
export const ROLES = ['filer', 'officer', 'pga_officer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly tenant: string;
  readonly role: Role;
  readonly keyId: string;
  /** The agency of a `pga_officer` (as the PGA catalogue names it: FDA, APHIS…); null otherwise. */
  readonly agency: string | null;
  /** Set when the caller signed in to the console (a session cookie rather than a bearer key). */
  readonly sessionId?: string;
}

/** A filer sees its own tenant; every other role sees all tenants (within what its routes show). */
export const tenantScope = (p: Principal): string | null => (p.role === 'filer' ? p.tenant : null);
