/**
 * Roles and what each may see. Pure: no I/O.
 *
 * - `admin`: users and tokens, every route's technical side; no personal data.
 * - `tfoms`: quality control over every insurer; personal data only by an explicit request with a reason (audited).
 * - `smo_coordinator`: its own insurer's cases, worklists, assignment, conclusions, exports; personal data audited.
 * - `expert`: the cases assigned to them (their insurer's); personal data audited.
 * - `data_scientist`: features, scores, models, agreement — every insurer, pseudonymised, never names or documents.
 * - `mo`: its own registers and FLK protocols.
 */
export const ROLES = ['admin', 'tfoms', 'smo_coordinator', 'expert', 'data_scientist', 'mo'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** The signed-in user as a request sees it. */
export interface Principal {
  id: string;
  login: string;
  role: Role;
  /** Insurer code (SMO) of an insurer's user. */
  smo: string | null;
  /** MO code of an MO's user. */
  mo: string | null;
  /** An expert's code in the `expert` table: they see the cases of the worklist items assigned to that code only. */
  expert?: string | null;
  /** How the request was authenticated. */
  via: 'session' | 'token';
}

/** The row-level scope of a role: every insurer (`all`), one insurer (`smo`), one MO (`mo`). */
export type RowScope = 'all' | 'smo' | 'mo' | 'none';

export function rowScope(p: Principal | null): RowScope {
  if (!p) return 'none';
  switch (p.role) {
    case 'admin':
    case 'tfoms':
    case 'data_scientist':
      return 'all';
    case 'smo_coordinator':
      return p.smo ? 'smo' : 'none';
    case 'expert':
      // an expert without an expert code has nothing assigned: nothing at all (fail closed)
      return p.smo && p.expert ? 'smo' : 'none';
    case 'mo':
      return p.mo ? 'mo' : 'none';
  }
}

/**
 * Who may read the L-file's personal data (FIO, DR, documents, SNILS, ENP, address, phone), and whether a reason is
 * required. The read is audited in every case.
 */
export function personalDataAccess(role: Role): 'no' | 'yes' | 'with-reason' {
  if (role === 'smo_coordinator' || role === 'expert') return 'yes';
  if (role === 'tfoms') return 'with-reason';
  return 'no';
}

/** The organisation a role's user must belong to (`users add --smo/--mo`). */
export function requiredOrganisation(role: Role): 'smo' | 'mo' | null {
  if (role === 'smo_coordinator' || role === 'expert') return 'smo';
  if (role === 'mo') return 'mo';
  return null;
}
