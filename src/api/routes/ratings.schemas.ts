// The rating runs' schemas: input rows, where a run's inputs came from, and a stored run (GET /api/ratings/:id).
// Response schemas also serialize: a unit's indicator keeps the fields it does not list (additionalProperties).
import { Type } from 'typebox';

export const Row = Type.Object({
  unit: Type.String({ minLength: 1 }),
  indicator: Type.String({ minLength: 1 }),
  value: Type.Optional(Type.Number()),
  numerator: Type.Optional(Type.Number()),
  denominator: Type.Optional(Type.Number()),
});

const Database = Type.Object({
  kind: Type.Literal('database'),
  year: Type.Integer(),
  unit: Type.Optional(Type.String()),
  insured: Type.Optional(Type.Number()),
});
export const Source = Type.Union([Database, Type.Null()]);

const Unit = Type.Object({
  unit: Type.String(),
  rank: Type.Integer(),
  score: Type.Number({ description: 'ИО when a previous period is given, else ДУ' }),
  level: Type.Number(),
  dynamics: Type.Optional(Type.Number()),
  integral: Type.Optional(Type.Number()),
  directions: Type.Record(Type.String(), Type.Number()),
  indicators: Type.Record(
    Type.String(),
    Type.Object(
      {
        value: Type.Union([Type.Number(), Type.Null()]),
        score: Type.Number(),
        growth: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
        growthScore: Type.Optional(Type.Number()),
      },
      { additionalProperties: true },
    ),
  ),
});

export const RatingRun = Type.Object({
  id: Type.String(),
  catalog: Type.String(),
  catalogVersion: Type.String(),
  inputs: Type.Object({ rows: Type.Array(Row), previous: Type.Optional(Type.Array(Row)), source: Type.Optional(Database) }),
  outputs: Type.Object({ catalog: Type.String(), version: Type.String(), warnings: Type.Array(Type.String()), units: Type.Array(Unit) }),
  createdAt: Type.String(),
});
