import type { Role } from './roles.js';

/** A route anyone may call, signed in or not. */
export const PUBLIC = 'public' as const;
/** A route every signed-in user may call. */
export const SIGNED_IN = 'signed-in' as const;
export type RouteAccess = readonly Role[] | typeof PUBLIC | typeof SIGNED_IN;

const STAFF: readonly Role[] = ['admin', 'tfoms'];
const REGISTERS: readonly Role[] = ['admin', 'tfoms', 'mo'];

/**
 * Who may call each route, keyed `METHOD /path` as Fastify registers it. A route missing here is refused to
 * everyone (403), and test/access/route-roles.test.ts checks every route of the OpenAPI document against this
 * table. Add one line per route.
 */
export const ROUTE_ROLES: Readonly<Record<string, RouteAccess>> = {
  // service
  'GET /health': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/json': PUBLIC,
  'GET /docs/yaml': PUBLIC,
  'GET /docs/static/index.html': PUBLIC,
  'GET /docs/static/swagger-initializer.js': PUBLIC,
  'GET /docs/static/*': PUBLIC,
  // the web application (its data stays behind the /api routes below)
  'GET /': PUBLIC,
  'GET /assets/*': PUBLIC,
  // authentication
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': SIGNED_IN,
  'GET /api/auth/me': SIGNED_IN,
  // personal data and its audit
  'GET /api/cases/:id/person': ['tfoms', 'smo_coordinator', 'expert'],
  'GET /api/audit': STAFF,
  // registers
  'POST /api/registers': REGISTERS,
  'GET /api/registers/:id': REGISTERS,
  'GET /api/registers/:id/protocol': REGISTERS,
  // ratings
  'POST /api/ratings': STAFF,
  'GET /api/ratings/:id': STAFF,
  'GET /api/ratings/:id/export': STAFF,
  // planning
  'POST /api/plans/cost': STAFF,
  'POST /api/plans/balance': STAFF,
  'POST /api/plans/distribute': STAFF,
  'POST /api/plans/split': STAFF,
  'POST /api/plans': STAFF,
  'GET /api/plans/:id': STAFF,
  'POST /api/plans/:id/corrections': STAFF,
  'GET /api/plans/:id/fact': STAFF,
  'GET /api/plans/smo-split': STAFF,
  // expert conclusions and the case card
  'POST /api/conclusions': ['admin', 'smo_coordinator', 'expert'],
  'GET /api/conclusions/:id': ['admin', 'tfoms', 'smo_coordinator', 'expert'],
  'PUT /api/conclusions/:id': ['admin', 'smo_coordinator', 'expert'],
  'GET /api/cases/:id': ['admin', 'tfoms', 'smo_coordinator', 'expert'],
  'GET /api/nsi/f014': SIGNED_IN,
  'GET /api/cases/:id/sanction': ['admin', 'tfoms', 'smo_coordinator', 'expert'],
  'GET /api/cases/:id/timeline': ['admin', 'tfoms', 'smo_coordinator', 'expert'],
  // agreement of selection and expertise
  'GET /api/agreement': ['admin', 'tfoms', 'smo_coordinator', 'data_scientist'],
  // risk models
  'GET /api/models': ['admin', 'tfoms', 'data_scientist'],
  'POST /api/models/:version/promote': ['admin', 'data_scientist'],
  // selection and worklists
  'POST /api/selections': ['admin', 'smo_coordinator'],
  'POST /api/selections/manual': ['admin', 'smo_coordinator'],
  'GET /api/worklists': ['admin', 'tfoms', 'smo_coordinator', 'expert'],
  'POST /api/worklists/items/:id/assign': ['admin', 'smo_coordinator'],
  'POST /api/worklists/items/:id/review': ['admin', 'smo_coordinator', 'expert'],
  'GET /api/selections/hit-rates': ['admin', 'tfoms', 'smo_coordinator', 'data_scientist'],
};

/** The table's key of a request: `HEAD` is answered by its `GET` route. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** Whether `role` may call a route of `access`; undefined access (a route missing from the table) refuses. */
export function allows(access: RouteAccess | undefined, role: Role | null): boolean {
  if (access === undefined) return false;
  if (access === PUBLIC) return true;
  if (role === null) return false;
  return access === SIGNED_IN || access.includes(role);
}
