import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { AppError } from '../../errors.js';
import { F014Page, SanctionPreview, Timeline } from './case-card.schemas.js';
import { caseTimeline, findF014, previewSanction } from '../../review/case-card.service.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const Control = Type.Union([Type.Literal('MEE'), Type.Literal('EKMP')]);
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** A comma-separated list of F014 codes (`1,2`, spaces allowed); BAD_INPUT naming what is not a code. */
function codeList(s: string | undefined): number[] {
  const parts = (s ?? '').split(/[\s,;]+/).filter(Boolean);
  const bad = parts.filter((p) => !/^\d{1,6}$/.test(p));
  if (bad.length) throw new AppError('BAD_INPUT', `f014: ${bad.join(', ')} is not an F014 code (expected numbers, e.g. f014=246,257)`);
  return [...new Set(parts.map(Number))];
}

/** The expert's case card: the F014 table to pick from, the sanction of picked codes, the patient's timeline. */
export const caseCardRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/nsi/f014',
    {
      schema: {
        summary: 'F014 defect codes with their 231н item, text, K_NO / K_SH and group; searchable by code, item or words',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200, description: 'code prefix, 231н item prefix (2.16) or words of the text' })),
          on: Type.Optional(DateText),
          control: Type.Optional(Control),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: F014Page },
      },
    },
    async (req) => findF014(deps, req.query),
  );
  app.get(
    '/cases/:id/sanction',
    {
      schema: {
        summary:
          'The sanction (non-payment, fine) a conclusion with these F014 codes would be stored with, computed as POST /conclusions does',
        params: Id,
        querystring: Type.Object({
          f014: Type.Optional(Type.String({ maxLength: 500, description: 'F014 codes, comma-separated; empty = no defect' })),
          control: Type.Optional(Control),
          s_tip: Type.Optional(Type.Integer({ description: 'F006 code; defaults to 50 (MEE) or 70 (EKMP)' })),
          date_act: Type.Optional(DateText),
        }),
        response: { 200: SanctionPreview },
      },
    },
    async (req) => previewSanction(deps, req.params.id, { ...req.query, f014: codeList(req.query.f014) }),
  );
  app.get(
    '/cases/:id/timeline',
    {
      schema: {
        summary: "The patient's cases the caller may see, in date order (pseudonymous: no personal data)",
        params: Id,
        response: { 200: Timeline },
      },
    },
    async (req) => caseTimeline(deps, req.params.id),
  );
};
