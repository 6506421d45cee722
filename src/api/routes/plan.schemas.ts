// The answers' schemas of a plan version, shared by planning.routes.ts (GET /plans/:id) and plan-monitor.routes.ts
// (GET /plans/:id/history): they also serialize, so every field the service returns is listed.
import { Type } from 'typebox';
import { Nullable } from './schema-kit.js';

const CellKey = {
  mo: Type.String(),
  uslOk: Type.Integer(),
  profile: Type.Optional(Type.Integer()),
  ksg: Type.Optional(Type.String()),
};
const Volumes = Type.Object({ volume: Type.Integer(), amountKop: Type.Integer() });
const Change = Type.Object({ ...CellKey, before: Nullable(Volumes), after: Volumes });

/** A version without its lines: what GET /plans/:id/history lists. */
const Head = {
  id: Type.String(),
  parentId: Nullable(Type.String()),
  author: Type.String(),
  reason: Type.String(),
  changes: Type.Array(Change),
  totalVolume: Type.Integer(),
  totalKop: Type.Integer(),
  createdAt: Type.String(),
};
export const HistoryEntry = Type.Object(Head);

/** A plan version with its lines (GET /plans/:id, POST /plans). */
export const PlanVersion = Type.Object({
  ...Head,
  year: Type.Integer(),
  // a stored line has no profile / KSG rather than a null one (versions.ts cellKey); PlanCell allows null
  lines: Type.Array(
    Type.Object({
      ...CellKey,
      profile: Type.Optional(Nullable(Type.Integer())),
      ksg: Type.Optional(Nullable(Type.String())),
      volume: Type.Integer(),
      amountKop: Type.Integer(),
    }),
  ),
});
