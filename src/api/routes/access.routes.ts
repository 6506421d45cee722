import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { currentUser } from '../../access/access.plugin.js';
import { readCasePerson } from '../../access/personal-data.service.js';
import { auditRepo, type AuditRow } from '../../access/audit.repo.js';
import { pseudonym } from '../../access/pseudonym.js';
import { AppError } from '../../errors.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const PersonCard = Type.Object({
  caseId: Type.String(),
  idPac: Type.String(),
  fam: Nullable(Type.String()),
  im: Nullable(Type.String()),
  ot: Nullable(Type.String()),
  w: Nullable(Type.Integer()),
  dr: Nullable(Type.String()),
  snils: Nullable(Type.String()),
  data: Type.Unknown({ description: 'the whole PERS element (documents, birthplace, representative…)' }),
});
const AuditLine = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  login: Type.String(),
  role: Type.String(),
  action: Type.String(),
  endpoint: Type.String(),
  persons: Type.Array(Type.String()),
  case_ids: Type.Array(Type.String()),
  reason: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});
const AuditPage = Type.Object({
  entries: Type.Array(AuditLine),
  total: Type.Optional(Type.Integer({ description: 'with page, pageSize or login' })),
  page: Type.Optional(Type.Integer()),
  pageSize: Type.Optional(Type.Integer()),
});

/** Personal data of a case's patient (audited) and the audit log itself. */
export const accessRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/cases/:id/person',
    {
      schema: {
        summary: "The patient's personal data (L-file) of a case; every read is audited. TFOMS must give a reason",
        params: Id,
        querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 200: PersonCard },
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
        response: { 200: AuditPage },
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
      const tfoms = currentUser(req)?.role === 'tfoms';
      const shown = (rows: AuditRow[]) =>
        rows.map((r) => ({
          ...r,
          at: r.at.toISOString(),
          persons: tfoms ? r.persons : r.persons.map((p) => (key ? pseudonym(key, p) : '—')),
        }));
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
