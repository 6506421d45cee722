import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { agreementReport } from '../../review/agreement.service.js';
import { agreementCsv, agreementXlsxBuffer } from '../../review/agreement-format.js';
import { agreementXlsxRussian } from '../../review/agreement-xlsx-ru.js';

const Period = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

/**
 * The agreement report as a file, for the quality-control page's «Экспорт в Excel»: the same figures as
 * GET /api/agreement (and, under the request's scope, only the caller's insurer for an insurer's user).
 */
export const qualityRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/agreement/export',
    {
      schema: {
        summary: 'The agreement report as XLSX (sheets groups, arms, models; lang=ru: Группы, Способы отбора, Модели) or CSV (the groups)',
        querystring: Type.Object({
          from: Type.Optional(Period),
          to: Type.Optional(Period),
          by: Type.Optional(Type.String({ description: 'comma-separated: arm,control,s_tip,smo,mo,model,expert,defect_group,month' })),
          format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')])),
          lang: Type.Optional(Type.Literal('ru', { description: 'XLSX with Russian headers and sheet names (the web app)' })),
        }),
      },
    },
    async (req, reply) => {
      const { from, to, by = 'arm', format = 'xlsx' } = req.query;
      const report = await agreementReport(deps, { from, to, by });
      const name = `agreement-${[from ?? 'start', to ?? 'end', by.replace(/,/g, '-')].join('_')}`;
      if (format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(agreementCsv(report));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(req.query.lang === 'ru' ? await agreementXlsxRussian(report) : await agreementXlsxBuffer(report));
    },
  );
};
