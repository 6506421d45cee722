import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { AppError } from '../../errors.js';
import { login, logout } from '../../access/auth.service.js';
import { CSRF_COOKIE, currentUser, SESSION_COOKIE } from '../../access/access.plugin.js';

const User = Type.Object({
  login: Type.String(),
  role: Type.String(),
  smo: Type.Union([Type.String(), Type.Null()]),
  mo: Type.Union([Type.String(), Type.Null()]),
});

/** Sign in (a session cookie and its CSRF token), sign out, who am I. */
export const authRoutes: RoutePlugin = async (app, { deps }) => {
  const cookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.config.cookieSecure };
  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Sign in: sets the HttpOnly session cookie; send the returned csrf in X-CSRF-Token on state-changing requests',
        body: Type.Object({ login: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }) }),
        response: { 200: Type.Object({ user: User, csrf: Type.String(), expiresAt: Type.String() }) },
      },
    },
    async (req, reply) => {
      const grant = await login(deps, req.body.login, req.body.password);
      if (!grant) throw new AppError('UNAUTHORIZED', 'wrong login or password');
      const expires = grant.expiresAt;
      reply.setCookie(SESSION_COOKIE, grant.session, { ...cookie, expires });
      // readable by the page's script (double submit): the server checks the header against the session's own token
      reply.setCookie(CSRF_COOKIE, grant.csrf, { ...cookie, httpOnly: false, expires });
      const { login: l, role, smo, mo } = grant.user;
      return { user: { login: l, role, smo, mo }, csrf: grant.csrf, expiresAt: expires.toISOString() };
    },
  );
  app.post('/auth/logout', { schema: { summary: 'Sign out: ends the session' } }, async (req, reply) => {
    currentUser(req);
    const session = req.cookies[SESSION_COOKIE];
    if (session) await logout(deps, session);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.get(
    '/auth/me',
    {
      schema: {
        summary: 'The signed-in user (and the session’s CSRF token)',
        response: { 200: Type.Object({ user: User, csrf: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (req) => {
      const { login: l, role, smo, mo } = currentUser(req);
      return { user: { login: l, role, smo, mo }, csrf: req.sessionCsrf };
    },
  );
};
