import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';
import type { RoutePlugin } from './index.js';
import { selectionHitRates } from '../../selection/hit-rates.service.js';

const Period = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const Line = Type.Object({
  period: Type.String(),
  control: Type.String(),
  arm: Type.String(),
  selected: Type.Integer(),
  concluded: Type.Integer(),
  confirmed: Type.Integer(),
  realised: Nullable(Type.Number()),
  realised_ci: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  expected: Nullable(Type.Number()),
  expected_selected: Nullable(Type.Number()),
  gap: Nullable(Type.Number()),
  recovered: Type.Number(),
});

/** Expected against realised hit rate of each selection arm, per period and control (src/selection/hit-rates.ts). */
export const hitRatesRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/selections/hit-rates',
    {
      schema: {
        summary: 'Expected (mean p_defect at selection) against realised (confirmed / concluded) hit rate per period, control and arm',
        querystring: Type.Object({ from: Type.Optional(Period), to: Type.Optional(Period), smo: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ lines: Type.Array(Line) }) },
      },
    },
    async (req) => ({ lines: await selectionHitRates(deps, req.query) }),
  );
};
