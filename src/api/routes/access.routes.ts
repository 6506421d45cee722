import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { currentUser } from '../../access/access.plugin.js';
import { readCasePerson } from '../../access/personal-data.service.js';
import { auditRepo } from '../../access/audit.repo.js';
import { pseudonym } from '../../access/pseudonym.js';
import { AppError } from '../../errors.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });

/** Personal data of a case's patient (audited) and the audit log itself. */
export const accessRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/cases/:id/person',
    {
      schema: {
        summary: "The patient's personal data (L-file) of a case; every read is audited. TFOMS must give a reason",
        params: Id,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
      },
    },
    async (req) =>
      readCasePerson(deps, currentUser(req), req.params.id, {
        endpoint: `${req.method} ${req.routeOptions.url}`,
        reason: req.query.reason,
        ip: req.ip,
      }),
  );
  app.get(
    '/audit',
    {
      schema: {
        summary:
          'The audit log of personal-data reads in [from, to), oldest first; with page (and pageSize, login) one page of it, ' +
          'newest first, and its total',
        querystring: Type.Object({
          from: Type.String({ format: 'date' }),
          to: Type.String({ format: 'date' }),
          login: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
      },
    },
    async (req) => {
      const from = new Date(req.query.from + 'T00:00:00Z');
      const to = new Date(req.query.to + 'T00:00:00Z');
      if (!(from < to)) throw new AppError('BAD_INPUT', '`from` must be before `to`');
      const { login, page, pageSize } = req.query;
      // whose data was read is personal data itself (the stored key is the policy number): TFOMS quality control sees
      // it; an administrator, who may not read personal data, sees the readers and the pseudonyms of the persons
      const key = deps.config.pseudonymKey;
      const shown = <T extends { persons: string[] }>(rows: T[]): T[] =>
        currentUser(req)?.role === 'tfoms'
          ? rows
          : rows.map((r) => ({ ...r, persons: r.persons.map((p) => (key ? pseudonym(key, p) : '—')) }));
      if (page !== undefined || pageSize !== undefined || login !== undefined) {
        const size = pageSize ?? 50;
        const at = page ?? 1;
        const r = await auditRepo(deps.db.sql).page(from, to, { login, limit: size, offset: (at - 1) * size });
        return { entries: shown(r.rows), total: r.total, page: at, pageSize: size };
      }
      return { entries: shown(await auditRepo(deps.db.sql).list(from, to)) };
    },
  );
};
