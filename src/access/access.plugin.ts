import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions as FastifyRouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { activeScope, endScope, runInScope, type DbScope, type ScopeState } from '../db/scope.js';
import { sessionPrincipal, tokenPrincipal } from './auth.service.js';
import { rowScope, type Principal } from './roles.js';
import { allows, PUBLIC, ROUTE_ROLES, routeKey, type RouteAccess } from './route-roles.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (null when anonymous). */
    user: Principal | null;
    /** The CSRF token bound to the request's session. */
    sessionCsrf: string | null;
    /** The request's database scope, while its transaction is open. */
    dbScope: ScopeState | null;
  }
  interface FastifyInstance {
    /** Every route registered, as `METHOD /path` (test/access/route-roles.test.ts). */
    routeKeys: string[];
  }
}

export const SESSION_COOKIE = 'omsx_session';
export const CSRF_COOKIE = 'omsx_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The database role every request's queries run as (migration 0500_access). */
export const API_DB_ROLE = 'omsx_api';
/** The analysts' database role: no personal data, no identifying column (migration 0500_access). */
export const PSEUDO_DB_ROLE = 'omsx_api_pseudo';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The database scope of a user: the row-level security settings the policies read. */
export function dbScopeOf(user: Principal | null, personalData = false): DbScope {
  return {
    role: user?.role === 'data_scientist' ? PSEUDO_DB_ROLE : API_DB_ROLE,
    settings: {
      'omsx.scope': rowScope(user),
      'omsx.smo': user?.smo ?? '',
      'omsx.mo': user?.mo ?? '',
      'omsx.pd': personalData ? 'on' : 'off',
      'omsx.user': user?.login ?? '',
      // an expert's requests reach their assigned cases only (restrictive policies, migration 0520_expert_access)
      'omsx.expert': user?.role === 'expert' ? (user.expert ?? '') : '',
    },
  };
}

const rolesText = (a: RouteAccess) => (a === PUBLIC ? 'public' : a === 'signed-in' ? 'any signed-in user' : a.join(', '));
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Authentication and authorisation on the root instance, before any route is added:
 * - every route's handler runs in the request's database scope (row-level security, db/scope.ts);
 * - onRequest: the user from a Bearer token or the session cookie; the route's roles from ROUTE_ROLES (a route
 *   missing there is refused); a state-changing request on a session needs its CSRF token in `X-CSRF-Token`;
 * - the OpenAPI document gets the security schemes and each route its roles.
 */
export async function installAccess(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('dbScope', null);
  app.decorate('routeKeys', [] as string[]);

  app.addHook('onRoute', (route: FastifyRouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) if (m !== 'HEAD') app.routeKeys.push(routeKey(m, route.url));
    const access = ROUTE_ROLES[routeKey(methods[0], route.url)];
    if (route.schema && access) {
      const schema = route.schema as Record<string, unknown>;
      if (access === PUBLIC) schema.security = [];
      // once: a GET's HEAD route shares its schema object and comes through here too
      const note = `Roles: ${rolesText(access)}.`;
      if (!String(schema.description ?? '').endsWith(note)) schema.description = [schema.description, note].filter(Boolean).join(' ');
    }
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      return runInScope(dbScopeOf(req.user), () => {
        req.dbScope = activeScope();
        return Promise.resolve(handler.call(this, req, reply));
      });
    } as typeof route.handler;
  });

  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      req.user = (await tokenPrincipal(deps, bearer)) ?? null;
      if (!req.user) throw new AppError('UNAUTHORIZED', 'invalid or expired token');
    } else {
      const session = req.cookies[SESSION_COOKIE];
      const found = session ? await sessionPrincipal(deps, session) : undefined;
      if (found) {
        const { csrf, ...user } = found;
        req.user = user;
        req.sessionCsrf = csrf;
      }
    }
    const access = ROUTE_ROLES[routeKey(req.method, url)];
    if (!allows(access, req.user?.role ?? null)) {
      if (access !== undefined && !req.user) throw new AppError('UNAUTHORIZED', 'sign in first (POST /api/auth/login, or an API token)');
      throw new AppError('FORBIDDEN', 'not allowed for your role');
    }
    if (req.user?.via === 'session' && !SAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.sessionCsrf || !same(sent, req.sessionCsrf))
        throw new AppError('FORBIDDEN', `missing or wrong ${CSRF_HEADER} header`);
    }
  });

  // the scope's work is committed before the answer leaves (a client reading right after sees it)
  app.addHook('onSend', async (req, reply) => {
    if (req.dbScope) await endScope(req.dbScope, reply.statusCode < 400);
  });
}

/** The OpenAPI security schemes: a Bearer API token or the session cookie. */
export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token (`omsx tokens create`)' },
  cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'web session (POST /api/auth/login)' },
} as const;

/** The signed-in user of a request to a route that requires one. */
export function currentUser(req: FastifyRequest): Principal {
  if (!req.user) throw new AppError('UNAUTHORIZED', 'sign in first');
  return req.user;
}
