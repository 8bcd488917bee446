/** Who is calling: an API key's tenant and role. Every request and command acts as one. */

export const ROLES = ['filer', 'officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly tenant: string;
  readonly role: Role;
  readonly keyId: string;
}

/** A filer sees its own tenant; officers and admins see all (null). */
export const tenantScope = (p: Principal): string | null => (p.role === 'filer' ? p.tenant : null);
